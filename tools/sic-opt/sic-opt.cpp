//===- sic-opt.cpp - mlir-opt for the sic dialect and SIC's pipeline ------===//
//
// Parses MLIR, runs the named passes and prints the result: what the lit
// tests drive.
//
//===----------------------------------------------------------------------===//

#include "sic/Pipeline/Registration.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"

int main(int argc, char **argv) {
  mlir::DialectRegistry registry;
  mlir::sic::registerSicDialects(registry);
  mlir::sic::registerSicPasses();
  return mlir::asMainReturnCode(mlir::MlirOptMain(
      argc, argv, "SIC modular optimizer driver\n", registry));
}
