# SIC_SANITIZERS (e.g. "address;undefined") instruments SIC's own code; the
# prebuilt LLVM/MLIR libraries stay uninstrumented. Undefined behaviour
# aborts (no recovery) so a test that triggers it fails. vptr checks are off:
# they need every polymorphic class instrumented, MLIR's included.
if(SIC_SANITIZERS)
  string(REPLACE ";" "," SIC_SANITIZER_LIST "${SIC_SANITIZERS}")
  add_compile_options(-fsanitize=${SIC_SANITIZER_LIST} -fno-sanitize=vptr
    -fno-sanitize-recover=all -fno-omit-frame-pointer -gline-tables-only)
  add_link_options(-fsanitize=${SIC_SANITIZER_LIST} -fno-sanitize=vptr)
endif()

# sic_add_sanitizer_defaults(target): the default runtime options every
# sanitized executable needs (see SanitizerDefaults.cpp).
function(sic_add_sanitizer_defaults target)
  if(SIC_SANITIZERS)
    target_sources(${target} PRIVATE ${PROJECT_SOURCE_DIR}/cmake/SanitizerDefaults.cpp)
  endif()
endfunction()

# SIC_BUILD_FUZZERS adds coverage instrumentation for libFuzzer to all of
# SIC's code and builds the fuzz targets in test/fuzz (clang only).
if(SIC_BUILD_FUZZERS)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "SIC_BUILD_FUZZERS needs clang (e.g. -DCMAKE_CXX_COMPILER=clang++-19)")
  endif()
  add_compile_options(-fsanitize=fuzzer-no-link)
endif()
