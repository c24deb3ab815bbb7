//===- PassOptions.h - Fixed value sets of SIC's pass options ---*- C++ -*-===//
//
// Options whose values come from a fixed set are enums, checked when the
// command line or pipeline is parsed: a wrong value never reaches a pass.
// Each *_VALUES macro lists the values for llvm::cl (a pass option, a
// pipeline option or a tool's flag).
//
//===----------------------------------------------------------------------===//

#ifndef SIC_TRANSFORMS_PASSOPTIONS_H
#define SIC_TRANSFORMS_PASSOPTIONS_H

namespace mlir::sic {

/// What sic-plan-memory prints of its plan, on stdout.
enum class MemoryReport { None, Text, Json, Summary, Svg };

#define SIC_MEMORY_REPORT_VALUES                                               \
  clEnumValN(::mlir::sic::MemoryReport::None, "none", "nothing"),              \
      clEnumValN(::mlir::sic::MemoryReport::Text, "text",                      \
                 "the plan as text, with a table of the buffers"),             \
      clEnumValN(::mlir::sic::MemoryReport::Json, "json", "the plan as JSON"), \
      clEnumValN(::mlir::sic::MemoryReport::Summary, "summary",                \
                 "the text report without its buffer table"),                  \
      clEnumValN(::mlir::sic::MemoryReport::Svg, "svg",                        \
                 "the plan as an SVG timeline of the buffers")

/// What sic-test-internal-error does at the first model node: fail with an
/// error there, die by a signal, or report an LLVM fatal error.
enum class InjectedError { Fail, Crash, Fatal };

#define SIC_INJECTED_ERROR_VALUES                                              \
  clEnumValN(::mlir::sic::InjectedError::Fail, "fail",                         \
             "an error at the first node and a pass failure"),                 \
      clEnumValN(::mlir::sic::InjectedError::Crash, "crash",                   \
                 "a signal (a trap)"),                                         \
      clEnumValN(::mlir::sic::InjectedError::Fatal, "fatal",                   \
                 "an LLVM fatal error")

} // namespace mlir::sic

#endif // SIC_TRANSFORMS_PASSOPTIONS_H
