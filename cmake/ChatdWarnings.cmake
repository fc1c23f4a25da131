# Warnings as errors for project code only; third-party headers come in as
# system includes so their warnings do not fail our build.
function(chatd_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Werror -Wshadow)
endfunction()
