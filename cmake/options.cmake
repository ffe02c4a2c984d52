# Build options and the strict warning set every target uses.
#   VM_WERROR    warnings are errors (on by default under CI=true)
#   VM_SANITIZE  AddressSanitizer + UndefinedBehaviorSanitizer
#   VM_DISPATCH  "goto" (computed goto, the default on GCC/Clang) or "switch"
if(DEFINED ENV{CI} AND "$ENV{CI}" STREQUAL "true")
  set(_werror_default ON)
else()
  set(_werror_default OFF)
endif()
option(VM_WERROR "Treat warnings as errors" ${_werror_default})
option(VM_SANITIZE "Build with ASan and UBSan" OFF)
set(VM_DISPATCH "goto" CACHE STRING "Interpreter dispatch: goto or switch")
set_property(CACHE VM_DISPATCH PROPERTY STRINGS goto switch)

set(VM_WARNINGS -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes
    -Wmissing-prototypes -Wwrite-strings -Wvla -Wformat=2 -Wundef)
if(VM_WERROR)
  list(APPEND VM_WARNINGS -Werror)
endif()

if(VM_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-sanitize-recover=all
                      -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
endif()

# vm_target_defaults(target): the warnings and include layout of the project.
function(vm_target_defaults target)
  target_compile_options(${target} PRIVATE ${VM_WARNINGS})
endfunction()
