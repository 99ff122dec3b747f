// Shared conventions of the shim. Every export is extern "C", never lets a C++ exception escape,
// and reports failure through its return value (null handle or non-zero status). The message and
// its kind wait in thread-local storage for the C# side (ecg_last_error_*).
#pragma once
#include <torch/torch.h>
#include <cstdint>
#include <string>

#define ECG_EXPORT extern "C" __attribute__((visibility("default")))

typedef at::Tensor* TensorHandle;

// Error kinds, mirrored by EcgNotebooks.Torch.TorchErrorKind.
enum EcgErrorKind : int32_t {
  ECG_OK = 0,
  ECG_ERROR = 1,           // c10::Error and anything else
  ECG_INDEX_ERROR = 2,     // c10::IndexError
  ECG_VALUE_ERROR = 3,     // c10::ValueError
  ECG_TYPE_ERROR = 4,      // c10::TypeError
  ECG_NOT_IMPLEMENTED = 5, // c10::NotImplementedError
  ECG_OUT_OF_MEMORY = 6,   // c10::OutOfMemoryError
};

void ecg_set_error(int32_t kind, const char* message);

// Converts the exception in flight into a stored error. Must be called inside a catch block.
void ecg_store_current_exception();

// Wraps a tensor result in a new heap handle, or stores the error and returns null.
#define ECG_TENSOR(expr)                          \
  try {                                           \
    return new at::Tensor(expr);                  \
  } catch (...) {                                 \
    ecg_store_current_exception();                \
    return nullptr;                               \
  }

// Runs statements; returns 0 on success, -1 with a stored error otherwise.
#define ECG_STATUS(stmts)                         \
  try {                                           \
    stmts;                                        \
    return 0;                                     \
  } catch (...) {                                 \
    ecg_store_current_exception();                \
    return -1;                                    \
  }

inline at::IntArrayRef ecg_dims(const int64_t* dims, int32_t n) { return at::IntArrayRef(dims, (size_t)n); }

inline c10::Device ecg_device(int32_t type, int32_t index) {
  return c10::Device(static_cast<c10::DeviceType>(type), static_cast<c10::DeviceIndex>(index));
}
