// torch.nn.functional: layers, pooling, resampling, activations and losses. One export per op,
// each a direct call of the ATen function PyTorch's own Python wrapper calls, so results and
// kernels (oneDNN, cuDNN) are the same. Only ATen signatures present in 1.13 and 2.x are used.
#include "shim.h"
#include <cmath>

static inline c10::optional<at::Tensor> ecg_opt(TensorHandle t) {
  return t ? c10::optional<at::Tensor>(*t) : c10::optional<at::Tensor>();
}

ECG_EXPORT TensorHandle ecg_nn_conv1d(TensorHandle input, TensorHandle weight, TensorHandle bias, int64_t stride,
                                      int64_t padding, int64_t dilation, int64_t groups) {
  ECG_TENSOR(at::conv1d(*input, *weight, ecg_opt(bias), {stride}, {padding}, {dilation}, groups))
}

// stride, padding, dilation: two values each (height, width).
ECG_EXPORT TensorHandle ecg_nn_conv2d(TensorHandle input, TensorHandle weight, TensorHandle bias, const int64_t* stride,
                                      const int64_t* padding, const int64_t* dilation, int64_t groups) {
  ECG_TENSOR(at::conv2d(*input, *weight, ecg_opt(bias), ecg_dims(stride, 2), ecg_dims(padding, 2), ecg_dims(dilation, 2), groups))
}

ECG_EXPORT TensorHandle ecg_nn_conv_transpose1d(TensorHandle input, TensorHandle weight, TensorHandle bias, int64_t stride,
                                                int64_t padding, int64_t output_padding, int64_t groups, int64_t dilation) {
  ECG_TENSOR(at::conv_transpose1d(*input, *weight, ecg_opt(bias), {stride}, {padding}, {output_padding}, groups, {dilation}))
}

// In training mode with running statistics, PyTorch's module also counts the batches it has seen
// (num_batches_tracked); `batches` is that counter or null.
ECG_EXPORT TensorHandle ecg_nn_batch_norm(TensorHandle input, TensorHandle running_mean, TensorHandle running_var,
                                          TensorHandle weight, TensorHandle bias, TensorHandle batches, bool training,
                                          double momentum, double eps) {
  ECG_TENSOR(({
    if (training && batches) {
      at::NoGradGuard no_grad;
      batches->add_(1);
    }
    at::batch_norm(*input, ecg_opt(weight), ecg_opt(bias), ecg_opt(running_mean), ecg_opt(running_var), training,
                   momentum, eps, at::globalContext().userEnabledCuDNN());
  }))
}

ECG_EXPORT TensorHandle ecg_nn_layer_norm(TensorHandle input, const int64_t* shape, int32_t ndim, TensorHandle weight,
                                          TensorHandle bias, double eps) {
  ECG_TENSOR(at::layer_norm(*input, ecg_dims(shape, ndim), ecg_opt(weight), ecg_opt(bias), eps, at::globalContext().userEnabledCuDNN()))
}

ECG_EXPORT TensorHandle ecg_nn_linear(TensorHandle input, TensorHandle weight, TensorHandle bias) {
  ECG_TENSOR(at::linear(*input, *weight, ecg_opt(bias)))
}

ECG_EXPORT TensorHandle ecg_nn_dropout(TensorHandle input, double p, bool training) {
  ECG_TENSOR(at::dropout(*input, p, training))
}

ECG_EXPORT TensorHandle ecg_nn_max_pool1d(TensorHandle input, int64_t kernel, int64_t stride, int64_t padding,
                                          int64_t dilation, bool ceil_mode) {
  ECG_TENSOR(at::max_pool1d(*input, {kernel}, {stride}, {padding}, {dilation}, ceil_mode))
}

ECG_EXPORT TensorHandle ecg_nn_avg_pool1d(TensorHandle input, int64_t kernel, int64_t stride, int64_t padding,
                                          bool ceil_mode, bool count_include_pad) {
  ECG_TENSOR(at::avg_pool1d(*input, {kernel}, {stride}, {padding}, ceil_mode, count_include_pad))
}

// kernel, stride, padding: two values each.
ECG_EXPORT TensorHandle ecg_nn_avg_pool2d(TensorHandle input, const int64_t* kernel, const int64_t* stride,
                                          const int64_t* padding, bool ceil_mode, bool count_include_pad) {
  ECG_TENSOR(at::avg_pool2d(*input, ecg_dims(kernel, 2), ecg_dims(stride, 2), ecg_dims(padding, 2), ceil_mode, count_include_pad))
}

