# Applied per target so consumers of the installed library never inherit our warning flags.
function(loyalty_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic)
  if(LOYALTY_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
