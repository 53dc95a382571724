# Sources of protocols/mgcp (appended to NGN_PROTOCOLS_SOURCES).
list(APPEND NGN_PROTOCOLS_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/message.cpp
  ${CMAKE_CURRENT_LIST_DIR}/parse.cpp
  ${CMAKE_CURRENT_LIST_DIR}/encode.cpp
  ${CMAKE_CURRENT_LIST_DIR}/event.cpp
  ${CMAKE_CURRENT_LIST_DIR}/registration.cpp)
