# Sources of protocols/h248 (appended to NGN_PROTOCOLS_SOURCES).
