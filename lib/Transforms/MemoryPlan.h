//===- MemoryPlan.h - Liveness and arena offsets of a model's buffers -*- C++ -*-===//

#ifndef SIC_LIB_TRANSFORMS_MEMORYPLAN_H
#define SIC_LIB_TRANSFORMS_MEMORYPLAN_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "llvm/Support/raw_ostream.h"

#include <string>

namespace mlir::sic {

/// One buffer a model function allocates, and where the plan puts it.
struct PlannedBuffer {
  memref::AllocOp alloc;
  std::string name;    ///< the model node that produces it
  uint64_t bytes;      ///< its size, rounded up to the alignment
  unsigned first;      ///< first top-level op (schedule index) that uses it
  unsigned last;       ///< last top-level op that uses it or a view of it
  uint64_t offset = 0; ///< its place in the arena
  /// The buffer whose bytes it overwrites in place, if any.
  std::optional<unsigned> reuses;
};

/// A canary region of the arena: bytes no op may write.
struct ArenaGuard {
  uint64_t offset;
  uint64_t bytes;
};

/// The arena layout of one function.
struct MemoryPlan {
  SmallVector<PlannedBuffer> buffers;
  uint64_t alignment = 0;
  uint64_t arenaBytes = 0;
  /// The guards around the buffers, in arena order (with guards only).
  SmallVector<ArenaGuard> guards;
  /// The most bytes live at one op: no layout of these buffers is smaller.
  uint64_t lowerBoundBytes = 0;
  /// The op where the lower bound is reached, and the buffers live there.
  unsigned peakOp = 0;
  std::string peakOpName;
  SmallVector<unsigned> peakBuffers;

  /// lower bound / arena: 1 is optimal (and so is an empty arena).
  double getEfficiency() const {
    return arenaBytes ? static_cast<double>(lowerBoundBytes) / arenaBytes : 1;
  }
};

/// Plans the buffers that `func` allocates with memref.alloc: liveness over
/// its top-level ops, in-place reuse by elementwise ops, offsets. With
/// `guardBytes` (a multiple of the alignment), buffers share no bytes and
/// every buffer has a guard of that size before and after it. Emits an
/// error and fails on an allocation it cannot place (dynamic or nested).
FailureOr<MemoryPlan> planMemory(func::FuncOp func, uint64_t alignment,
                                 uint64_t guardBytes = 0);

/// Where the arena and output arguments go: before the runtime's
/// environment argument (`sic.env`), which stays last, or at the end.
unsigned getCallingConventionEnd(func::FuncOp func);

/// Rewrites `func` to the plan: adds the arena argument, turns each
/// allocation into a view of it, and records the arena's size, alignment
/// and guards (a #sic.arena_plan).
void applyMemoryPlan(func::FuncOp func, const MemoryPlan &plan);

/// The plan's headline: arena bytes, lower bound, efficiency, the buffers
/// live at the peak (and the guards); the first lines of the text report.
void printMemoryReportSummary(const MemoryPlan &plan, StringRef function,
                              llvm::raw_ostream &os);
/// The plan as a human-readable table, or as one JSON object.
void printMemoryReportText(const MemoryPlan &plan, StringRef function,
                           llvm::raw_ostream &os);
void printMemoryReportJson(const MemoryPlan &plan, StringRef function,
                           llvm::raw_ostream &os);
/// The plan as an SVG timeline: one rectangle per buffer over (op, bytes),
/// the peak marked, in-place reuse and names on hover.
void printMemoryReportSvg(const MemoryPlan &plan, StringRef function,
                          llvm::raw_ostream &os);

} // namespace mlir::sic

#endif // SIC_LIB_TRANSFORMS_MEMORYPLAN_H
