//===- SanitizerDefaults.cpp - Default options of sanitized SIC tools -----===//
//
// Linked into every executable of a SIC_SANITIZERS build. LLVM's headers poison
// and unpoison allocator memory by hand when compiled with ASan; SIC's code is,
// the prebuilt LLVM/MLIR libraries are not, and the two disagree about what is
// poisoned. Ignoring manual poisoning keeps every real check (bounds, use after
// free, leaks). UndefinedBehaviorSanitizer reports come with a stack trace.
//
//===----------------------------------------------------------------------===//

extern "C" const char *__asan_default_options() {
  return "allow_user_poisoning=0";
}

extern "C" const char *__ubsan_default_options() {
  return "print_stacktrace=1";
}
