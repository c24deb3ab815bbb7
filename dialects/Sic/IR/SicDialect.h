//===- SicDialect.h - The sic dialect ---------------------------*- C++ -*-===//

#ifndef SIC_IR_SICDIALECT_H
#define SIC_IR_SICDIALECT_H

#include "mlir/IR/Dialect.h"

#include "dialects/Sic/IR/SicDialect.h.inc"

#endif // SIC_IR_SICDIALECT_H
