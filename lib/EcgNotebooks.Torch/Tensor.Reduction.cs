using EcgNotebooks.Torch.Native;

namespace EcgNotebooks.Torch;

// Reductions, matrix products and softmax. Integer and Bool sums come out as Int64, as in PyTorch.
public partial class Tensor
{
    private static int DTypeOrNone(ScalarType? dtype) => dtype is { } d ? (int)d : -1;

    // No sum(ScalarType) overload: t.sum(0) would be ambiguous (the literal 0 converts to an enum).
    public Tensor sum() => Wrap(NativeMethods.ecg_sum_all(Handle, -1));
    public unsafe Tensor sum(long[] dims, bool keepdim = false, ScalarType? dtype = null)
    {
        fixed (long* p = dims) return Wrap(NativeMethods.ecg_sum_dims(Handle, p, dims.Length, keepdim, DTypeOrNone(dtype)));
    }
    public Tensor sum(long dim, bool keepdim = false, ScalarType? dtype = null) => sum([dim], keepdim, dtype);

    /// <summary>The mean of all elements (floating-point tensors only, as PyTorch).</summary>
    public Tensor mean() => Wrap(NativeMethods.ecg_mean_all(Handle, -1));
    public unsafe Tensor mean(long[] dims, bool keepdim = false, ScalarType? dtype = null)
    {
        fixed (long* p = dims) return Wrap(NativeMethods.ecg_mean_dims(Handle, p, dims.Length, keepdim, DTypeOrNone(dtype)));
    }
    public Tensor mean(long dim, bool keepdim = false, ScalarType? dtype = null) => mean([dim], keepdim, dtype);

    /// <summary>The largest element, as a 0-dim tensor.</summary>
    public Tensor max() => Wrap(NativeMethods.ecg_max_all(Handle));
    /// <summary>The largest elements along <paramref name="dim"/> and their (Int64) positions.</summary>
    public (Tensor Values, Tensor Indices) max(long dim, bool keepdim = false)
    {
        Check(NativeMethods.ecg_max_dim(Handle, dim, keepdim, out var values, out var indices));
        return (new Tensor(values), new Tensor(indices));
    }
    public Tensor min() => Wrap(NativeMethods.ecg_min_all(Handle));
    public (Tensor Values, Tensor Indices) min(long dim, bool keepdim = false)
    {
        Check(NativeMethods.ecg_min_dim(Handle, dim, keepdim, out var values, out var indices));
        return (new Tensor(values), new Tensor(indices));
    }

    /// <summary>Position of the largest element: along <paramref name="dim"/>, or in the flattened tensor when null.</summary>
    public Tensor argmax(long? dim = null, bool keepdim = false) =>
        Wrap(NativeMethods.ecg_argmax(Handle, dim.HasValue, dim ?? 0, keepdim));
    public Tensor argmin(long? dim = null, bool keepdim = false) =>
        Wrap(NativeMethods.ecg_argmin(Handle, dim.HasValue, dim ?? 0, keepdim));

    /// <summary>Standard deviation of all elements; unbiased divides by N - 1 (Bessel), as PyTorch's default.</summary>
    public Tensor std(bool unbiased = true) => Wrap(NativeMethods.ecg_std_all(Handle, unbiased));
    public unsafe Tensor std(long[] dims, bool unbiased = true, bool keepdim = false)
    {
        fixed (long* p = dims) return Wrap(NativeMethods.ecg_std_dims(Handle, p, dims.Length, unbiased, keepdim));
    }
    public Tensor std(long dim, bool unbiased = true, bool keepdim = false) => std([dim], unbiased, keepdim);

    public Tensor var(bool unbiased = true) => Wrap(NativeMethods.ecg_var_all(Handle, unbiased));
    public unsafe Tensor var(long[] dims, bool unbiased = true, bool keepdim = false)
    {
        fixed (long* p = dims) return Wrap(NativeMethods.ecg_var_dims(Handle, p, dims.Length, unbiased, keepdim));
    }
    public Tensor var(long dim, bool unbiased = true, bool keepdim = false) => var([dim], unbiased, keepdim);

    /// <summary>The vector p-norm (2 by default; double.PositiveInfinity for the max norm) of all elements.</summary>
    public unsafe Tensor norm(double p = 2) => Wrap(NativeMethods.ecg_norm(Handle, p, null, 0, false));
    public unsafe Tensor norm(double p, long[] dims, bool keepdim = false)
    {
        if (dims.Length == 0) throw new ArgumentException("give at least one dimension, or call norm(p) for all elements", nameof(dims));
        fixed (long* d = dims) return Wrap(NativeMethods.ecg_norm(Handle, p, d, dims.Length, keepdim));
    }
    public Tensor norm(double p, long dim, bool keepdim = false) => norm(p, [dim], keepdim);

