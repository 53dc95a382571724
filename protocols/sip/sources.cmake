# Sources of protocols/sip (appended to NGN_PROTOCOLS_SOURCES).
foreach(name lexer reader headers parse encode validate message sec_agree digest transaction)
  list(APPEND NGN_PROTOCOLS_SOURCES ${CMAKE_CURRENT_LIST_DIR}/${name}.cpp)
endforeach()
