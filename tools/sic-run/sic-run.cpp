//===- sic-run.cpp - Run, check and benchmark compiled SIC models ---------===//

#include "sic/Run/RunMain.h"

int main(int argc, char **argv) { return mlir::sic::runMain(argc, argv); }
