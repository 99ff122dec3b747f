// Elementwise arithmetic and autograd entry points (more ops join here and in sibling files).
#include "shim.h"

ECG_EXPORT TensorHandle ecg_add(TensorHandle a, TensorHandle b, double alpha) { ECG_TENSOR(at::add(*a, *b, alpha)) }
ECG_EXPORT TensorHandle ecg_mul(TensorHandle a, TensorHandle b) { ECG_TENSOR(at::mul(*a, *b)) }
ECG_EXPORT TensorHandle ecg_matmul(TensorHandle a, TensorHandle b) { ECG_TENSOR(at::matmul(*a, *b)) }
ECG_EXPORT TensorHandle ecg_sum_all(TensorHandle a) { ECG_TENSOR(a->sum()) }

ECG_EXPORT int32_t ecg_requires_grad(TensorHandle t) { return t->requires_grad() ? 1 : 0; }
ECG_EXPORT int32_t ecg_set_requires_grad(TensorHandle t, bool on) { ECG_STATUS(t->set_requires_grad(on)) }
// *out is null when the tensor has no gradient yet.
ECG_EXPORT int32_t ecg_grad(TensorHandle t, TensorHandle* out) {
  ECG_STATUS({
    auto g = t->grad();
    *out = g.defined() ? new at::Tensor(g) : nullptr;
  })
}
ECG_EXPORT int32_t ecg_backward(TensorHandle t, TensorHandle gradient, bool retain_graph) {
  ECG_STATUS(t->backward(gradient ? *gradient : at::Tensor(), retain_graph))
}
ECG_EXPORT TensorHandle ecg_detach(TensorHandle t) { ECG_TENSOR(t->detach()) }

// Grad mode is thread-local in libtorch, as in PyTorch.
ECG_EXPORT int32_t ecg_is_grad_enabled() { return at::GradMode::is_enabled() ? 1 : 0; }
ECG_EXPORT void ecg_set_grad_enabled(bool on) { at::GradMode::set_enabled(on); }
