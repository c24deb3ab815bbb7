//===- ModelDiagnostics.cpp - Diagnostics about model files ---------------===//

#include "sic/Import/ModelDiagnostics.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Location.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;
using namespace mlir::sic;

/// "model.fb", "model.fb: fc1" or, for a location with a line, "x.mlir:3:7".
static std::string describe(Location loc) {
  if (auto name = dyn_cast<NameLoc>(loc)) {
    std::string inner = describe(name.getChildLoc());
    return inner.empty() ? name.getName().str()
                         : inner + ": " + name.getName().str();
  }
  if (auto file = dyn_cast<FileLineColLoc>(loc)) {
    std::string text = file.getFilename().str();
    if (file.getLine() != 0)
      text += ":" + std::to_string(file.getLine()) + ":" +
              std::to_string(file.getColumn());
    return text;
  }
  if (auto fused = dyn_cast<FusedLoc>(loc))
    for (Location inner : fused.getLocations())
      if (std::string text = describe(inner); !text.empty())
        return text;
  if (auto callSite = dyn_cast<CallSiteLoc>(loc))
    return describe(callSite.getCallee());
  return "";
}

static StringRef getSeverityName(DiagnosticSeverity severity) {
  switch (severity) {
  case DiagnosticSeverity::Error:
    return "error";
  case DiagnosticSeverity::Warning:
    return "warning";
  case DiagnosticSeverity::Note:
    return "note";
  case DiagnosticSeverity::Remark:
    return "remark";
  }
  llvm_unreachable("unknown severity");
}

static void print(llvm::raw_ostream &os, const Diagnostic &diagnostic) {
  std::string where = describe(diagnostic.getLocation());
  if (!where.empty())
    os << where << ": ";
  os << getSeverityName(diagnostic.getSeverity()) << ": " << diagnostic << "\n";
}

ModelDiagnosticHandler::ModelDiagnosticHandler(MLIRContext *context,
                                               llvm::raw_ostream &os)
    : ScopedDiagnosticHandler(context) {
  setHandler([&os](Diagnostic &diagnostic) {
    print(os, diagnostic);
    for (const Diagnostic &note : diagnostic.getNotes())
      print(os, note);
    os.flush();
  });
}
