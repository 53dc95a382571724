# Sources of protocols/ras: H.225.0 RAS in ALIGNED PER (appended to NGN_PROTOCOLS_SOURCES).
list(APPEND NGN_PROTOCOLS_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/per_reader.cpp
  ${CMAKE_CURRENT_LIST_DIR}/per_writer.cpp
  ${CMAKE_CURRENT_LIST_DIR}/model.cpp
  ${CMAKE_CURRENT_LIST_DIR}/decode_types.cpp
  ${CMAKE_CURRENT_LIST_DIR}/decode_h235.cpp
  ${CMAKE_CURRENT_LIST_DIR}/decode.cpp
  ${CMAKE_CURRENT_LIST_DIR}/decode_reasons.cpp
  ${CMAKE_CURRENT_LIST_DIR}/encode_types.cpp
  ${CMAKE_CURRENT_LIST_DIR}/encode_h235.cpp
  ${CMAKE_CURRENT_LIST_DIR}/encode.cpp
  ${CMAKE_CURRENT_LIST_DIR}/encode_reasons.cpp)
