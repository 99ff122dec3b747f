// In-place ops (optimisers, initialisers). They return a status; the C# side returns `this`.
#include "shim.h"
#include <cmath>

// alpha as an integer Scalar when it is integral: libtorch refuses a floating alpha for
// integer tensors, and an integral one is exact for float tensors too.
static at::Scalar ecg_alpha(double alpha) {
  if (alpha == std::floor(alpha) && std::fabs(alpha) < 9007199254740992.0) return at::Scalar((int64_t)alpha);
  return at::Scalar(alpha);
}

ECG_EXPORT int32_t ecg_add_(TensorHandle a, TensorHandle b, double alpha) { ECG_STATUS(a->add_(*b, ecg_alpha(alpha))) }
ECG_EXPORT int32_t ecg_add_scalar_(TensorHandle a, double s) { ECG_STATUS(a->add_(s)) }
ECG_EXPORT int32_t ecg_add_int_(TensorHandle a, int64_t s) { ECG_STATUS(a->add_(s)) }
ECG_EXPORT int32_t ecg_mul_int_(TensorHandle a, int64_t s) { ECG_STATUS(a->mul_(s)) }
ECG_EXPORT int32_t ecg_mul_(TensorHandle a, TensorHandle b) { ECG_STATUS(a->mul_(*b)) }
ECG_EXPORT int32_t ecg_mul_scalar_(TensorHandle a, double s) { ECG_STATUS(a->mul_(s)) }
ECG_EXPORT int32_t ecg_div_(TensorHandle a, TensorHandle b) { ECG_STATUS(a->div_(*b)) }
ECG_EXPORT int32_t ecg_div_scalar_(TensorHandle a, double s) { ECG_STATUS(a->div_(s)) }
ECG_EXPORT int32_t ecg_addcmul_(TensorHandle a, TensorHandle t1, TensorHandle t2, double value) { ECG_STATUS(a->addcmul_(*t1, *t2, value)) }
ECG_EXPORT int32_t ecg_addcdiv_(TensorHandle a, TensorHandle t1, TensorHandle t2, double value) { ECG_STATUS(a->addcdiv_(*t1, *t2, value)) }
ECG_EXPORT int32_t ecg_copy_(TensorHandle a, TensorHandle src, bool non_blocking) { ECG_STATUS(a->copy_(*src, non_blocking)) }
ECG_EXPORT int32_t ecg_zero_(TensorHandle a) { ECG_STATUS(a->zero_()) }
ECG_EXPORT int32_t ecg_fill_(TensorHandle a, double value) { ECG_STATUS(a->fill_(value)) }
ECG_EXPORT int32_t ecg_fill_int_(TensorHandle a, int64_t value) { ECG_STATUS(a->fill_(value)) }
ECG_EXPORT int32_t ecg_clamp_(TensorHandle a, bool has_min, double min, bool has_max, double max) {
  ECG_STATUS({
    auto lo = has_min ? c10::optional<at::Scalar>(at::Scalar(min)) : c10::optional<at::Scalar>();
    auto hi = has_max ? c10::optional<at::Scalar>(at::Scalar(max)) : c10::optional<at::Scalar>();
    a->clamp_(lo, hi);
  })
}
ECG_EXPORT int32_t ecg_uniform_(TensorHandle a, double from, double to) { ECG_STATUS(a->uniform_(from, to)) }
ECG_EXPORT int32_t ecg_normal_(TensorHandle a, double mean, double std) { ECG_STATUS(a->normal_(mean, std)) }
ECG_EXPORT int32_t ecg_sqrt_(TensorHandle a) { ECG_STATUS(a->sqrt_()) }
ECG_EXPORT int32_t ecg_exp_(TensorHandle a) { ECG_STATUS(a->exp_()) }
ECG_EXPORT int32_t ecg_neg_(TensorHandle a) { ECG_STATUS(a->neg_()) }
ECG_EXPORT int32_t ecg_relu_(TensorHandle a) { ECG_STATUS(at::relu_(*a)) }
ECG_EXPORT int32_t ecg_lerp_(TensorHandle a, TensorHandle end, double weight) { ECG_STATUS(a->lerp_(*end, weight)) }
ECG_EXPORT int32_t ecg_lerp_tensor_(TensorHandle a, TensorHandle end, TensorHandle weight) { ECG_STATUS(a->lerp_(*end, *weight)) }
ECG_EXPORT int32_t ecg_masked_fill_(TensorHandle a, TensorHandle mask, double value) { ECG_STATUS(a->masked_fill_(*mask, value)) }
