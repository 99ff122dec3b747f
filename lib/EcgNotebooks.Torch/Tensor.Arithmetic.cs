using EcgNotebooks.Torch.Native;

namespace EcgNotebooks.Torch;

// Elementwise arithmetic, comparisons, unary maths and activations; all broadcast as in PyTorch.
// Scalars act as Python numbers: a double never widens the tensor's dtype (float32 + 0.5 stays
// float32) but lifts integer tensors to the default float (int64 + 0.5 is float32); an integer
// (long) scalar keeps integer tensors integral (int64 * 2 is int64), as Python ints do.
public partial class Tensor
{
    public Tensor add(Tensor other, double alpha = 1) => Wrap(NativeMethods.ecg_add(Handle, other.Handle, alpha));
    public Tensor add(double other) => Wrap(NativeMethods.ecg_add_scalar(Handle, other));
    public Tensor sub(Tensor other, double alpha = 1) => Wrap(NativeMethods.ecg_sub(Handle, other.Handle, alpha));
    public Tensor sub(double other) => Wrap(NativeMethods.ecg_sub_scalar(Handle, other));
    public Tensor add(long other) => Wrap(NativeMethods.ecg_add_int(Handle, other));
    public Tensor sub(long other) => Wrap(NativeMethods.ecg_sub_int(Handle, other));
    public Tensor mul(long other) => Wrap(NativeMethods.ecg_mul_int(Handle, other));
    public Tensor pow(long exponent) => Wrap(NativeMethods.ecg_pow_int(Handle, exponent));
    public Tensor mul(Tensor other) => Wrap(NativeMethods.ecg_mul(Handle, other.Handle));
    public Tensor mul(double other) => Wrap(NativeMethods.ecg_mul_scalar(Handle, other));
    /// <summary>True division: integer tensors give a floating-point result.</summary>
    public Tensor div(Tensor other) => Wrap(NativeMethods.ecg_div(Handle, other.Handle));
    public Tensor div(double other) => Wrap(NativeMethods.ecg_div_scalar(Handle, other));
    public Tensor pow(Tensor exponent) => Wrap(NativeMethods.ecg_pow(Handle, exponent.Handle));
    public Tensor pow(double exponent) => Wrap(NativeMethods.ecg_pow_scalar(Handle, exponent));
    /// <summary>Elementwise maximum of two tensors (for the largest element use max()).</summary>
    public Tensor maximum(Tensor other) => Wrap(NativeMethods.ecg_maximum(Handle, other.Handle));
    public Tensor minimum(Tensor other) => Wrap(NativeMethods.ecg_minimum(Handle, other.Handle));

    public static Tensor operator +(Tensor a, Tensor b) => a.add(b);
    public static Tensor operator +(Tensor a, double b) => a.add(b);
    public static Tensor operator +(double a, Tensor b) => b.add(a);
    public static Tensor operator -(Tensor a, Tensor b) => a.sub(b);
    public static Tensor operator -(Tensor a, double b) => a.sub(b);
    public static Tensor operator -(double a, Tensor b) => Wrap(NativeMethods.ecg_rsub_scalar(b.Handle, a));
    public static Tensor operator *(Tensor a, Tensor b) => a.mul(b);
    public static Tensor operator *(Tensor a, double b) => a.mul(b);
    public static Tensor operator *(double a, Tensor b) => b.mul(a);
    public static Tensor operator /(Tensor a, Tensor b) => a.div(b);
    public static Tensor operator /(Tensor a, double b) => a.div(b);
    /// <summary>a / t, computed as PyTorch does: t.reciprocal() * a.</summary>
    public static Tensor operator /(double a, Tensor b) => Wrap(NativeMethods.ecg_rdiv_scalar(b.Handle, a));
    public static Tensor operator +(Tensor a, long b) => a.add(b);
    public static Tensor operator +(long a, Tensor b) => b.add(a);
    public static Tensor operator -(Tensor a, long b) => a.sub(b);
    public static Tensor operator -(long a, Tensor b) => Wrap(NativeMethods.ecg_rsub_int(b.Handle, a));
    public static Tensor operator *(Tensor a, long b) => a.mul(b);
    public static Tensor operator *(long a, Tensor b) => b.mul(a);
    public static Tensor operator -(Tensor a) => a.neg();

    // ---- comparisons: Bool tensors ----

