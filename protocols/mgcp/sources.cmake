# Sources of protocols/mgcp (appended to NGN_PROTOCOLS_SOURCES).
