/*===- names.c - Printable names of status codes and dtypes ---------------===*/

#include "sic/runtime.h"

const char *sic_status_name(sic_status_t status) {
  switch (status) {
  case SIC_STATUS_OK:
    return "SIC_STATUS_OK";
  case SIC_STATUS_NULL_POINTER:
    return "SIC_STATUS_NULL_POINTER";
  case SIC_STATUS_OUT_OF_MEMORY:
    return "SIC_STATUS_OUT_OF_MEMORY";
  case SIC_STATUS_NOT_INSTRUMENTED:
    return "SIC_STATUS_NOT_INSTRUMENTED";
  case SIC_STATUS_CONTEXT_BUSY:
    return "SIC_STATUS_CONTEXT_BUSY";
  case SIC_STATUS_INVALID_OPTION:
    return "SIC_STATUS_INVALID_OPTION";
  case SIC_STATUS_THREAD_FAILED:
    return "SIC_STATUS_THREAD_FAILED";
  case SIC_STATUS_OPEN_FAILED:
    return "SIC_STATUS_OPEN_FAILED";
  case SIC_STATUS_SYMBOL_NOT_FOUND:
    return "SIC_STATUS_SYMBOL_NOT_FOUND";
  case SIC_STATUS_CONTRACT_MISMATCH:
    return "SIC_STATUS_CONTRACT_MISMATCH";
  case SIC_STATUS_DESC_ABI_VERSION:
    return "SIC_STATUS_DESC_ABI_VERSION";
  case SIC_STATUS_DESC_NULL_FIELD:
    return "SIC_STATUS_DESC_NULL_FIELD";
  case SIC_STATUS_DESC_CHECK_POLICY:
    return "SIC_STATUS_DESC_CHECK_POLICY";
  case SIC_STATUS_DESC_DTYPE:
    return "SIC_STATUS_DESC_DTYPE";
  case SIC_STATUS_DESC_RANK:
    return "SIC_STATUS_DESC_RANK";
  case SIC_STATUS_DESC_DIM:
    return "SIC_STATUS_DESC_DIM";
  case SIC_STATUS_DESC_BYTE_SIZE:
    return "SIC_STATUS_DESC_BYTE_SIZE";
  case SIC_STATUS_DESC_ALIGNMENT:
    return "SIC_STATUS_DESC_ALIGNMENT";
  case SIC_STATUS_DESC_CONTRACT_HASH:
    return "SIC_STATUS_DESC_CONTRACT_HASH";
  case SIC_STATUS_DESC_HOOKS:
    return "SIC_STATUS_DESC_HOOKS";
  case SIC_STATUS_DESC_GUARD:
    return "SIC_STATUS_DESC_GUARD";
  case SIC_STATUS_DESC_INDEX_CHECK:
    return "SIC_STATUS_DESC_INDEX_CHECK";
  case SIC_STATUS_COUNT_MISMATCH:
    return "SIC_STATUS_COUNT_MISMATCH";
  case SIC_STATUS_DTYPE_MISMATCH:
    return "SIC_STATUS_DTYPE_MISMATCH";
  case SIC_STATUS_RANK_MISMATCH:
    return "SIC_STATUS_RANK_MISMATCH";
  case SIC_STATUS_DIM_MISMATCH:
    return "SIC_STATUS_DIM_MISMATCH";
  case SIC_STATUS_BYTE_SIZE_MISMATCH:
    return "SIC_STATUS_BYTE_SIZE_MISMATCH";
  case SIC_STATUS_MISALIGNED:
    return "SIC_STATUS_MISALIGNED";
  case SIC_STATUS_OVERLAP:
    return "SIC_STATUS_OVERLAP";
  case SIC_STATUS_ARENA_TOO_SMALL:
    return "SIC_STATUS_ARENA_TOO_SMALL";
  case SIC_STATUS_INVALID_BOOL:
    return "SIC_STATUS_INVALID_BOOL";
  case SIC_STATUS_ENTRY_FAILED:
    return "SIC_STATUS_ENTRY_FAILED";
  case SIC_STATUS_NON_FINITE:
    return "SIC_STATUS_NON_FINITE";
  case SIC_STATUS_ARENA_OVERRUN:
    return "SIC_STATUS_ARENA_OVERRUN";
  case SIC_STATUS_INDEX_OUT_OF_RANGE:
    return "SIC_STATUS_INDEX_OUT_OF_RANGE";
  }
  return "SIC_STATUS_UNKNOWN";
}

const char *sic_dtype_name(sic_dtype_t dtype) {
  switch (dtype) {
  case SIC_DTYPE_F32:
    return "f32";
  case SIC_DTYPE_I32:
    return "i32";
  case SIC_DTYPE_I64:
    return "i64";
  case SIC_DTYPE_BOOL:
    return "bool";
  case SIC_DTYPE_F64:
    return "f64";
  case SIC_DTYPE_I8:
    return "i8";
  case SIC_DTYPE_U8:
    return "u8";
  case SIC_DTYPE_I16:
    return "i16";
  case SIC_DTYPE_U16:
    return "u16";
  case SIC_DTYPE_U32:
    return "u32";
  case SIC_DTYPE_U64:
    return "u64";
  case SIC_DTYPE_F16:
    return "f16";
  case SIC_DTYPE_BF16:
    return "bf16";
  }
  return "unknown";
}
