# Sources of protocols/ras (appended to NGN_PROTOCOLS_SOURCES).
