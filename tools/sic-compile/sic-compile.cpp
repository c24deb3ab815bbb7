//===- sic-compile.cpp - The SIC model compiler ---------------------------===//

#include "sic/Driver/CompilerMain.h"

int main(int argc, char **argv) { return mlir::sic::compilerMain(argc, argv); }
