// What nn.Module needs from libtorch: turning a tensor into a parameter, in-place moves and copies
// that keep the tensor object (so optimizers holding it stay valid), initialisers, gradients,
// and the generator state for exact checkpoints. Everything here runs without autograd recording.
#include "shim.h"
#include <ATen/CPUGeneratorImpl.h>
#include <cmath>

// Makes *t a leaf that requires grad (like nn.Parameter), in place: the handle stays the same.
ECG_EXPORT int32_t ecg_nn_make_parameter(TensorHandle t, bool requires_grad) {
  ECG_STATUS({
    *t = t->detach();
    t->set_requires_grad(requires_grad);
  })
}

// Moves/converts the tensor's data in place (PyTorch's Module._apply with param.data = fn(param)):
// the at::Tensor object, its requires_grad and its identity for optimizers stay; its gradient moves
// too. dtype < 0 keeps the dtype; convert_dtype only for floating-point tensors.
ECG_EXPORT int32_t ecg_nn_set_data_to(TensorHandle t, int32_t device_type, int32_t device_index, int32_t dtype) {
  ECG_STATUS({
    at::NoGradGuard no_grad;
    auto device = ecg_device(device_type, device_index);
    auto type = dtype >= 0 && t->is_floating_point() ? static_cast<at::ScalarType>(dtype) : t->scalar_type();
    if (t->device() == device && t->scalar_type() == type) return 0;
    t->set_data(t->to(device, type));
    auto& g = t->mutable_grad();
    if (g.defined()) g = g.to(device, type);
  })
}

// dst.copy_(src) without autograd; shapes must match exactly (load_state_dict semantics).
ECG_EXPORT int32_t ecg_nn_copy_into(TensorHandle dst, TensorHandle src) {
  ECG_STATUS({
    TORCH_CHECK(dst->sizes() == src->sizes(), "size mismatch: expected ", dst->sizes(), ", got ", src->sizes());
    at::NoGradGuard no_grad;
    dst->copy_(*src);
  })
}

// kind 0: uniform_(a, b); 1: normal_(mean = a, std = b); 2: fill_(a).
ECG_EXPORT int32_t ecg_nn_init(TensorHandle t, int32_t kind, double a, double b) {
  ECG_STATUS({
    at::NoGradGuard no_grad;
    switch (kind) {
      case 0: t->uniform_(a, b); break;
      case 1: t->normal_(a, b); break;
      case 2: t->fill_(a); break;
      default: throw std::invalid_argument("unknown init kind");
    }
  })
}

// Drops the gradients (PyTorch 2's zero_grad(set_to_none=True)).
ECG_EXPORT int32_t ecg_nn_zero_grad(TensorHandle* params, int32_t n) {
  ECG_STATUS({
    for (int32_t i = 0; i < n; ++i) params[i]->mutable_grad() = at::Tensor();
  })
}

// torch.nn.utils.clip_grad_norm_ (PyTorch 1.13's arithmetic): total norm of all gradients,
// each scaled by min(1, max_norm / (total + 1e-6)). *total_norm gets the norm before clipping.
ECG_EXPORT int32_t ecg_nn_clip_grad_norm(TensorHandle* params, int32_t n, double max_norm, double norm_type, double* total_norm) {
  ECG_STATUS({
    at::NoGradGuard no_grad;
    std::vector<at::Tensor> grads;
    for (int32_t i = 0; i < n; ++i) {
      const auto& g = params[i]->grad();
      if (g.defined()) grads.push_back(g);
    }
    *total_norm = 0;
    if (grads.empty()) return 0;
    auto device = grads[0].device();
    std::vector<at::Tensor> norms;
    at::Tensor total;
    if (std::isinf(norm_type)) {
      for (auto& g : grads) norms.push_back(g.abs().max().to(device));
      total = norms.size() == 1 ? norms[0] : at::stack(norms).max();
    } else {
      for (auto& g : grads) norms.push_back(at::norm(g, norm_type).to(device));
      total = at::norm(at::stack(norms), norm_type);
    }
    auto coef = at::clamp(max_norm / (total + 1e-6), c10::nullopt, 1.0);
    for (auto& g : grads) g.mul_(coef.to(g.device()));
    *total_norm = total.item<double>();
  })
}

// The default CPU generator's state (a uint8 tensor) and its restoration: a resumed run draws the
// same dropout masks and shuffles.
ECG_EXPORT TensorHandle ecg_nn_cpu_rng_state() {
  ECG_TENSOR(({
    auto gen = at::detail::getDefaultCPUGenerator();
    std::lock_guard<std::mutex> lock(gen.mutex());
    gen.get_state();
  }))
}

ECG_EXPORT int32_t ecg_nn_set_cpu_rng_state(TensorHandle state) {
  ECG_STATUS({
    auto gen = at::detail::getDefaultCPUGenerator();
    std::lock_guard<std::mutex> lock(gen.mutex());
    gen.set_state(*state);
  })
}
