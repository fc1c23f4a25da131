# Warnings for project code only; third-party headers come in as system
# includes so their warnings never reach us. They become errors only when
# CHATD_WERROR is on (chatd's presets and CI turn it on; a plugin author may
# too): another compiler version or optimisation level finds warnings CI never
# saw (GCC 12 at -O2/-O3 reports false positives), and that must not fail a
# user's or packager's plain build.
function(chatd_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wshadow)
  if(CHATD_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