    /// <summary>log(sum(exp(x))) along the dimensions, computed stably.</summary>
    public unsafe Tensor logsumexp(long[] dims, bool keepdim = false)
    {
        fixed (long* p = dims) return Wrap(NativeMethods.ecg_logsumexp(Handle, p, dims.Length, keepdim));
    }
    public Tensor logsumexp(long dim, bool keepdim = false) => logsumexp([dim], keepdim);

    /// <summary>Whether every element is non-zero, as a Bool tensor.</summary>
    public Tensor all() => Wrap(NativeMethods.ecg_all(Handle));
    public Tensor all(long dim, bool keepdim = false) => Wrap(NativeMethods.ecg_all_dim(Handle, dim, keepdim));
    public Tensor any() => Wrap(NativeMethods.ecg_any(Handle));
    public Tensor any(long dim, bool keepdim = false) => Wrap(NativeMethods.ecg_any_dim(Handle, dim, keepdim));

    /// <summary>|this - other| &lt;= atol + rtol |other| everywhere (same dtype required, as in PyTorch).</summary>
    public bool allclose(Tensor other, double rtol = 1e-5, double atol = 1e-8, bool equalNan = false)
    {
        Check(NativeMethods.ecg_allclose(Handle, other.Handle, rtol, atol, equalNan, out var result));
        return result != 0;
    }

    /// <summary>Same shape and the same elements.</summary>
    public bool equal(Tensor other)
    {
        Check(NativeMethods.ecg_equal(Handle, other.Handle, out var result));
        return result != 0;
    }

    /// <summary>Matrix product with NumPy's rules: batches broadcast, 1-D operands are vectors.</summary>
    public Tensor matmul(Tensor other) => Wrap(NativeMethods.ecg_matmul(Handle, other.Handle));
    /// <summary>Product of two matrices (2-D only).</summary>
    public Tensor mm(Tensor other) => Wrap(NativeMethods.ecg_mm(Handle, other.Handle));
    /// <summary>Batched product of [b, n, m] and [b, m, p] (3-D only, no broadcasting).</summary>
    public Tensor bmm(Tensor other) => Wrap(NativeMethods.ecg_bmm(Handle, other.Handle));

    /// <summary>Softmax along <paramref name="dim"/>; with <paramref name="dtype"/> the input is cast first.</summary>
    public Tensor softmax(long dim, ScalarType? dtype = null) => Wrap(NativeMethods.ecg_softmax(Handle, dim, DTypeOrNone(dtype)));
    public Tensor log_softmax(long dim, ScalarType? dtype = null) => Wrap(NativeMethods.ecg_log_softmax(Handle, dim, DTypeOrNone(dtype)));
}

#pragma warning disable IDE1006
public static partial class torch
{
    public static Tensor matmul(Tensor a, Tensor b) => a.matmul(b);
    public static Tensor mm(Tensor a, Tensor b) => a.mm(b);
    public static Tensor bmm(Tensor a, Tensor b) => a.bmm(b);
    public static Tensor softmax(Tensor t, long dim) => t.softmax(dim);
    public static Tensor log_softmax(Tensor t, long dim) => t.log_softmax(dim);
    public static Tensor exp(Tensor t) => t.exp();
    public static Tensor log(Tensor t) => t.log();
    public static Tensor sqrt(Tensor t) => t.sqrt();
    public static Tensor abs(Tensor t) => t.abs();
    public static Tensor tanh(Tensor t) => t.tanh();
    public static Tensor sigmoid(Tensor t) => t.sigmoid();
    public static Tensor relu(Tensor t) => t.relu();
    public static Tensor sin(Tensor t) => t.sin();
    public static Tensor cos(Tensor t) => t.cos();
    public static Tensor clamp(Tensor t, double? min = null, double? max = null) => t.clamp(min, max);
    public static Tensor maximum(Tensor a, Tensor b) => a.maximum(b);
    public static Tensor minimum(Tensor a, Tensor b) => a.minimum(b);
    public static Tensor pow(Tensor t, double exponent) => t.pow(exponent);
    public static Tensor one_hot(Tensor t, long numClasses = -1) => t.one_hot(numClasses);
    public static Tensor logsumexp(Tensor t, long dim, bool keepdim = false) => t.logsumexp(dim, keepdim);
    public static bool allclose(Tensor a, Tensor b, double rtol = 1e-5, double atol = 1e-8) => a.allclose(b, rtol, atol);
}
#pragma warning restore IDE1006
