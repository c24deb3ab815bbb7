# sic_mlir_libs(<var> <MLIR component libs...>) sets <var> to the libraries a
# SIC target links for the MLIR components it uses: the static component
# libraries by default, or the monolithic libMLIR.so with
# SIC_LINK_MLIR_DYLIB=ON. Every SIC target goes through this function so the
# two are never mixed in one binary (that duplicates MLIR's global registries).
function(sic_mlir_libs var)
  if(SIC_LINK_MLIR_DYLIB)
    set(${var} MLIR PARENT_SCOPE)
  else()
    set(${var} ${ARGN} PARENT_SCOPE)
  endif()
endfunction()
