# Sources of protocols/mgcp (appended to NGN_PROTOCOLS_SOURCES).
foreach(name message parse encode event registration)
  list(APPEND NGN_PROTOCOLS_SOURCES ${CMAKE_CURRENT_LIST_DIR}/${name}.cpp)
endforeach()
