// Errors, lifetime, metadata, creation from memory and the runtime settings (threads, seeds, CUDA).
#include "shim.h"
#include <cstring>
#include <ATen/Parallel.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

static thread_local std::string g_error_message;
static thread_local int32_t g_error_kind = ECG_OK;

void ecg_set_error(int32_t kind, const char* message) {
  g_error_kind = kind;
  g_error_message = message ? message : "";
}

void ecg_store_current_exception() {
  try {
    throw;
  } catch (const c10::IndexError& e) {
    ecg_set_error(ECG_INDEX_ERROR, e.what_without_backtrace());
  } catch (const c10::ValueError& e) {
    ecg_set_error(ECG_VALUE_ERROR, e.what_without_backtrace());
  } catch (const c10::TypeError& e) {
    ecg_set_error(ECG_TYPE_ERROR, e.what_without_backtrace());
  } catch (const c10::NotImplementedError& e) {
    ecg_set_error(ECG_NOT_IMPLEMENTED, e.what_without_backtrace());
  } catch (const c10::OutOfMemoryError& e) {
    ecg_set_error(ECG_OUT_OF_MEMORY, e.what_without_backtrace());
  } catch (const c10::Error& e) {
    ecg_set_error(ECG_ERROR, e.what_without_backtrace());
  } catch (const std::bad_alloc&) {
    ecg_set_error(ECG_OUT_OF_MEMORY, "out of host memory");
  } catch (const std::exception& e) {
    ecg_set_error(ECG_ERROR, e.what());
  } catch (...) {
    ecg_set_error(ECG_ERROR, "unknown C++ exception");
  }
}

ECG_EXPORT int32_t ecg_last_error_kind() { return g_error_kind; }
ECG_EXPORT const char* ecg_last_error_message() { return g_error_message.c_str(); }
ECG_EXPORT void ecg_clear_error() { g_error_kind = ECG_OK; g_error_message.clear(); }

ECG_EXPORT void ecg_tensor_free(TensorHandle t) { delete t; }

ECG_EXPORT int32_t ecg_tensor_dim(TensorHandle t) { return (int32_t)t->dim(); }
// The rank, with the first min(rank, capacity) sizes written to `out`: one call for most shapes.
ECG_EXPORT int32_t ecg_tensor_shape(TensorHandle t, int64_t* out, int32_t capacity) {
  auto sizes = t->sizes();
  for (size_t i = 0; i < sizes.size() && (int32_t)i < capacity; ++i) out[i] = sizes[i];
  return (int32_t)sizes.size();
}
ECG_EXPORT int64_t ecg_tensor_numel(TensorHandle t) { return t->numel(); }
ECG_EXPORT int32_t ecg_tensor_dtype(TensorHandle t) { return (int32_t)t->scalar_type(); }
ECG_EXPORT int32_t ecg_tensor_device_type(TensorHandle t) { return (int32_t)t->device().type(); }
ECG_EXPORT int32_t ecg_tensor_device_index(TensorHandle t) { return (int32_t)t->device().index(); }

// A new tensor holding a copy of `data` (element type `dtype`, `numel` elements).
ECG_EXPORT TensorHandle ecg_tensor_from_data(const void* data, int32_t dtype, const int64_t* dims, int32_t ndim) {
  ECG_TENSOR(({
    auto options = at::TensorOptions().dtype(static_cast<at::ScalarType>(dtype));
    auto result = at::empty(ecg_dims(dims, ndim), options);
    std::memcpy(result.data_ptr(), data, result.numel() * result.element_size());
    result;
  }))
}

// Copies the elements (as stored, row-major) into `out`, moving to the CPU and making the tensor
// contiguous first when needed. `bytes` is the capacity of `out`.
ECG_EXPORT int32_t ecg_tensor_copy_to(TensorHandle t, void* out, int64_t bytes) {
  ECG_STATUS({
    auto src = t->detach().to(at::kCPU).contiguous();
    int64_t need = src.numel() * (int64_t)src.element_size();
    if (need > bytes) throw std::runtime_error("destination buffer too small");
    std::memcpy(out, src.data_ptr(), (size_t)need);
  })
}

ECG_EXPORT TensorHandle ecg_tensor_to(TensorHandle t, int32_t device_type, int32_t device_index, int32_t dtype, bool non_blocking, bool copy) {
  ECG_TENSOR(t->to(ecg_device(device_type, device_index), static_cast<at::ScalarType>(dtype), non_blocking, copy))
}

// glibc's malloc, left to itself, serves multi-MiB tensors from fresh mmaps and trims the heap
// top back to the OS whenever more than ~2x the largest recent chunk is free, so every training
// step page-faults its activations in again (measured: ~27k faults per step of the 1D ResNet
// bench). Keeping blocks up to `mmap_threshold` on the heap and `trim_threshold` bytes of free
// top reuses them instead. Returns 1 when applied, 0 where the C library is not glibc.
ECG_EXPORT int32_t ecg_tune_host_allocator(int32_t mmap_threshold, int32_t trim_threshold) {
#if defined(__GLIBC__)
  return mallopt(M_MMAP_THRESHOLD, mmap_threshold) == 1 && mallopt(M_TRIM_THRESHOLD, trim_threshold) == 1 ? 1 : 0;
#else
  return 0;
#endif
}

ECG_EXPORT void ecg_set_num_threads(int32_t n) { at::set_num_threads(n); }
ECG_EXPORT int32_t ecg_get_num_threads() { return at::get_num_threads(); }
ECG_EXPORT void ecg_manual_seed(uint64_t seed) { torch::manual_seed(seed); }
ECG_EXPORT int32_t ecg_cuda_is_available() { return torch::cuda::is_available() ? 1 : 0; }
ECG_EXPORT int32_t ecg_cuda_device_count() { return (int32_t)torch::cuda::device_count(); }
ECG_EXPORT int32_t ecg_set_deterministic(bool on) {
  ECG_STATUS({ at::globalContext().setDeterministicAlgorithms(on, /*warn_only=*/false); at::globalContext().setBenchmarkCuDNN(!on && at::globalContext().benchmarkCuDNN()); at::globalContext().setDeterministicCuDNN(on); })
}
ECG_EXPORT int32_t ecg_get_deterministic() { return at::globalContext().deterministicAlgorithms() ? 1 : 0; }
ECG_EXPORT const char* ecg_torch_version() { return TORCH_VERSION; }
ECG_EXPORT int32_t ecg_built_with_cuda() {
#ifdef ECG_WITH_CUDA
  return 1;
#else
  return 0;
#endif
}
