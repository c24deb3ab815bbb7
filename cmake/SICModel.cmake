# sic_add_model(<target> MODEL <file> [NAME <name>] [OPT -O0|-O1|-O2|-O3]
#               [CHECKS release|debug] [INPUT_SHAPES <name=AxB> ...]
#               [TARGET_CPU <cpu>])
#
# Compiles MODEL (.onnx, .fb or .mlir; relative to the current source
# folder) with SIC::sic-compile when <target> is built, into <name>.o and
# its header <name>.h (NAME defaults to the file's stem), again whenever the
# model or sic-compile changes. Links the object and SIC::runtime into
# <target> and puts the header on its include path. The object exports the
# model's descriptor as sic_<name>_descriptor, which the header declares as
# SIC_<MODEL>_DESCRIPTOR (<MODEL> being the model's own name, as in its
# other macros), so that several models link into one program:
#
#   #include "<name>.h"
#   sic_model_open_static(&SIC_<MODEL>_DESCRIPTOR, SIC_<MODEL>_CONTRACT_HASH,
#                         &model, &error);
#
# OPT defaults to -O2, CHECKS to release; INPUT_SHAPES fixes an ONNX model's
# dynamic input dims (sic-compile --input-shape), TARGET_CPU picks the CPU
# to compile for (--target-cpu; the default is the build machine's).
function(sic_add_model target)
  cmake_parse_arguments(PARSE_ARGV 1 SIC "" "MODEL;NAME;OPT;CHECKS;TARGET_CPU"
    "INPUT_SHAPES")
  if(SIC_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR
      "sic_add_model(${target}): unknown arguments: ${SIC_UNPARSED_ARGUMENTS}")
  endif()
  if(NOT TARGET ${target})
    message(FATAL_ERROR "sic_add_model(${target}): no such target")
  endif()
  if(NOT SIC_MODEL)
    message(FATAL_ERROR "sic_add_model(${target}): MODEL <file> is required")
  endif()
  get_filename_component(model "${SIC_MODEL}" ABSOLUTE
    BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
  if(NOT SIC_NAME)
    get_filename_component(SIC_NAME "${model}" NAME_WE)
  endif()
  string(MAKE_C_IDENTIFIER "${SIC_NAME}" name)
  if(NOT SIC_OPT)
    set(SIC_OPT -O2)
  endif()
  if(NOT SIC_OPT MATCHES "^-O[0-3]$")
    message(FATAL_ERROR
      "sic_add_model(${target}): OPT must be -O0 to -O3, got '${SIC_OPT}'")
  endif()
  if(NOT SIC_CHECKS)
    set(SIC_CHECKS release)
  endif()
  if(NOT SIC_CHECKS MATCHES "^(release|debug)$")
    message(FATAL_ERROR "sic_add_model(${target}): CHECKS must be release "
      "or debug, got '${SIC_CHECKS}'")
  endif()
  set(options ${SIC_OPT} --checks=${SIC_CHECKS}
    --descriptor-symbol=sic_${name}_descriptor)
  foreach(shape IN LISTS SIC_INPUT_SHAPES)
    list(APPEND options --input-shape ${shape})
  endforeach()
  if(SIC_TARGET_CPU)
    list(APPEND options --target-cpu=${SIC_TARGET_CPU})
  endif()

  set(out "${CMAKE_CURRENT_BINARY_DIR}/sic_models/${name}")
  add_custom_command(
    OUTPUT "${out}/${name}.o" "${out}/${name}.h"
    COMMAND "${CMAKE_COMMAND}" -E make_directory "${out}"
    COMMAND SIC::sic-compile "${model}" ${options} -o "${out}/${name}.o"
    COMMAND SIC::sic-compile "${model}" ${options} -o "${out}/${name}.h"
    DEPENDS "${model}" "$<TARGET_FILE:SIC::sic-compile>"
    COMMENT "sic-compile ${SIC_MODEL} -> ${name}.o, ${name}.h"
    VERBATIM)
  set_source_files_properties("${out}/${name}.o" PROPERTIES
    EXTERNAL_OBJECT TRUE GENERATED TRUE)
  target_sources(${target} PRIVATE "${out}/${name}.o" "${out}/${name}.h")
  target_include_directories(${target} PRIVATE "${out}")
  target_link_libraries(${target} PRIVATE SIC::runtime)
endfunction()
