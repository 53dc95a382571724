# Sources of protocols/dialogue (appended to NGN_PROTOCOLS_SOURCES).
