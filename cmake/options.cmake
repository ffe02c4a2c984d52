# Build options and the strict warning set every target uses.
#   VM_WERROR    warnings are errors (on by default under CI=true)
#   VM_SANITIZE  AddressSanitizer + UndefinedBehaviorSanitizer
#   VM_DISPATCH  "goto" (computed goto, the default on GCC/Clang) or "switch"
#   VM_ROOT_LINK ./vm at the top of the source tree, a link to this build's vm
#                (on by default for build/, the directory setup.sh builds)
if(DEFINED ENV{CI} AND "$ENV{CI}" STREQUAL "true")
  set(_werror_default ON)
else()
  set(_werror_default OFF)
endif()
option(VM_WERROR "Treat warnings as errors" ${_werror_default})
option(VM_SANITIZE "Build with ASan and UBSan" OFF)
# Only one build directory may own ./vm, or builds would take it from each
# other: by default the one setup.sh and test.sh make first.
get_filename_component(_src_real "${PROJECT_SOURCE_DIR}" REALPATH)
get_filename_component(_bin_real "${PROJECT_BINARY_DIR}" REALPATH)
if(_bin_real STREQUAL "${_src_real}/build")
  set(_root_link_default ON)
else()
  set(_root_link_default OFF)
endif()
option(VM_ROOT_LINK "Make ./vm in the source tree, a link to this build's vm" ${_root_link_default})
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
