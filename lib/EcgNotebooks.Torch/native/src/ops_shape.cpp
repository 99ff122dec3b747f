// Views, reshaping, indexing, joining and splitting.
#include "shim.h"

ECG_EXPORT TensorHandle ecg_view(TensorHandle t, const int64_t* dims, int32_t n) { ECG_TENSOR(t->view(ecg_dims(dims, n))) }
ECG_EXPORT TensorHandle ecg_reshape(TensorHandle t, const int64_t* dims, int32_t n) { ECG_TENSOR(at::reshape(*t, ecg_dims(dims, n))) }
ECG_EXPORT TensorHandle ecg_permute(TensorHandle t, const int64_t* dims, int32_t n) { ECG_TENSOR(at::permute(*t, ecg_dims(dims, n))) }
ECG_EXPORT TensorHandle ecg_expand(TensorHandle t, const int64_t* dims, int32_t n) { ECG_TENSOR(t->expand(ecg_dims(dims, n))) }
ECG_EXPORT TensorHandle ecg_expand_as(TensorHandle t, TensorHandle other) { ECG_TENSOR(t->expand_as(*other)) }
ECG_EXPORT TensorHandle ecg_repeat(TensorHandle t, const int64_t* dims, int32_t n) { ECG_TENSOR(t->repeat(ecg_dims(dims, n))) }
ECG_EXPORT TensorHandle ecg_transpose(TensorHandle t, int64_t d0, int64_t d1) { ECG_TENSOR(at::transpose(*t, d0, d1)) }
ECG_EXPORT TensorHandle ecg_t(TensorHandle t) { ECG_TENSOR(at::t(*t)) }
ECG_EXPORT TensorHandle ecg_contiguous(TensorHandle t) { ECG_TENSOR(t->contiguous()) }
ECG_EXPORT int32_t ecg_is_contiguous(TensorHandle t) { return t->is_contiguous() ? 1 : 0; }
ECG_EXPORT TensorHandle ecg_squeeze(TensorHandle t) { ECG_TENSOR(at::squeeze(*t)) }
ECG_EXPORT TensorHandle ecg_squeeze_dim(TensorHandle t, int64_t dim) { ECG_TENSOR(at::squeeze(*t, dim)) }
ECG_EXPORT TensorHandle ecg_unsqueeze(TensorHandle t, int64_t dim) { ECG_TENSOR(at::unsqueeze(*t, dim)) }
ECG_EXPORT TensorHandle ecg_flatten(TensorHandle t, int64_t start, int64_t end) { ECG_TENSOR(at::flatten(*t, start, end)) }
ECG_EXPORT TensorHandle ecg_narrow(TensorHandle t, int64_t dim, int64_t start, int64_t length) { ECG_TENSOR(at::narrow(*t, dim, start, length)) }
ECG_EXPORT TensorHandle ecg_select(TensorHandle t, int64_t dim, int64_t index) { ECG_TENSOR(at::select(*t, dim, index)) }
// end == INT64_MAX means "to the end", as Python's omitted bound.
ECG_EXPORT TensorHandle ecg_slice(TensorHandle t, int64_t dim, int64_t start, int64_t end, int64_t step) {
  ECG_TENSOR(at::slice(*t, dim, start, end, step))
}
ECG_EXPORT TensorHandle ecg_index_select(TensorHandle t, int64_t dim, TensorHandle index) { ECG_TENSOR(at::index_select(*t, dim, *index)) }
ECG_EXPORT TensorHandle ecg_gather(TensorHandle t, int64_t dim, TensorHandle index) { ECG_TENSOR(at::gather(*t, dim, *index)) }
ECG_EXPORT TensorHandle ecg_masked_fill(TensorHandle t, TensorHandle mask, double value) { ECG_TENSOR(at::masked_fill(*t, *mask, value)) }
ECG_EXPORT TensorHandle ecg_masked_select(TensorHandle t, TensorHandle mask) { ECG_TENSOR(at::masked_select(*t, *mask)) }
ECG_EXPORT TensorHandle ecg_clone(TensorHandle t) { ECG_TENSOR(t->clone()) }
ECG_EXPORT TensorHandle ecg_where(TensorHandle cond, TensorHandle a, TensorHandle b) { ECG_TENSOR(at::where(*cond, *a, *b)) }
ECG_EXPORT TensorHandle ecg_where_scalar_other(TensorHandle cond, TensorHandle a, double b) { ECG_TENSOR(at::where(*cond, *a, at::Scalar(b))) }
ECG_EXPORT TensorHandle ecg_where_scalar_self(TensorHandle cond, double a, TensorHandle b) { ECG_TENSOR(at::where(*cond, at::Scalar(a), *b)) }
ECG_EXPORT TensorHandle ecg_one_hot(TensorHandle t, int64_t num_classes) { ECG_TENSOR(at::one_hot(*t, num_classes)) }

static std::vector<at::Tensor> ecg_tensor_list(const TensorHandle* tensors, int32_t n) {
  std::vector<at::Tensor> list;
  list.reserve((size_t)n);
  for (int32_t i = 0; i < n; ++i) list.push_back(*tensors[i]);
  return list;
}

ECG_EXPORT TensorHandle ecg_cat(const TensorHandle* tensors, int32_t n, int64_t dim) { ECG_TENSOR(at::cat(ecg_tensor_list(tensors, n), dim)) }
ECG_EXPORT TensorHandle ecg_stack(const TensorHandle* tensors, int32_t n, int64_t dim) { ECG_TENSOR(at::stack(ecg_tensor_list(tensors, n), dim)) }

// Hands the parts out through `out` (capacity entries); returns their count, or -1 on error.
static int32_t ecg_hand_out(const std::vector<at::Tensor>& parts, TensorHandle* out, int32_t capacity) {
  if ((int64_t)parts.size() > capacity) throw std::runtime_error("split: result buffer too small");
  for (size_t i = 0; i < parts.size(); ++i) out[i] = new at::Tensor(parts[i]);
  return (int32_t)parts.size();
}

#define ECG_PARTS(expr)              \
  try {                              \
    return ecg_hand_out(expr, out, capacity); \
  } catch (...) {                    \
    ecg_store_current_exception();   \
    return -1;                       \
  }

ECG_EXPORT int32_t ecg_split(TensorHandle t, int64_t size, int64_t dim, TensorHandle* out, int32_t capacity) {
  ECG_PARTS(at::split(*t, size, dim))
}
ECG_EXPORT int32_t ecg_split_sizes(TensorHandle t, const int64_t* sizes, int32_t n, int64_t dim, TensorHandle* out, int32_t capacity) {
  ECG_PARTS(at::split_with_sizes(*t, ecg_dims(sizes, n), dim))
}
ECG_EXPORT int32_t ecg_chunk(TensorHandle t, int64_t chunks, int64_t dim, TensorHandle* out, int32_t capacity) {
  ECG_PARTS(at::chunk(*t, chunks, dim))
}
