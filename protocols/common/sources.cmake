# Sources of protocols/common: the shared vocabulary (library ngn_common, below every other
# library of the tree, DESIGN.md §3): result, bytes, hex, byte_io, mechanism lists, protocols,
# clock, escaping echoed input, private (0600) files, UTC times as text, session ids.
set(NGN_COMMON_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/result.cpp
  ${CMAKE_CURRENT_LIST_DIR}/hex.cpp
  ${CMAKE_CURRENT_LIST_DIR}/mechanism.cpp
  ${CMAKE_CURRENT_LIST_DIR}/protocol.cpp
  ${CMAKE_CURRENT_LIST_DIR}/escape.cpp
  ${CMAKE_CURRENT_LIST_DIR}/private_file.cpp
  ${CMAKE_CURRENT_LIST_DIR}/utc_text.cpp
  ${CMAKE_CURRENT_LIST_DIR}/session_id.cpp)