    public Tensor eq(Tensor other) => Wrap(NativeMethods.ecg_eq(Handle, other.Handle));
    public Tensor eq(double other) => Wrap(NativeMethods.ecg_eq_scalar(Handle, other));
    public Tensor ne(Tensor other) => Wrap(NativeMethods.ecg_ne(Handle, other.Handle));
    public Tensor ne(double other) => Wrap(NativeMethods.ecg_ne_scalar(Handle, other));
    public Tensor lt(Tensor other) => Wrap(NativeMethods.ecg_lt(Handle, other.Handle));
    public Tensor lt(double other) => Wrap(NativeMethods.ecg_lt_scalar(Handle, other));
    public Tensor le(Tensor other) => Wrap(NativeMethods.ecg_le(Handle, other.Handle));
    public Tensor le(double other) => Wrap(NativeMethods.ecg_le_scalar(Handle, other));
    public Tensor gt(Tensor other) => Wrap(NativeMethods.ecg_gt(Handle, other.Handle));
    public Tensor gt(double other) => Wrap(NativeMethods.ecg_gt_scalar(Handle, other));
    public Tensor ge(Tensor other) => Wrap(NativeMethods.ecg_ge(Handle, other.Handle));
    public Tensor ge(double other) => Wrap(NativeMethods.ecg_ge_scalar(Handle, other));
    public Tensor logical_and(Tensor other) => Wrap(NativeMethods.ecg_logical_and(Handle, other.Handle));
    public Tensor logical_or(Tensor other) => Wrap(NativeMethods.ecg_logical_or(Handle, other.Handle));
    public Tensor logical_not() => Wrap(NativeMethods.ecg_logical_not(Handle));

    // == and != stay reference equality (Tensor is a reference type); use eq/ne for elementwise tests.
    public static Tensor operator <(Tensor a, Tensor b) => a.lt(b);
    public static Tensor operator >(Tensor a, Tensor b) => a.gt(b);
    public static Tensor operator <=(Tensor a, Tensor b) => a.le(b);
    public static Tensor operator >=(Tensor a, Tensor b) => a.ge(b);
    public static Tensor operator <(Tensor a, double b) => a.lt(b);
    public static Tensor operator >(Tensor a, double b) => a.gt(b);
    public static Tensor operator <=(Tensor a, double b) => a.le(b);
    public static Tensor operator >=(Tensor a, double b) => a.ge(b);
    public static Tensor operator <(double a, Tensor b) => b.gt(a);
    public static Tensor operator >(double a, Tensor b) => b.lt(a);
    public static Tensor operator <=(double a, Tensor b) => b.ge(a);
    public static Tensor operator >=(double a, Tensor b) => b.le(a);
    public static Tensor operator &(Tensor a, Tensor b) => a.logical_and(b);
    public static Tensor operator |(Tensor a, Tensor b) => a.logical_or(b);
    public static Tensor operator !(Tensor a) => a.logical_not();

    // ---- unary maths and activations ----

    /// <summary>Limits the elements to [min, max]; either bound may be absent.</summary>
    public Tensor clamp(double? min = null, double? max = null) =>
        Wrap(NativeMethods.ecg_clamp(Handle, min.HasValue, min ?? 0, max.HasValue, max ?? 0));

    public Tensor exp() => Wrap(NativeMethods.ecg_exp(Handle));
    public Tensor log() => Wrap(NativeMethods.ecg_log(Handle));
    public Tensor log1p() => Wrap(NativeMethods.ecg_log1p(Handle));
    public Tensor sqrt() => Wrap(NativeMethods.ecg_sqrt(Handle));
    public Tensor rsqrt() => Wrap(NativeMethods.ecg_rsqrt(Handle));
    public Tensor abs() => Wrap(NativeMethods.ecg_abs(Handle));
    public Tensor neg() => Wrap(NativeMethods.ecg_neg(Handle));
    public Tensor reciprocal() => Wrap(NativeMethods.ecg_reciprocal(Handle));
    public Tensor square() => Wrap(NativeMethods.ecg_square(Handle));
    public Tensor sin() => Wrap(NativeMethods.ecg_sin(Handle));
    public Tensor cos() => Wrap(NativeMethods.ecg_cos(Handle));
    public Tensor tanh() => Wrap(NativeMethods.ecg_tanh(Handle));
    public Tensor sigmoid() => Wrap(NativeMethods.ecg_sigmoid(Handle));
    public Tensor relu() => Wrap(NativeMethods.ecg_relu(Handle));
    public Tensor leaky_relu(double negativeSlope = 0.01) => Wrap(NativeMethods.ecg_leaky_relu(Handle, negativeSlope));
    /// <summary>GELU, exact (erf) by default; approximate: "tanh" for the tanh form, as PyTorch's approximate argument.</summary>
    public Tensor gelu(string approximate = "none") => approximate switch
    {
        "none" => Wrap(NativeMethods.ecg_gelu(Handle, false)),
        "tanh" => Wrap(NativeMethods.ecg_gelu(Handle, true)),
        _ => throw new ArgumentException($"approximate must be \"none\" or \"tanh\", not \"{approximate}\"", nameof(approximate)),
    };
    public Tensor silu() => Wrap(NativeMethods.ecg_silu(Handle));
    /// <summary>log(1 + exp(beta x)) / beta, linear above <paramref name="threshold"/> (as PyTorch).</summary>
    public Tensor softplus(double beta = 1, double threshold = 20) => Wrap(NativeMethods.ecg_softplus(Handle, beta, threshold));
    public Tensor sign() => Wrap(NativeMethods.ecg_sign(Handle));
    public Tensor floor() => Wrap(NativeMethods.ecg_floor(Handle));
    public Tensor ceil() => Wrap(NativeMethods.ecg_ceil(Handle));
    /// <summary>Rounds half to even, as PyTorch.</summary>
    public Tensor round() => Wrap(NativeMethods.ecg_round(Handle));
}
