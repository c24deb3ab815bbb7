# find_package(SIC): the runtime as SIC::runtime (static) and
# SIC::runtime_shared; when SIC's tools are installed beside it, also
# SIC::sic-compile, SIC::sic-run, SIC::sic-opt and sic_add_model()
# (SICModel.cmake says how to use it).
include(CMakeFindDependencyMacro)
find_dependency(Threads)
include("${CMAKE_CURRENT_LIST_DIR}/SICRuntimeTargets.cmake")
set(SIC_TOOLS_FOUND FALSE)
if(EXISTS "${CMAKE_CURRENT_LIST_DIR}/SICTools.cmake")
  include("${CMAKE_CURRENT_LIST_DIR}/SICTools.cmake")
  include("${CMAKE_CURRENT_LIST_DIR}/SICModel.cmake")
  set(SIC_TOOLS_FOUND TRUE)
endif()
