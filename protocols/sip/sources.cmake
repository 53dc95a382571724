# Sources of protocols/sip (appended to NGN_PROTOCOLS_SOURCES).
