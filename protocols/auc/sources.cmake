# Sources of protocols/auc: the SS ↔ AuC leg's binary codec (appended to NGN_PROTOCOLS_SOURCES).
list(APPEND NGN_PROTOCOLS_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/codec.cpp)
