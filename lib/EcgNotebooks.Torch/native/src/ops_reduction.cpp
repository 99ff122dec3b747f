// Reductions. Dimension lists arrive as (pointer, count); an optional dtype is -1 when absent.
#include "shim.h"

static c10::optional<at::ScalarType> ecg_opt_dtype(int32_t dtype) {
  return dtype < 0 ? c10::optional<at::ScalarType>() : c10::optional<at::ScalarType>(static_cast<at::ScalarType>(dtype));
}

ECG_EXPORT TensorHandle ecg_sum_all(TensorHandle a, int32_t dtype) { ECG_TENSOR(at::sum(*a, ecg_opt_dtype(dtype))) }
ECG_EXPORT TensorHandle ecg_sum_dims(TensorHandle a, const int64_t* dims, int32_t n, bool keepdim, int32_t dtype) {
  ECG_TENSOR(at::sum(*a, at::OptionalIntArrayRef(ecg_dims(dims, n)), keepdim, ecg_opt_dtype(dtype)))
}
ECG_EXPORT TensorHandle ecg_mean_all(TensorHandle a, int32_t dtype) { ECG_TENSOR(at::mean(*a, ecg_opt_dtype(dtype))) }
ECG_EXPORT TensorHandle ecg_mean_dims(TensorHandle a, const int64_t* dims, int32_t n, bool keepdim, int32_t dtype) {
  ECG_TENSOR(at::mean(*a, at::OptionalIntArrayRef(ecg_dims(dims, n)), keepdim, ecg_opt_dtype(dtype)))
}

ECG_EXPORT TensorHandle ecg_max_all(TensorHandle a) { ECG_TENSOR(at::max(*a)) }
ECG_EXPORT TensorHandle ecg_min_all(TensorHandle a) { ECG_TENSOR(at::min(*a)) }
ECG_EXPORT int32_t ecg_max_dim(TensorHandle a, int64_t dim, bool keepdim, TensorHandle* values, TensorHandle* indices) {
  ECG_STATUS({
    auto r = at::max(*a, dim, keepdim);
    *values = new at::Tensor(std::get<0>(r));
    *indices = new at::Tensor(std::get<1>(r));
  })
}
ECG_EXPORT int32_t ecg_min_dim(TensorHandle a, int64_t dim, bool keepdim, TensorHandle* values, TensorHandle* indices) {
  ECG_STATUS({
    auto r = at::min(*a, dim, keepdim);
    *values = new at::Tensor(std::get<0>(r));
    *indices = new at::Tensor(std::get<1>(r));
  })
}
// has_dim false: over the flattened tensor.
ECG_EXPORT TensorHandle ecg_argmax(TensorHandle a, bool has_dim, int64_t dim, bool keepdim) {
  ECG_TENSOR(at::argmax(*a, has_dim ? c10::optional<int64_t>(dim) : c10::optional<int64_t>(), keepdim))
}
ECG_EXPORT TensorHandle ecg_argmin(TensorHandle a, bool has_dim, int64_t dim, bool keepdim) {
  ECG_TENSOR(at::argmin(*a, has_dim ? c10::optional<int64_t>(dim) : c10::optional<int64_t>(), keepdim))
}

// std/var take the bool `unbiased` overloads: they exist in 1.13 and 2.x alike, while the
// `correction` overloads changed type (optional<int64_t> -> optional<Scalar>) between them.
ECG_EXPORT TensorHandle ecg_std_all(TensorHandle a, bool unbiased) { ECG_TENSOR(at::std(*a, unbiased)) }
ECG_EXPORT TensorHandle ecg_var_all(TensorHandle a, bool unbiased) { ECG_TENSOR(at::var(*a, unbiased)) }
ECG_EXPORT TensorHandle ecg_std_dims(TensorHandle a, const int64_t* dims, int32_t n, bool unbiased, bool keepdim) {
  ECG_TENSOR(at::std(*a, at::OptionalIntArrayRef(ecg_dims(dims, n)), unbiased, keepdim))
}
ECG_EXPORT TensorHandle ecg_var_dims(TensorHandle a, const int64_t* dims, int32_t n, bool unbiased, bool keepdim) {
  ECG_TENSOR(at::var(*a, at::OptionalIntArrayRef(ecg_dims(dims, n)), unbiased, keepdim))
}

// Vector p-norm; n == 0 (dims null) means over every element.
ECG_EXPORT TensorHandle ecg_norm(TensorHandle a, double p, const int64_t* dims, int32_t n, bool keepdim) {
  ECG_TENSOR(at::linalg_vector_norm(*a, p, n == 0 ? at::OptionalIntArrayRef() : at::OptionalIntArrayRef(ecg_dims(dims, n)), keepdim))
}
ECG_EXPORT TensorHandle ecg_logsumexp(TensorHandle a, const int64_t* dims, int32_t n, bool keepdim) {
  ECG_TENSOR(at::logsumexp(*a, ecg_dims(dims, n), keepdim))
}
ECG_EXPORT TensorHandle ecg_all(TensorHandle a) { ECG_TENSOR(at::all(*a)) }
ECG_EXPORT TensorHandle ecg_any(TensorHandle a) { ECG_TENSOR(at::any(*a)) }
ECG_EXPORT TensorHandle ecg_all_dim(TensorHandle a, int64_t dim, bool keepdim) { ECG_TENSOR(at::all(*a, dim, keepdim)) }
ECG_EXPORT TensorHandle ecg_any_dim(TensorHandle a, int64_t dim, bool keepdim) { ECG_TENSOR(at::any(*a, dim, keepdim)) }
ECG_EXPORT int32_t ecg_allclose(TensorHandle a, TensorHandle b, double rtol, double atol, bool equal_nan, int32_t* result) {
  ECG_STATUS(*result = at::allclose(*a, *b, rtol, atol, equal_nan) ? 1 : 0)
}
ECG_EXPORT int32_t ecg_equal(TensorHandle a, TensorHandle b, int32_t* result) {
  ECG_STATUS(*result = at::equal(*a, *b) ? 1 : 0)
}

ECG_EXPORT TensorHandle ecg_matmul(TensorHandle a, TensorHandle b) { ECG_TENSOR(at::matmul(*a, *b)) }
ECG_EXPORT TensorHandle ecg_mm(TensorHandle a, TensorHandle b) { ECG_TENSOR(at::mm(*a, *b)) }
ECG_EXPORT TensorHandle ecg_bmm(TensorHandle a, TensorHandle b) { ECG_TENSOR(at::bmm(*a, *b)) }
ECG_EXPORT TensorHandle ecg_softmax(TensorHandle a, int64_t dim, int32_t dtype) { ECG_TENSOR(at::softmax(*a, dim, ecg_opt_dtype(dtype))) }
ECG_EXPORT TensorHandle ecg_log_softmax(TensorHandle a, int64_t dim, int32_t dtype) { ECG_TENSOR(at::log_softmax(*a, dim, ecg_opt_dtype(dtype))) }