ECG_EXPORT TensorHandle ecg_nn_adaptive_avg_pool1d(TensorHandle input, int64_t output_size) {
  ECG_TENSOR(at::adaptive_avg_pool1d(*input, {output_size}))
}

// mode 0 = nearest, 1 = linear; `scale` is NaN when the caller gave an output size (PyTorch then
// maps coordinates by the size ratio, otherwise by the scale factor itself).
ECG_EXPORT TensorHandle ecg_nn_interpolate1d(TensorHandle input, int64_t output_size, double scale, int32_t mode, bool align_corners) {
  ECG_TENSOR(({
    c10::optional<double> scales = std::isnan(scale) ? c10::optional<double>() : c10::optional<double>(scale);
    at::IntArrayRef size(&output_size, 1);
    mode == 0 ? at::upsample_nearest1d(*input, size, scales) : at::upsample_linear1d(*input, size, align_corners, scales);
  }))
}

ECG_EXPORT TensorHandle ecg_nn_embedding(TensorHandle weight, TensorHandle indices, int64_t padding_idx) {
  ECG_TENSOR(at::embedding(*weight, *indices, padding_idx))
}

// reduction: 0 none, 1 mean, 2 sum (at::Reduction).
ECG_EXPORT TensorHandle ecg_nn_cross_entropy(TensorHandle input, TensorHandle target, TensorHandle weight, int64_t reduction,
                                             int64_t ignore_index, double label_smoothing) {
  ECG_TENSOR(at::cross_entropy_loss(*input, *target, ecg_opt(weight), reduction, ignore_index, label_smoothing))
}

ECG_EXPORT TensorHandle ecg_nn_bce_with_logits(TensorHandle input, TensorHandle target, TensorHandle weight,
                                               TensorHandle pos_weight, int64_t reduction) {
  ECG_TENSOR(at::binary_cross_entropy_with_logits(*input, *target, ecg_opt(weight), ecg_opt(pos_weight), reduction))
}

ECG_EXPORT TensorHandle ecg_nn_mse_loss(TensorHandle input, TensorHandle target, int64_t reduction) {
  ECG_TENSOR(at::mse_loss(*input, *target, reduction))
}

// Activations (kind: 0 relu, 1 gelu, 2 silu, 3 tanh, 4 sigmoid, 5 leaky_relu(arg), 6 elu(arg)).
ECG_EXPORT TensorHandle ecg_nn_activation(TensorHandle input, int32_t kind, double arg) {
  ECG_TENSOR(({
    at::Tensor r;
    switch (kind) {
      case 0: r = at::relu(*input); break;
      case 1: r = at::gelu(*input); break;
      case 2: r = at::silu(*input); break;
      case 3: r = at::tanh(*input); break;
      case 4: r = at::sigmoid(*input); break;
      case 5: r = at::leaky_relu(*input, arg); break;
      case 6: r = at::elu(*input, arg); break;
      default: throw std::invalid_argument("unknown activation kind");
    }
    r;
  }))
}

ECG_EXPORT TensorHandle ecg_nn_softmax(TensorHandle input, int64_t dim, bool log) {
  ECG_TENSOR(log ? at::log_softmax(*input, dim) : at::softmax(*input, dim))
}

ECG_EXPORT TensorHandle ecg_nn_flatten(TensorHandle input, int64_t start, int64_t end) {
  ECG_TENSOR(at::flatten(*input, start, end))
}

