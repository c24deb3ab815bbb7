//===- ModelSize.cpp - What a compiled model takes in bytes ---------------===//

#include "sic/Run/ModelSize.h"

#include "RunError.h"

#include "llvm/BinaryFormat/ELF.h"
#include "llvm/Object/ELFObjectFile.h"
#include "llvm/Support/MemoryBuffer.h"

using namespace mlir::sic;

llvm::Expected<ModelSize> mlir::sic::measureModelSize(llvm::StringRef path,
                                                      uint64_t arenaBytes) {
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> file =
      llvm::MemoryBuffer::getFile(path, /*IsText=*/false,
                                  /*RequiresNullTerminator=*/false);
  if (!file)
    return makeRunError("{}: {}", path.str(), file.getError().message());
  llvm::Expected<std::unique_ptr<llvm::object::ObjectFile>> object =
      llvm::object::ObjectFile::createObjectFile((*file)->getMemBufferRef());
  if (!object)
    return makeRunError("{}: {}", path.str(),
                        llvm::toString(object.takeError()));
  auto *elf = llvm::dyn_cast<llvm::object::ELFObjectFileBase>(object->get());
  if (!elf)
    return makeRunError("{}: not an ELF shared object", path.str());
  ModelSize size{(*file)->getBufferSize(), 0, 0, arenaBytes};
  for (llvm::object::ELFSectionRef section : elf->sections()) {
    uint64_t flags = section.getFlags();
    if (!(flags & llvm::ELF::SHF_ALLOC) ||
        section.getType() != llvm::ELF::SHT_PROGBITS)
      continue;
    if (flags & llvm::ELF::SHF_EXECINSTR)
      size.codeBytes += section.getSize();
    else if (!(flags & llvm::ELF::SHF_WRITE))
      size.constantBytes += section.getSize();
  }
  return size;
}
