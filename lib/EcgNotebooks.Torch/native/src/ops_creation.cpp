// Factories: zeros/ones/empty/full/arange/rand/randn/randint/eye and the *_like forms.
// torch:: factories (not at::) so that requires_grad in the options is honoured.
#include "shim.h"

static at::TensorOptions ecg_options(int32_t dtype, int32_t device_type, int32_t device_index, bool requires_grad) {
  return at::TensorOptions()
      .dtype(static_cast<at::ScalarType>(dtype))
      .device(ecg_device(device_type, device_index))
      .requires_grad(requires_grad);
}

// For *_like: dtype or device_type < 0 keeps the source tensor's.
static at::TensorOptions ecg_like_options(const at::Tensor& t, int32_t dtype, int32_t device_type, int32_t device_index, bool requires_grad) {
  auto options = at::TensorOptions()
      .dtype(dtype < 0 ? t.scalar_type() : static_cast<at::ScalarType>(dtype))
      .device(device_type < 0 ? t.device() : ecg_device(device_type, device_index))
      .requires_grad(requires_grad);
  return options;
}

#define ECG_FACTORY(name, fn)                                                                              \
  ECG_EXPORT TensorHandle ecg_##name(const int64_t* dims, int32_t ndim, int32_t dtype, int32_t device_type, \
                                     int32_t device_index, bool requires_grad) {                            \
    ECG_TENSOR(fn(ecg_dims(dims, ndim), ecg_options(dtype, device_type, device_index, requires_grad)))      \
  }

ECG_FACTORY(zeros, torch::zeros)
ECG_FACTORY(ones, torch::ones)
ECG_FACTORY(empty, torch::empty)
ECG_FACTORY(rand, torch::rand)
ECG_FACTORY(randn, torch::randn)

ECG_EXPORT TensorHandle ecg_full(const int64_t* dims, int32_t ndim, double value, int32_t dtype, int32_t device_type,
                                 int32_t device_index, bool requires_grad) {
  ECG_TENSOR(torch::full(ecg_dims(dims, ndim), value, ecg_options(dtype, device_type, device_index, requires_grad)))
}

// Integer fill value: exact for every int64 (a double is not beyond 2^53).
ECG_EXPORT TensorHandle ecg_full_int(const int64_t* dims, int32_t ndim, int64_t value, int32_t dtype, int32_t device_type,
                                     int32_t device_index, bool requires_grad) {
  ECG_TENSOR(torch::full(ecg_dims(dims, ndim), value, ecg_options(dtype, device_type, device_index, requires_grad)))
}

ECG_EXPORT TensorHandle ecg_arange(double start, double end, double step, int32_t dtype, int32_t device_type,
                                   int32_t device_index, bool requires_grad) {
  ECG_TENSOR(torch::arange(start, end, step, ecg_options(dtype, device_type, device_index, requires_grad)))
}

ECG_EXPORT TensorHandle ecg_randint(int64_t low, int64_t high, const int64_t* dims, int32_t ndim, int32_t dtype,
                                    int32_t device_type, int32_t device_index, bool requires_grad) {
  ECG_TENSOR(torch::randint(low, high, ecg_dims(dims, ndim), ecg_options(dtype, device_type, device_index, requires_grad)))
}

ECG_EXPORT TensorHandle ecg_eye(int64_t n, int64_t m, int32_t dtype, int32_t device_type, int32_t device_index,
                                bool requires_grad) {
  ECG_TENSOR(torch::eye(n, m, ecg_options(dtype, device_type, device_index, requires_grad)))
}

#define ECG_LIKE(name, fn)                                                                                   \
  ECG_EXPORT TensorHandle ecg_##name(TensorHandle t, int32_t dtype, int32_t device_type, int32_t device_index, \
                                     bool requires_grad) {                                                    \
    ECG_TENSOR(fn(*t, ecg_like_options(*t, dtype, device_type, device_index, requires_grad)))                  \
  }

ECG_LIKE(zeros_like, torch::zeros_like)
ECG_LIKE(ones_like, torch::ones_like)
ECG_LIKE(empty_like, torch::empty_like)
ECG_LIKE(rand_like, torch::rand_like)
ECG_LIKE(randn_like, torch::randn_like)

ECG_EXPORT TensorHandle ecg_full_like(TensorHandle t, double value, int32_t dtype, int32_t device_type,
                                      int32_t device_index, bool requires_grad) {
  ECG_TENSOR(torch::full_like(*t, value, ecg_like_options(*t, dtype, device_type, device_index, requires_grad)))
}