// Multi-head attention with separate q/k/v projections (PyTorch's layout when
// _qkv_same_embed_dim is False), as torch.nn.functional.multi_head_attention_forward computes
// it: project, split heads, q/sqrt(d) @ k^T (+ masks as -inf), softmax, dropout, @ v, merge
// heads, output projection. Inputs are (batch, length, features) when batch_first, else
// (length, batch, features). key_padding_mask (batch, Lk): true or non-zero = ignore that key;
// a float mask is added. attn_mask (Lq, Lk): bool (true = not allowed) or float (added).
// *weights gets (batch, Lq, Lk) averaged over heads or (batch, heads, Lq, Lk), or null.
ECG_EXPORT TensorHandle ecg_nn_multi_head_attention(TensorHandle query, TensorHandle key, TensorHandle value,
                                                    TensorHandle q_w, TensorHandle k_w, TensorHandle v_w,
                                                    TensorHandle in_bias, TensorHandle out_w, TensorHandle out_b,
                                                    int64_t num_heads, double dropout, bool training, bool batch_first,
                                                    TensorHandle key_padding_mask, TensorHandle attn_mask,
                                                    bool need_weights, bool average_weights, TensorHandle* weights) {
  ECG_TENSOR(({
    *weights = nullptr;
    at::Tensor q_in = batch_first ? *query : query->transpose(0, 1);
    at::Tensor k_in = batch_first ? *key : key->transpose(0, 1);
    at::Tensor v_in = batch_first ? *value : value->transpose(0, 1);
    TORCH_CHECK(q_in.dim() == 3 && k_in.dim() == 3 && v_in.dim() == 3,
                "multi_head_attention: expected 3-D query, key and value, got ", q_in.dim(), "-D, ", k_in.dim(), "-D, ", v_in.dim(), "-D");
    const int64_t B = q_in.size(0), Lq = q_in.size(1), Lk = k_in.size(1), E = q_w->size(0);
    TORCH_CHECK(E % num_heads == 0, "multi_head_attention: embed_dim ", E, " is not divisible by num_heads ", num_heads);
    TORCH_CHECK(k_in.size(0) == B && v_in.size(0) == B && v_in.size(1) == Lk,
                "multi_head_attention: Expected size of key and value to match (batch ", B, ", length ", Lk, ")");
    const int64_t d = E / num_heads;
    c10::optional<at::Tensor> bq, bk, bv;
    if (in_bias) {
      auto parts = in_bias->chunk(3);
      bq = parts[0]; bk = parts[1]; bv = parts[2];
    }
    // (B, L, E) -> (B, H, L, d)
    auto heads = [&](const at::Tensor& t, int64_t L) { return t.view({B, L, num_heads, d}).transpose(1, 2); };
    at::Tensor q = heads(at::linear(q_in, *q_w, bq), Lq);
    at::Tensor k = heads(at::linear(k_in, *k_w, bk), Lk);
    at::Tensor v = heads(at::linear(v_in, *v_w, bv), Lk);
    q = q / std::sqrt((double)d);
    at::Tensor scores = at::matmul(q, k.transpose(-2, -1));  // (B, H, Lq, Lk)
    auto apply_mask = [&](const at::Tensor& mask, at::IntArrayRef shape) {
      auto m = mask.view(shape);
      if (m.scalar_type() == at::kBool) scores = scores.masked_fill(m, -std::numeric_limits<double>::infinity());
      else scores = scores + m.to(scores.scalar_type());
    };
    if (attn_mask) apply_mask(*attn_mask, {1, 1, Lq, Lk});
    if (key_padding_mask) apply_mask(*key_padding_mask, {B, 1, 1, Lk});
    at::Tensor attn = at::softmax(scores, -1);
    if (training && dropout > 0) attn = at::dropout(attn, dropout, true);
    at::Tensor out = at::matmul(attn, v).transpose(1, 2).reshape({B, Lq, E});
    out = at::linear(out, *out_w, ecg_opt(out_b));
    if (!batch_first) out = out.transpose(0, 1);
    if (need_weights) *weights = new at::Tensor(average_weights ? attn.sum(1) / (double)num_heads : attn);
    out;
  }))
}

// torch.lstm over all layers and directions. params: per layer and direction w_ih, w_hh[, b_ih,
// b_hh] (PyTorch's order). h0/c0 may be null (zeros). Returns the output; *h_n, *c_n the states.
ECG_EXPORT TensorHandle ecg_nn_lstm(TensorHandle input, TensorHandle h0, TensorHandle c0, TensorHandle* params, int32_t nparams,
                                    bool has_biases, int64_t num_layers, double dropout, bool training, bool bidirectional,
                                    bool batch_first, TensorHandle* h_n, TensorHandle* c_n) {
  ECG_TENSOR(({
    *h_n = nullptr;
    *c_n = nullptr;
    std::vector<at::Tensor> weights;
    weights.reserve(nparams);
    for (int32_t i = 0; i < nparams; ++i) weights.push_back(*params[i]);
    const int64_t dirs = bidirectional ? 2 : 1;
    const int64_t hidden = weights[1].size(1);
    at::Tensor h, c;
    if (h0 && c0) {
      h = *h0;
      c = *c0;
    } else {
      TORCH_CHECK(input->dim() == 3, "lstm: Expected 3-D input (batch, length, features), got ", input->dim(), "-D");
      const int64_t batch = input->size(batch_first ? 0 : 1);
      h = at::zeros({num_layers * dirs, batch, hidden}, input->options());
      c = at::zeros({num_layers * dirs, batch, hidden}, input->options());
    }
    auto result = at::lstm(*input, {h, c}, weights, has_biases, num_layers, dropout, training, bidirectional, batch_first);
    *h_n = new at::Tensor(std::get<1>(result));
    *c_n = new at::Tensor(std::get<2>(result));
    std::get<0>(result);
  }))
}
