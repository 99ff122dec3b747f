// Elementwise arithmetic, comparisons, unary maths and activations, and the autograd entry points.
// Scalars arrive as double; libtorch's type promotion treats them as Python numbers (a float32
// tensor plus a double stays float32).
#include "shim.h"
#include <cmath>

// alpha as an integer Scalar when it is integral: libtorch refuses a floating alpha for
// integer tensors, and an integral one is exact for float tensors too.
static at::Scalar ecg_alpha(double alpha) {
  if (alpha == std::floor(alpha) && std::fabs(alpha) < 9007199254740992.0) return at::Scalar((int64_t)alpha);
  return at::Scalar(alpha);
}

#define ECG_BINARY(name, expr) \
  ECG_EXPORT TensorHandle ecg_##name(TensorHandle a, TensorHandle b) { ECG_TENSOR(expr) }
#define ECG_BINARY_SCALAR(name, expr) \
  ECG_EXPORT TensorHandle ecg_##name(TensorHandle a, double s) { ECG_TENSOR(expr) }
#define ECG_UNARY(name, expr) \
  ECG_EXPORT TensorHandle ecg_##name(TensorHandle a) { ECG_TENSOR(expr) }

ECG_EXPORT TensorHandle ecg_add(TensorHandle a, TensorHandle b, double alpha) { ECG_TENSOR(at::add(*a, *b, ecg_alpha(alpha))) }
ECG_EXPORT TensorHandle ecg_sub(TensorHandle a, TensorHandle b, double alpha) { ECG_TENSOR(at::sub(*a, *b, ecg_alpha(alpha))) }
ECG_BINARY(mul, at::mul(*a, *b))
ECG_BINARY(div, at::div(*a, *b))
ECG_BINARY(pow, at::pow(*a, *b))
ECG_BINARY(maximum, at::maximum(*a, *b))
ECG_BINARY(minimum, at::minimum(*a, *b))

ECG_BINARY_SCALAR(add_scalar, at::add(*a, s))
ECG_BINARY_SCALAR(sub_scalar, at::sub(*a, s))
ECG_BINARY_SCALAR(mul_scalar, at::mul(*a, s))
ECG_BINARY_SCALAR(div_scalar, at::div(*a, s))
ECG_BINARY_SCALAR(pow_scalar, at::pow(*a, s))
// s - a, s / a (as PyTorch's __rtruediv__: reciprocal times s), s ** a.
ECG_BINARY_SCALAR(rsub_scalar, at::rsub(*a, s))
ECG_BINARY_SCALAR(rdiv_scalar, at::mul(at::reciprocal(*a), s))
ECG_BINARY_SCALAR(rpow_scalar, at::pow(at::Scalar(s), *a))

// Integer scalars: an Int64 tensor times 2 stays Int64, as with a Python int (a double would
// promote it to float).
#define ECG_BINARY_INT(name, expr) \
  ECG_EXPORT TensorHandle ecg_##name(TensorHandle a, int64_t s) { ECG_TENSOR(expr) }
ECG_BINARY_INT(add_int, at::add(*a, s))
ECG_BINARY_INT(sub_int, at::sub(*a, s))
ECG_BINARY_INT(mul_int, at::mul(*a, s))
ECG_BINARY_INT(pow_int, at::pow(*a, s))
ECG_BINARY_INT(rsub_int, at::rsub(*a, s))

// Comparisons give Bool tensors.
ECG_BINARY(eq, at::eq(*a, *b))
ECG_BINARY(ne, at::ne(*a, *b))
ECG_BINARY(lt, at::lt(*a, *b))
ECG_BINARY(le, at::le(*a, *b))
ECG_BINARY(gt, at::gt(*a, *b))
ECG_BINARY(ge, at::ge(*a, *b))
ECG_BINARY_SCALAR(eq_scalar, at::eq(*a, s))
ECG_BINARY_SCALAR(ne_scalar, at::ne(*a, s))
ECG_BINARY_SCALAR(lt_scalar, at::lt(*a, s))
ECG_BINARY_SCALAR(le_scalar, at::le(*a, s))
ECG_BINARY_SCALAR(gt_scalar, at::gt(*a, s))
ECG_BINARY_SCALAR(ge_scalar, at::ge(*a, s))
ECG_BINARY(logical_and, at::logical_and(*a, *b))
ECG_BINARY(logical_or, at::logical_or(*a, *b))
ECG_UNARY(logical_not, at::logical_not(*a))

static c10::optional<at::Scalar> ecg_opt(bool has, double v) {
  return has ? c10::optional<at::Scalar>(at::Scalar(v)) : c10::optional<at::Scalar>();
}
ECG_EXPORT TensorHandle ecg_clamp(TensorHandle a, bool has_min, double min, bool has_max, double max) {
  ECG_TENSOR(at::clamp(*a, ecg_opt(has_min, min), ecg_opt(has_max, max)))
}

ECG_UNARY(exp, at::exp(*a))
ECG_UNARY(log, at::log(*a))
ECG_UNARY(log1p, at::log1p(*a))
ECG_UNARY(sqrt, at::sqrt(*a))
ECG_UNARY(rsqrt, at::rsqrt(*a))
ECG_UNARY(abs, at::abs(*a))
ECG_UNARY(neg, at::neg(*a))
ECG_UNARY(reciprocal, at::reciprocal(*a))
ECG_UNARY(square, at::square(*a))
ECG_UNARY(sin, at::sin(*a))
ECG_UNARY(cos, at::cos(*a))
ECG_UNARY(tanh, at::tanh(*a))
ECG_UNARY(sigmoid, at::sigmoid(*a))
ECG_UNARY(relu, at::relu(*a))
ECG_UNARY(silu, at::silu(*a))
ECG_UNARY(sign, at::sign(*a))
ECG_UNARY(floor, at::floor(*a))
ECG_UNARY(ceil, at::ceil(*a))
ECG_UNARY(round, at::round(*a))
ECG_BINARY_SCALAR(leaky_relu, at::leaky_relu(*a, s))
ECG_EXPORT TensorHandle ecg_gelu(TensorHandle a, bool tanh_approximation) {
  ECG_TENSOR(at::gelu(*a, tanh_approximation ? "tanh" : "none"))
}
ECG_EXPORT TensorHandle ecg_softplus(TensorHandle a, double beta, double threshold) { ECG_TENSOR(at::softplus(*a, beta, threshold)) }

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
ECG_EXPORT int32_t ecg_is_leaf(TensorHandle t) { return t->is_leaf() ? 1 : 0; }

// Grad mode is thread-local in libtorch, as in PyTorch.
ECG_EXPORT int32_t ecg_is_grad_enabled() { return at::GradMode::is_enabled() ? 1 : 0; }
ECG_EXPORT void ecg_set_grad_enabled(bool on) { at::GradMode::set_enabled(on); }
