//===- TargetDescription.cpp - The machine a model is compiled for --------===//

#include "sic/Target/TargetDescription.h"

#include "CpuCaches.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/MC/MCSubtargetInfo.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/Target/TargetOptions.h"
#include "llvm/TargetParser/Host.h"

#include <algorithm>

using namespace mlir;
using namespace mlir::sic;

namespace {

llvm::Error makeError(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

/// LLVM's target for `triple` (normalized), every target linked in.
llvm::Expected<const llvm::Target *> lookupTarget(const std::string &triple) {
  llvm::InitializeAllTargetInfos();
  llvm::InitializeAllTargets();
  llvm::InitializeAllTargetMCs();
  llvm::InitializeAllAsmPrinters();
  // Inline assembly (x86vector's AVX2 transposes blend with it) is parsed
  // when the object file is written.
  llvm::InitializeAllAsmParsers();
  std::string error;
  const llvm::Target *target = llvm::TargetRegistry::lookupTarget(triple, error);
  if (!target)
    return makeError("unknown target triple '" + triple + "': " + error);
  return target;
}

bool isKnownFeature(const llvm::MCSubtargetInfo &subtarget,
                    llvm::StringRef name) {
  return llvm::any_of(subtarget.getAllProcessorFeatures(),
                      [&](const llvm::SubtargetFeatureKV &feature) {
                        return name == feature.Key;
                      });
}

/// Checks that every entry of `features` is +name or -name of a feature
/// LLVM knows for the target.
llvm::Error checkFeatures(const llvm::MCSubtargetInfo &subtarget,
                          llvm::StringRef features, llvm::StringRef triple) {
  llvm::SmallVector<llvm::StringRef> entries;
  llvm::SplitString(features, entries, ",");
  for (llvm::StringRef entry : entries) {
    if (!entry.starts_with("+") && !entry.starts_with("-"))
      return makeError("target feature '" + entry +
                       "' must start with + (enable) or - (disable)");
    if (!isKnownFeature(subtarget, entry.drop_front()))
      return makeError("unknown target feature '" + entry.drop_front() +
                       "' for " + triple);
  }
  return llvm::Error::success();
}

/// The host's features that differ from what `subtarget` (the host's CPU)
/// enables by default, as an LLVM feature string.
std::string getHostFeatureChanges(const llvm::MCSubtargetInfo &subtarget) {
  llvm::SmallVector<std::string> changes;
  for (const auto &[name, enabled] : llvm::sys::getHostCPUFeatures()) {
    std::string entry = (enabled ? "+" : "-") + name.str();
    if (isKnownFeature(subtarget, name) && !subtarget.checkFeatures(entry))
      changes.push_back(entry);
  }
  llvm::sort(changes);
  return llvm::join(changes, ",");
}

struct VectorRegisters {
  unsigned bits;
  unsigned count;
};

VectorRegisters getVectorRegisters(const llvm::Triple &triple,
                                   const llvm::MCSubtargetInfo &subtarget) {
  if (triple.isX86()) {
    if (subtarget.checkFeatures("+avx512f"))
      return {512, 32};
    if (subtarget.checkFeatures("+avx"))
      return {256, 16};
    return {128, 16};
  }
  if (triple.isAArch64())
    return {128, 32};
  return {128, 16};
}

} // namespace

llvm::Expected<TargetAttr>
mlir::sic::describeTarget(MLIRContext *context,
                          const TargetSelection &selection) {
  context->getOrLoadDialect<SicDialect>();
  bool host = selection.triple.empty();
  std::string triple = llvm::Triple::normalize(
      host ? llvm::sys::getProcessTriple() : selection.triple);
  llvm::Expected<const llvm::Target *> target = lookupTarget(triple);
  if (!target)
    return target.takeError();

  std::string cpu = selection.cpu;
  if (cpu.empty())
    cpu = host ? llvm::sys::getHostCPUName().str() : "generic";
  std::unique_ptr<llvm::MCSubtargetInfo> subtarget(
      (*target)->createMCSubtargetInfo(triple, cpu, ""));
  if (!subtarget || !subtarget->isCPUStringValid(cpu))
    return makeError("unknown target CPU '" + cpu + "' for " + triple);
  std::string features = selection.features;
  if (llvm::Error error = checkFeatures(*subtarget, features, triple))
    return std::move(error);
  if (host && selection.cpu.empty() && features.empty())
    features = getHostFeatureChanges(*subtarget);
  subtarget.reset((*target)->createMCSubtargetInfo(triple, cpu, features));

  llvm::Triple parsed(triple);
  VectorRegisters vectors = getVectorRegisters(parsed, *subtarget);
  CpuCaches caches = getCpuCaches(parsed, cpu);
  unsigned alignment = std::max(vectors.bits / 8, caches.lineBytes);
  return TargetAttr::get(context, triple, cpu, features, vectors.bits,
                         vectors.count, caches.l1Bytes, caches.l2Bytes,
                         caches.l3Bytes, caches.lineBytes, alignment);
}

llvm::Expected<std::unique_ptr<llvm::TargetMachine>>
mlir::sic::createTargetMachine(TargetAttr target, llvm::CodeGenOptLevel level) {
  std::string triple = target.getTriple().str();
  llvm::Expected<const llvm::Target *> llvmTarget = lookupTarget(triple);
  if (!llvmTarget)
    return llvmTarget.takeError();
  std::unique_ptr<llvm::TargetMachine> machine(
      (*llvmTarget)->createTargetMachine(
          triple, target.getCpu(), target.getFeatures(), llvm::TargetOptions(),
          llvm::Reloc::PIC_, std::nullopt, level));
  if (!machine)
    return makeError("cannot create a code generator for " + triple);
  return machine;
}
