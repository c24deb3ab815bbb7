# Routes compiles through ccache when it is available: a full rebuild of the
# MLIR-heavy translation units takes minutes on a 2-core machine.
if(SIC_USE_CCACHE)
  find_program(SIC_CCACHE_PROGRAM ccache)
  if(SIC_CCACHE_PROGRAM)
    message(STATUS "Compiling through ${SIC_CCACHE_PROGRAM}")
    set(CMAKE_C_COMPILER_LAUNCHER ${SIC_CCACHE_PROGRAM})
    set(CMAKE_CXX_COMPILER_LAUNCHER ${SIC_CCACHE_PROGRAM})
  endif()
endif()
