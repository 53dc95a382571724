# Sources of protocols/common (appended to NGN_PROTOCOLS_SOURCES).
list(APPEND NGN_PROTOCOLS_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/result.cpp
  ${CMAKE_CURRENT_LIST_DIR}/hex.cpp)
