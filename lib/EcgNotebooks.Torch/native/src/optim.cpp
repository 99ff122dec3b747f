// Optimizer steps: one call per step over all parameters. The state tensors (momentum buffers,
// Adam moments) and per-parameter step counts belong to the C# optimizer, so checkpoints save
// and restore them exactly. The arithmetic follows PyTorch 1.13's single-tensor implementations
// (torch/optim/sgd.py, adam.py, adamw.py) op by op, so results match PyTorch bit for bit on CPU.
// Parameters without a gradient are skipped and their step count stays.
#include "shim.h"
#include <cmath>

// bufs[i]: momentum buffer (ignored when momentum == 0); steps[i]: steps taken (0 = the buffer
// is still empty and receives a copy of the gradient, as PyTorch's lazily created buffer).
ECG_EXPORT int32_t ecg_optim_sgd_step(TensorHandle* params, TensorHandle* bufs, int64_t* steps, int32_t n, double lr,
                                      double momentum, double dampening, double weight_decay, bool nesterov, bool maximize) {
  ECG_STATUS({
    at::NoGradGuard no_grad;
    for (int32_t i = 0; i < n; ++i) {
      auto& param = *params[i];
      const auto& grad = param.grad();
      if (!grad.defined()) continue;
      at::Tensor d_p = maximize ? -grad : grad;
      if (weight_decay != 0) d_p = d_p.add(param, weight_decay);
      if (momentum != 0) {
        auto& buf = *bufs[i];
        if (steps[i] == 0) buf.copy_(d_p);
        else buf.mul_(momentum).add_(d_p, 1 - dampening);
        d_p = nesterov ? d_p.add(buf, momentum) : buf;
      }
      param.add_(d_p, -lr);
      steps[i] += 1;
    }
  })
}

// Adam (decoupled = false: weight_decay is L2 added to the gradient) and AdamW (decoupled = true:
// the parameter shrinks by lr * weight_decay before the update).
ECG_EXPORT int32_t ecg_optim_adam_step(TensorHandle* params, TensorHandle* exp_avgs, TensorHandle* exp_avg_sqs, int64_t* steps,
                                       int32_t n, double lr, double beta1, double beta2, double eps, double weight_decay,
                                       bool decoupled, bool maximize) {
  ECG_STATUS({
    at::NoGradGuard no_grad;
    for (int32_t i = 0; i < n; ++i) {
      auto& param = *params[i];
      const auto& g = param.grad();
      if (!g.defined()) continue;
      at::Tensor grad = maximize ? -g : g;
      auto& exp_avg = *exp_avgs[i];
      auto& exp_avg_sq = *exp_avg_sqs[i];
      const int64_t step = ++steps[i];
      if (decoupled) param.mul_(1 - lr * weight_decay);
      else if (weight_decay != 0) grad = grad.add(param, weight_decay);
      exp_avg.mul_(beta1).add_(grad, 1 - beta1);
      exp_avg_sq.mul_(beta2).addcmul_(grad, grad, 1 - beta2);
      const double bias_correction1 = 1 - std::pow(beta1, (double)step);
      const double bias_correction2 = 1 - std::pow(beta2, (double)step);
      const double step_size = lr / bias_correction1;
      const double bias_correction2_sqrt = std::sqrt(bias_correction2);
      auto denom = (exp_avg_sq.sqrt() / bias_correction2_sqrt).add_(eps);
      param.addcdiv_(exp_avg, denom, -step_size);
    }
  })
}
