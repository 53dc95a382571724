# Sources of protocols/h248 (appended to NGN_PROTOCOLS_SOURCES).
foreach(name syntax tokens message parse parse_descriptors encode encode_descriptors builders xsec)
  list(APPEND NGN_PROTOCOLS_SOURCES ${CMAKE_CURRENT_LIST_DIR}/${name}.cpp)
endforeach()
