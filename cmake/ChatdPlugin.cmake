# chatd_add_plugin(<name> SOURCES ... [LIBRARIES ...] [OUTPUT_DIR dir] [INSTALL])
# Builds <name>.so exporting only chatd_plugin_entry: hidden visibility for the
# compiler, and a version script for what libstdc++'s default-visibility
# templates would otherwise add. INSTALL makes `cmake --install` put it in
# lib/chatd/plugins, where an installed chatd looks by default.
set(CHATD_PLUGIN_EXPORTS_MAP ${CMAKE_CURRENT_LIST_DIR}/plugin_exports.map)
# Where INSTALL puts plugins, relative to the install prefix.
set(CHATD_PLUGIN_INSTALL_DIR lib/chatd/plugins)

function(chatd_add_plugin name)
  cmake_parse_arguments(ARG "INSTALL" "OUTPUT_DIR" "SOURCES;LIBRARIES" ${ARGN})
  if(NOT ARG_OUTPUT_DIR)
    set(ARG_OUTPUT_DIR ${CHATD_PLUGIN_OUTPUT_DIR})
  endif()
  add_library(${name} MODULE ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE chatd::plugin_api ${ARG_LIBRARIES})
  set_target_properties(${name} PROPERTIES
    PREFIX ""
    C_VISIBILITY_PRESET hidden
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON
    LIBRARY_OUTPUT_DIRECTORY ${ARG_OUTPUT_DIR})
  target_link_options(${name} PRIVATE -Wl,--version-script=${CHATD_PLUGIN_EXPORTS_MAP})
  # Catch missing symbols at link time, except where clang's sanitizer runtime
  # lives in the executable and a plugin's __asan_* references resolve at load.
  if(NOT (CMAKE_CXX_COMPILER_ID MATCHES "Clang" AND (CHATD_FUZZ OR CHATD_SANITIZE)))
    target_link_options(${name} PRIVATE -Wl,--no-undefined)
  endif()
  chatd_warnings(${name})
  if(ARG_INSTALL)
    install(TARGETS ${name} LIBRARY DESTINATION ${CHATD_PLUGIN_INSTALL_DIR})
  endif()
endfunction()
