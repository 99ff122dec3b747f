using EcgNotebooks.Torch.Native;

namespace EcgNotebooks.Torch;

// In-place ops (trailing underscore, as PyTorch): they change this tensor and return it, so no
// new handle is made. On a leaf that requires grad they need torch.no_grad(), as in PyTorch.
public partial class Tensor
{
    public Tensor add_(Tensor other, double alpha = 1) { Check(NativeMethods.ecg_add_(Handle, other.Handle, alpha)); return this; }
    public Tensor add_(double other) { Check(NativeMethods.ecg_add_scalar_(Handle, other)); return this; }
    public Tensor sub_(Tensor other, double alpha = 1) { Check(NativeMethods.ecg_add_(Handle, other.Handle, -alpha)); return this; }
    public Tensor sub_(double other) { Check(NativeMethods.ecg_add_scalar_(Handle, -other)); return this; }
    public Tensor add_(long other) { Check(NativeMethods.ecg_add_int_(Handle, other)); return this; }
    public Tensor sub_(long other) { Check(NativeMethods.ecg_add_int_(Handle, -other)); return this; }
    public Tensor mul_(long other) { Check(NativeMethods.ecg_mul_int_(Handle, other)); return this; }
    public Tensor mul_(Tensor other) { Check(NativeMethods.ecg_mul_(Handle, other.Handle)); return this; }
    public Tensor mul_(double other) { Check(NativeMethods.ecg_mul_scalar_(Handle, other)); return this; }
    public Tensor div_(Tensor other) { Check(NativeMethods.ecg_div_(Handle, other.Handle)); return this; }
    public Tensor div_(double other) { Check(NativeMethods.ecg_div_scalar_(Handle, other)); return this; }

    /// <summary>this += value * t1 * t2.</summary>
    public Tensor addcmul_(Tensor t1, Tensor t2, double value = 1) { Check(NativeMethods.ecg_addcmul_(Handle, t1.Handle, t2.Handle, value)); return this; }
    /// <summary>this += value * t1 / t2.</summary>
    public Tensor addcdiv_(Tensor t1, Tensor t2, double value = 1) { Check(NativeMethods.ecg_addcdiv_(Handle, t1.Handle, t2.Handle, value)); return this; }

    /// <summary>Copies <paramref name="source"/>'s elements (broadcast, converted to this dtype and device) into this tensor.</summary>
    public Tensor copy_(Tensor source, bool nonBlocking = false) { Check(NativeMethods.ecg_copy_(Handle, source.Handle, nonBlocking)); return this; }
    public Tensor zero_() { Check(NativeMethods.ecg_zero_(Handle)); return this; }
    public Tensor fill_(double value) { Check(NativeMethods.ecg_fill_(Handle, value)); return this; }
    /// <summary>Exact for every long, also beyond 2^53.</summary>
    public Tensor fill_(long value) { Check(NativeMethods.ecg_fill_int_(Handle, value)); return this; }
    public Tensor clamp_(double? min = null, double? max = null)
    {
        Check(NativeMethods.ecg_clamp_(Handle, min.HasValue, min ?? 0, max.HasValue, max ?? 0));
        return this;
    }
    /// <summary>Fills with uniform samples on [from, to) from the global generator (torch.manual_seed).</summary>
    public Tensor uniform_(double from = 0, double to = 1) { Check(NativeMethods.ecg_uniform_(Handle, from, to)); return this; }
    /// <summary>Fills with normal samples from the global generator (torch.manual_seed).</summary>
    public Tensor normal_(double mean = 0, double std = 1) { Check(NativeMethods.ecg_normal_(Handle, mean, std)); return this; }
    public Tensor sqrt_() { Check(NativeMethods.ecg_sqrt_(Handle)); return this; }
    public Tensor exp_() { Check(NativeMethods.ecg_exp_(Handle)); return this; }
    public Tensor neg_() { Check(NativeMethods.ecg_neg_(Handle)); return this; }
    public Tensor relu_() { Check(NativeMethods.ecg_relu_(Handle)); return this; }
    /// <summary>this += weight * (end - this).</summary>
    public Tensor lerp_(Tensor end, double weight) { Check(NativeMethods.ecg_lerp_(Handle, end.Handle, weight)); return this; }
    public Tensor lerp_(Tensor end, Tensor weight) { Check(NativeMethods.ecg_lerp_tensor_(Handle, end.Handle, weight.Handle)); return this; }
    public Tensor masked_fill_(Tensor mask, double value) { Check(NativeMethods.ecg_masked_fill_(Handle, mask.Handle, value)); return this; }
}
