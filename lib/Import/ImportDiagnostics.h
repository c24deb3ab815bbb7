//===- ImportDiagnostics.h - Errors about a model file ----------*- C++ -*-===//

#ifndef SIC_LIB_IMPORT_IMPORTDIAGNOSTICS_H
#define SIC_LIB_IMPORT_IMPORTDIAGNOSTICS_H

#include "sic/Import/ImportLimits.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Location.h"

#include <map>
#include <optional>
#include <string>

namespace mlir::sic {

/// Emits errors located at a model file and remembers whether there was any,
/// so an importer can report every fault before it gives up.
class ImportDiagnostics {
public:
  explicit ImportDiagnostics(Location fileLoc) : fileLoc(fileLoc) {}

  InFlightDiagnostic error() {
    failed = true;
    return emitError(fileLoc);
  }
  /// Records a fault that was reported elsewhere (at a node's location).
  void recordError() { failed = true; }
  bool hadError() const { return failed; }
  Location getFileLoc() const { return fileLoc; }

private:
  Location fileLoc;
  bool failed = false;
};

/// Reports a model with more tensors or nodes than `limits` admit; call it
/// before allocating anything per tensor or node.
bool checkModelCounts(ImportDiagnostics &diagnostics, uint64_t numTensors,
                      uint64_t numNodes, const ImportLimits &limits);

/// Why a tensor of `shape` (dimensions >= 0) breaks `limits`: "has rank 20,
/// more than the limit of 16" or "has N elements, more than the limit of M";
/// std::nullopt when it does not.
std::optional<std::string> checkShapeLimits(llvm::ArrayRef<int64_t> shape,
                                            const ImportLimits &limits);

/// The longest list attribute a node may have (pads list two entries per
/// dimension); bounds the work of the ops' rules.
inline uint64_t getMaxListSize(const ImportLimits &limits) {
  return 2 * limits.maxRank;
}

/// `value` as a message shows it: the shortest text that reads back as it
/// ("-2", "0.5", "1.0E+12").
std::string formatNumber(double value);

/// Reports every graph output name that is empty or repeats an earlier one.
void checkOutputNames(ImportDiagnostics &diagnostics,
                      llvm::ArrayRef<std::string> names);

/// Reports, in one error, every op a model uses that SIC does not support,
/// with its node count: "unsupported <what>: 'LSTM' (2 nodes), ...".
void reportUnsupportedOps(ImportDiagnostics &diagnostics, llvm::StringRef what,
                          const std::map<std::string, size_t> &counts);

} // namespace mlir::sic

#endif // SIC_LIB_IMPORT_IMPORTDIAGNOSTICS_H
