# Sources of protocols/dialogue (appended to NGN_PROTOCOLS_SOURCES).
list(APPEND NGN_PROTOCOLS_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/content.cpp
  ${CMAKE_CURRENT_LIST_DIR}/registry.cpp
  ${CMAKE_CURRENT_LIST_DIR}/sip_util.cpp
  ${CMAKE_CURRENT_LIST_DIR}/sip_binding.cpp
  ${CMAKE_CURRENT_LIST_DIR}/sip_binding_terminal.cpp
  ${CMAKE_CURRENT_LIST_DIR}/mgcp_binding.cpp
  ${CMAKE_CURRENT_LIST_DIR}/mgcp_binding_switch.cpp
  ${CMAKE_CURRENT_LIST_DIR}/mgcp_binding_terminal.cpp
  ${CMAKE_CURRENT_LIST_DIR}/mgcp_util.cpp
  ${CMAKE_CURRENT_LIST_DIR}/h248_util.cpp
  ${CMAKE_CURRENT_LIST_DIR}/h248_binding.cpp
  ${CMAKE_CURRENT_LIST_DIR}/h248_binding_terminal.cpp
  ${CMAKE_CURRENT_LIST_DIR}/ras_binding.cpp
  ${CMAKE_CURRENT_LIST_DIR}/ras_binding_terminal.cpp
  ${CMAKE_CURRENT_LIST_DIR}/ras_util.cpp
  ${CMAKE_CURRENT_LIST_DIR}/sip_binding_life.cpp
  ${CMAKE_CURRENT_LIST_DIR}/mgcp_binding_life.cpp
  ${CMAKE_CURRENT_LIST_DIR}/h248_binding_life.cpp
  ${CMAKE_CURRENT_LIST_DIR}/ras_binding_life.cpp
  ${CMAKE_CURRENT_LIST_DIR}/wire_ids.cpp)
