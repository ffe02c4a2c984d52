# vm_image(NAME OUTPUT_DIR dir SOURCES src.s... [FILES name=path...] [DEPENDS ...])
# Assemble sources with the vm just built into <dir>/<NAME>.bin (and a
# listing <NAME>.lst beside it); a target image_<NAME> builds it with `all`.
# Every image is listed in the global property VM_IMAGES (the test that each
# one disassembles and assembles back to itself reads it).
function(vm_image name)
  cmake_parse_arguments(I "" "OUTPUT_DIR" "SOURCES;FILES;DEPENDS" ${ARGN})
  set(out ${I_OUTPUT_DIR}/${name}.bin)
  set(packs)
  foreach(f ${I_FILES})
    list(APPEND packs --file ${f})
  endforeach()
  add_custom_command(
    OUTPUT ${out}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${I_OUTPUT_DIR}
    COMMAND vm asm -o ${out} -l ${I_OUTPUT_DIR}/${name}.lst ${packs} ${I_SOURCES}
    DEPENDS vm ${I_SOURCES} ${I_DEPENDS}
    COMMENT "Assembling ${name}.bin"
    VERBATIM)
  add_custom_target(image_${name} ALL DEPENDS ${out})
  set_property(GLOBAL APPEND PROPERTY VM_IMAGES ${out})
endfunction()
