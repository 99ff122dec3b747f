// GPU-facing runtime settings: TF32, autocast (mixed precision), synchronisation, memory statistics.
// Compiles against CPU and CUDA libtorch, 1.13 and 2.x; what a build lacks reports "unavailable".
#include "shim.h"
#include <torch/version.h>
#include <ATen/autocast_mode.h>

#if defined(ECG_WITH_CUDA) && __has_include(<cuda_runtime_api.h>)
#include <c10/cuda/CUDACachingAllocator.h>
#include <c10/cuda/CUDAFunctions.h>
#define ECG_CUDA_RUNTIME 1
#endif

// PyTorch 2.4 replaced the per-device autocast setters by ones taking a device type.
#if TORCH_VERSION_MAJOR > 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 4)
#define ECG_AUTOCAST_BY_DEVICE 1
#endif

ECG_EXPORT int32_t ecg_set_allow_tf32(bool on) {
  ECG_STATUS({
    at::globalContext().setAllowTF32CuBLAS(on);
    at::globalContext().setAllowTF32CuDNN(on);
  })
}
ECG_EXPORT int32_t ecg_get_allow_tf32() { return at::globalContext().allowTF32CuBLAS() ? 1 : 0; }

// Autocast for one device type (0 = CPU, 1 = CUDA) with the given lower-precision dtype.
ECG_EXPORT int32_t ecg_autocast_set(int32_t device_type, bool on, int32_t dtype) {
  ECG_STATUS({
    auto type = static_cast<c10::DeviceType>(device_type);
    auto scalar = static_cast<at::ScalarType>(dtype);
#ifdef ECG_AUTOCAST_BY_DEVICE
    at::autocast::set_autocast_enabled(type, on);
    at::autocast::set_autocast_dtype(type, scalar);
#else
    if (type == c10::DeviceType::CUDA) {
      at::autocast::set_enabled(on);
      at::autocast::set_autocast_gpu_dtype(scalar);
    } else if (type == c10::DeviceType::CPU) {
      at::autocast::set_cpu_enabled(on);
      at::autocast::set_autocast_cpu_dtype(scalar);
    } else {
      throw std::runtime_error("autocast supports cpu and cuda only");
    }
#endif
    if (!on) at::autocast::clear_cache();
  })
}

ECG_EXPORT int32_t ecg_autocast_is_enabled(int32_t device_type) {
#ifdef ECG_AUTOCAST_BY_DEVICE
  return at::autocast::is_autocast_enabled(static_cast<c10::DeviceType>(device_type)) ? 1 : 0;
#else
  return (device_type == 1 ? at::autocast::is_enabled() : at::autocast::is_cpu_enabled()) ? 1 : 0;
#endif
}

ECG_EXPORT int32_t ecg_cuda_synchronize(int32_t device) {
  ECG_STATUS({
#ifdef ECG_CUDA_RUNTIME
    c10::cuda::device_synchronize();
#else
    throw std::runtime_error("this shim was built without the CUDA runtime headers");
#endif
  })
}

// Peak and current bytes held by tensors on a CUDA device; -1 when unknown (no CUDA runtime).
ECG_EXPORT int32_t ecg_cuda_memory(int32_t device, int64_t* allocated, int64_t* peak_allocated, int64_t* reserved) {
  ECG_STATUS({
#ifdef ECG_CUDA_RUNTIME
    auto stats = c10::cuda::CUDACachingAllocator::getDeviceStats(device);
    *allocated = stats.allocated_bytes[0].current;
    *peak_allocated = stats.allocated_bytes[0].peak;
    *reserved = stats.reserved_bytes[0].current;
#else
    *allocated = *peak_allocated = *reserved = -1;
#endif
  })
}

ECG_EXPORT int32_t ecg_cuda_reset_peak_memory(int32_t device) {
  ECG_STATUS({
#ifdef ECG_CUDA_RUNTIME
    c10::cuda::CUDACachingAllocator::resetPeakStats(device);
#endif
  })
}
