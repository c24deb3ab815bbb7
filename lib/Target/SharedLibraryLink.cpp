//===- SharedLibraryLink.cpp - Linking model.so with lld in-process -------===//

#include "SharedLibraryLink.h"

#include "lld/Common/Driver.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/TargetParser/Host.h"

#include <mutex>

LLD_HAS_DRIVER(elf)

using namespace mlir::sic;

namespace {

/// The path of `library` (e.g. libm.so.6) in the host's system library
/// folders, or "" when it is not there.
std::string findSystemLibrary(llvm::StringRef library,
                              const llvm::Triple &triple) {
  std::string multiarch = (triple.getArchName() + "-linux-gnu").str();
  for (std::string dir : {"/lib/" + multiarch, "/usr/lib/" + multiarch,
                          std::string("/lib64"), std::string("/usr/lib64"),
                          std::string("/lib"), std::string("/usr/lib")}) {
    llvm::SmallString<128> path(dir);
    llvm::sys::path::append(path, library);
    if (llvm::sys::fs::exists(path))
      return std::string(path);
  }
  return "";
}

} // namespace

bool mlir::sic::linkSharedLibrary(llvm::StringRef objectPath,
                                  llvm::StringRef outputPath,
                                  const llvm::Triple &triple,
                                  std::string &error) {
  std::string object = objectPath.str(), output = outputPath.str();
  std::vector<std::string> args = {"ld.lld", "-shared", "--hash-style=gnu",
                                   "-z", "now", "-z", "relro",
                                   "-o", output, object};
  // For the host, name libc and libm so the library depends on nothing
  // else and the link proves it.
  bool host = triple.getArch() == llvm::Triple(llvm::sys::getProcessTriple())
                                      .getArch() &&
              triple.isOSLinux();
  if (host) {
    std::string libm = findSystemLibrary("libm.so.6", triple);
    std::string libc = findSystemLibrary("libc.so.6", triple);
    if (!libm.empty() && !libc.empty())
      args.insert(args.end(), {"--no-undefined", "--as-needed", libm, libc});
  }
  std::vector<const char *> argv;
  for (const std::string &arg : args)
    argv.push_back(arg.c_str());

  // lld keeps global state: one link at a time.
  static std::mutex linkMutex;
  std::lock_guard<std::mutex> lock(linkMutex);
  llvm::raw_string_ostream messages(error);
  lld::Result result =
      lld::lldMain(argv, messages, messages, {{lld::Gnu, &lld::elf::link}});
  messages.flush();
  return result.retCode == 0;
}
