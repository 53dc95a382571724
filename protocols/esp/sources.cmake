# Sources of protocols/esp (appended to NGN_PROTOCOLS_SOURCES): the ESP packet layout, the
# plaintext block and the Wireshark key log line; the replay window is header-only.
foreach(name packet keylog)
  list(APPEND NGN_PROTOCOLS_SOURCES ${CMAKE_CURRENT_LIST_DIR}/${name}.cpp)
endforeach()
