# What `cmake --install build --prefix DIR` puts where (GNUInstallDirs):
#   bin/vm, bin/vm-gui         vm starts vm-gui from beside itself
#   share/ldx/default.bin      the image vm run and vm gui boot (paths.c finds
#   share/ldx/kernel.bin       it from bin/ by VM_DATADIR_REL, src/cli)
#   share/ldx/programs/*.bin   the user programs (and the trap demo)
#   share/ldx/lib/*.s          the user library, and sources.txt, its files in
#                              the order vm run --add assembles them (crt0.s first)
#   share/ldx/kit/             the course kit: the kernel's sources, the assignments
#   share/man/man1/vm.1        the manual page, made from the --help texts
set(VM_DATADIR ${CMAKE_INSTALL_DATADIR}/ldx)

install(TARGETS vm vm-gui RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(FILES ${PROJECT_BINARY_DIR}/default.bin ${PROJECT_BINARY_DIR}/kernel.bin
        DESTINATION ${VM_DATADIR})

get_property(vm_programs GLOBAL PROPERTY VM_USER_PROGRAMS)
set(vm_program_images ${PROJECT_BINARY_DIR}/programs/trapdemo.bin)
foreach(p ${vm_programs})
  list(APPEND vm_program_images ${PROJECT_BINARY_DIR}/programs/${p}.bin)
endforeach()
install(FILES ${vm_program_images} DESTINATION ${VM_DATADIR}/programs)

get_property(vm_user_lib GLOBAL PROPERTY VM_USER_LIB)
install(FILES ${vm_user_lib} DESTINATION ${VM_DATADIR}/lib)
# The build's list names the sources where they are; the installed one names
# them beside itself.
set(vm_lib_names)
foreach(f ${vm_user_lib})
  get_filename_component(n ${f} NAME)
  string(APPEND vm_lib_names "${n}\n")
endforeach()
file(CONFIGURE OUTPUT ${PROJECT_BINARY_DIR}/lib/sources.installed.txt
     CONTENT "# The user library, in the order programs are assembled with it.\n${vm_lib_names}")
install(FILES ${PROJECT_BINARY_DIR}/lib/sources.installed.txt DESTINATION ${VM_DATADIR}/lib
        RENAME sources.txt)

install(FILES ${PROJECT_BINARY_DIR}/vm.1 DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)

# The course kit (vm kit, docs/course-kit.md): share/ldx/kit/kernel/ holds the
# kernel's sources (the generated os_tables.s too), kit/kernel.txt their names
# in assembly order, kit/assignments/ the assignments.
get_property(vm_kernel_sources GLOBAL PROPERTY VM_KERNEL_SOURCES)
install(FILES ${vm_kernel_sources} DESTINATION ${VM_DATADIR}/kit/kernel)
set(vm_kit_names "# The kernel's sources, in the order they are assembled (vm kit).\n")
foreach(f ${vm_kernel_sources})
  get_filename_component(n ${f} NAME)
  string(APPEND vm_kit_names "kernel/${n}\n")
endforeach()
file(CONFIGURE OUTPUT ${PROJECT_BINARY_DIR}/kit/kernel.installed.txt CONTENT "${vm_kit_names}")
install(FILES ${PROJECT_BINARY_DIR}/kit/kernel.installed.txt DESTINATION ${VM_DATADIR}/kit
        RENAME kernel.txt)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/assignments/ DESTINATION ${VM_DATADIR}/kit/assignments
        PATTERN CMakeLists.txt EXCLUDE)
