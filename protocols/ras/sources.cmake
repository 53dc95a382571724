# Sources of protocols/ras: H.225.0 RAS in ALIGNED PER (appended to NGN_PROTOCOLS_SOURCES).
foreach(name per_reader per_writer model decode_types decode_h235 decode decode_reasons
        encode_types encode_h235 encode encode_reasons)
  list(APPEND NGN_PROTOCOLS_SOURCES ${CMAKE_CURRENT_LIST_DIR}/${name}.cpp)
endforeach()
