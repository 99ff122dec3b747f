using System.Runtime.InteropServices;

namespace EcgNotebooks.Torch.Native;

// Tensor ops (native/src/ops_*.cpp, arithmetic.cpp). Ops returning a tensor give a new handle or
// null on error; status-returning ones give 0 or -1. Optional dtypes are -1 when absent.
internal static unsafe partial class NativeMethods
{
    // ---- creation (ops_creation.cpp) ----
    [LibraryImport(Lib)] internal static partial IntPtr ecg_zeros(long* dims, int ndim, int dtype, int deviceType, int deviceIndex, [MarshalAs(UnmanagedType.U1)] bool requiresGrad);
    [LibraryImport(Lib)] internal static partial IntPtr ecg_ones(long* dims, int ndim, int dtype, int deviceType, int deviceIndex, [MarshalAs(UnmanagedType.U1)] bool requiresGrad);
    [LibraryImport(Lib)] internal static partial IntPtr ecg_empty(long* dims, int ndim, int dtype, int deviceType, int deviceIndex, [MarshalAs(UnmanagedType.U1)] bool requiresGrad);
    [LibraryImport(Lib)] internal static partial IntPtr ecg_rand(long* dims, int ndim, int dtype, int deviceType, int deviceIndex, [MarshalAs(UnmanagedType.U1)] bool requiresGrad);
    [LibraryImport(Lib)] internal static partial IntPtr ecg_randn(long* dims, int ndim, int dtype, int deviceType, int deviceIndex, [MarshalAs(UnmanagedType.U1)] bool requiresGrad);
    [LibraryImport(Lib)] internal static partial IntPtr ecg_full(long* dims, int ndim, double value, int dtype, int deviceType, int deviceIndex, [MarshalAs(UnmanagedType.U1)] bool requiresGrad);
    [LibraryImport(Lib)] internal static partial IntPtr ecg_full_int(long* dims, int ndim, long value, int dtype, int deviceType, int deviceIndex, [MarshalAs(UnmanagedType.U1)] bool requiresGrad);
    [LibraryImport(Lib)] internal static partial IntPtr ecg_arange(double start, double end, double step, int dtype, int deviceType, int deviceIndex, [MarshalAs(UnmanagedType.U1)] bool requiresGrad);
    [LibraryImport(Lib)] internal static partial IntPtr ecg_randint(long low, long high, long* dims, int ndim, int dtype, int deviceType, int deviceIndex, [MarshalAs(UnmanagedType.U1)] bool requiresGrad);
    [LibraryImport(Lib)] internal static partial IntPtr ecg_eye(long n, long m, int dtype, int deviceType, int deviceIndex, [MarshalAs(UnmanagedType.U1)] bool requiresGrad);
    [LibraryImport(Lib)] internal static partial IntPtr ecg_zeros_like(TensorHandle t, int dtype, int deviceType, int deviceIndex, [MarshalAs(UnmanagedType.U1)] bool requiresGrad);
    [LibraryImport(Lib)] internal static partial IntPtr ecg_ones_like(TensorHandle t, int dtype, int deviceType, int deviceIndex, [MarshalAs(UnmanagedType.U1)] bool requiresGrad);
    [LibraryImport(Lib)] internal static partial IntPtr ecg_empty_like(TensorHandle t, int dtype, int deviceType, int deviceIndex, [MarshalAs(UnmanagedType.U1)] bool requiresGrad);
    [LibraryImport(Lib)] internal static partial IntPtr ecg_rand_like(TensorHandle t, int dtype, int deviceType, int deviceIndex, [MarshalAs(UnmanagedType.U1)] bool requiresGrad);
    [LibraryImport(Lib)] internal static partial IntPtr ecg_randn_like(TensorHandle t, int dtype, int deviceType, int deviceIndex, [MarshalAs(UnmanagedType.U1)] bool requiresGrad);
    [LibraryImport(Lib)] internal static partial IntPtr ecg_full_like(TensorHandle t, double value, int dtype, int deviceType, int deviceIndex, [MarshalAs(UnmanagedType.U1)] bool requiresGrad);

    // ---- shape, indexing, joining (ops_shape.cpp) ----
    [LibraryImport(Lib)] internal static partial IntPtr ecg_view(TensorHandle t, long* dims, int n);
    [LibraryImport(Lib)] internal static partial IntPtr ecg_reshape(TensorHandle t, long* dims, int n);
    [LibraryImport(Lib)] internal static partial IntPtr ecg_permute(TensorHandle t, long* dims, int n);
    [LibraryImport(Lib)] internal static partial IntPtr ecg_expand(TensorHandle t, long* dims, int n);
    [LibraryImport(Lib)] internal static partial IntPtr ecg_expand_as(TensorHandle t, TensorHandle other);
    [LibraryImport(Lib)] internal static partial IntPtr ecg_repeat(TensorHandle t, long* dims, int n);
    [LibraryImport(Lib)] internal static partial IntPtr ecg_transpose(TensorHandle t, long d0, long d1);
    [LibraryImport(Lib)] internal static partial IntPtr ecg_t(TensorHandle t);
    [LibraryImport(Lib)] internal static partial IntPtr ecg_contiguous(TensorHandle t);
    [LibraryImport(Lib)] internal static partial int ecg_is_contiguous(TensorHandle t);
    [LibraryImport(Lib)] internal static partial IntPtr ecg_squeeze(TensorHandle t);
    [LibraryImport(Lib)] internal static partial IntPtr ecg_squeeze_dim(TensorHandle t, long dim);
    [LibraryImport(Lib)] internal static partial IntPtr ecg_unsqueeze(TensorHandle t, long dim);
    [LibraryImport(Lib)] internal static partial IntPtr ecg_flatten(TensorHandle t, long start, long end);
    [LibraryImport(Lib)] internal static partial IntPtr ecg_narrow(TensorHandle t, long dim, long start, long length);
    [LibraryImport(Lib)] internal static partial IntPtr ecg_select(TensorHandle t, long dim, long index);
    [LibraryImport(Lib)] internal static partial IntPtr ecg_slice(TensorHandle t, long dim, long start, long end, long step);
    [LibraryImport(Lib)] internal static partial IntPtr ecg_index_select(TensorHandle t, long dim, TensorHandle index);
    [LibraryImport(Lib)] internal static partial IntPtr ecg_gather(TensorHandle t, long dim, TensorHandle index);
    [LibraryImport(Lib)] internal static partial IntPtr ecg_masked_fill(TensorHandle t, TensorHandle mask, double value);
    [LibraryImport(Lib)] internal static partial IntPtr ecg_masked_select(TensorHandle t, TensorHandle mask);
    [LibraryImport(Lib)] internal static partial IntPtr ecg_clone(TensorHandle t);
    [LibraryImport(Lib)] internal static partial IntPtr ecg_where(TensorHandle cond, TensorHandle a, TensorHandle b);
    [LibraryImport(Lib)] internal static partial IntPtr ecg_one_hot(TensorHandle t, long numClasses);
    [LibraryImport(Lib)] internal static partial IntPtr ecg_cat(IntPtr* tensors, int n, long dim);
    [LibraryImport(Lib)] internal static partial IntPtr ecg_stack(IntPtr* tensors, int n, long dim);
    [LibraryImport(Lib)] internal static partial int ecg_split(TensorHandle t, long size, long dim, IntPtr* parts, int capacity);
    [LibraryImport(Lib)] internal static partial int ecg_split_sizes(TensorHandle t, long* sizes, int n, long dim, IntPtr* parts, int capacity);
    [LibraryImport(Lib)] internal static partial int ecg_chunk(TensorHandle t, long chunks, long dim, IntPtr* parts, int capacity);

    // ---- elementwise (arithmetic.cpp) ----
    [LibraryImport(Lib)] internal static partial IntPtr ecg_add(TensorHandle a, TensorHandle b, double alpha);
    [LibraryImport(Lib)] internal static partial IntPtr ecg_sub(TensorHandle a, TensorHandle b, double alpha);
    [LibraryImport(Lib)] internal static partial IntPtr ecg_mul(TensorHandle a, TensorHandle b);
    [LibraryImport(Lib)] internal static partial IntPtr ecg_div(TensorHandle a, TensorHandle b);
    [LibraryImport(Lib)] internal static partial IntPtr ecg_pow(TensorHandle a, TensorHandle b);
    [LibraryImport(Lib)] internal static partial IntPtr ecg_maximum(TensorHandle a, TensorHandle b);
    [LibraryImport(Lib)] internal static partial IntPtr ecg_minimum(TensorHandle a, TensorHandle b);
    [LibraryImport(Lib)] internal static partial IntPtr ecg_add_scalar(TensorHandle a, double s);
    [LibraryImport(Lib)] internal static partial IntPtr ecg_sub_scalar(TensorHandle a, double s);
    [LibraryImport(Lib)] internal static partial IntPtr ecg_mul_scalar(TensorHandle a, double s);
    [LibraryImport(Lib)] internal static partial IntPtr ecg_div_scalar(TensorHandle a, double s);
    [LibraryImport(Lib)] internal static partial IntPtr ecg_pow_scalar(TensorHandle a, double s);
    [LibraryImport(Lib)] internal static partial IntPtr ecg_rsub_scalar(TensorHandle a, double s);
    [LibraryImport(Lib)] internal static partial IntPtr ecg_rdiv_scalar(TensorHandle a, double s);
    [LibraryImport(Lib)] internal static partial IntPtr ecg_rpow_scalar(TensorHandle a, double s);
    [LibraryImport(Lib)] internal static partial IntPtr ecg_eq(TensorHandle a, TensorHandle b);
    [LibraryImport(Lib)] internal static partial IntPtr ecg_ne(TensorHandle a, TensorHandle b);
    [LibraryImport(Lib)] internal static partial IntPtr ecg_lt(TensorHandle a, TensorHandle b);
    [LibraryImport(Lib)] internal static partial IntPtr ecg_le(TensorHandle a, TensorHandle b);
    [LibraryImport(Lib)] internal static partial IntPtr ecg_gt(TensorHandle a, TensorHandle b);
    [LibraryImport(Lib)] internal static partial IntPtr ecg_ge(TensorHandle a, TensorHandle b);
    [LibraryImport(Lib)] internal static partial IntPtr ecg_eq_scalar(TensorHandle a, double s);
    [LibraryImport(Lib)] internal static partial IntPtr ecg_ne_scalar(TensorHandle a, double s);
    [LibraryImport(Lib)] internal static partial IntPtr ecg_lt_scalar(TensorHandle a, double s);
    [LibraryImport(Lib)] internal static partial IntPtr ecg_le_scalar(TensorHandle a, double s);
    [LibraryImport(Lib)] internal static partial IntPtr ecg_gt_scalar(TensorHandle a, double s);
    [LibraryImport(Lib)] internal static partial IntPtr ecg_ge_scalar(TensorHandle a, double s);
    [LibraryImport(Lib)] internal static partial IntPtr ecg_logical_and(TensorHandle a, TensorHandle b);
    [LibraryImport(Lib)] internal static partial IntPtr ecg_logical_or(TensorHandle a, TensorHandle b);
    [LibraryImport(Lib)] internal static partial IntPtr ecg_logical_not(TensorHandle a);
    [LibraryImport(Lib)] internal static partial IntPtr ecg_clamp(TensorHandle a, [MarshalAs(UnmanagedType.U1)] bool hasMin, double min, [MarshalAs(UnmanagedType.U1)] bool hasMax, double max);
    [LibraryImport(Lib)] internal static partial IntPtr ecg_exp(TensorHandle a);
    [LibraryImport(Lib)] internal static partial IntPtr ecg_log(TensorHandle a);
    [LibraryImport(Lib)] internal static partial IntPtr ecg_log1p(TensorHandle a);
    [LibraryImport(Lib)] internal static partial IntPtr ecg_sqrt(TensorHandle a);
    [LibraryImport(Lib)] internal static partial IntPtr ecg_rsqrt(TensorHandle a);
    [LibraryImport(Lib)] internal static partial IntPtr ecg_abs(TensorHandle a);
    [LibraryImport(Lib)] internal static partial IntPtr ecg_neg(TensorHandle a);
    [LibraryImport(Lib)] internal static partial IntPtr ecg_reciprocal(TensorHandle a);
    [LibraryImport(Lib)] internal static partial IntPtr ecg_square(TensorHandle a);
    [LibraryImport(Lib)] internal static partial IntPtr ecg_sin(TensorHandle a);
    [LibraryImport(Lib)] internal static partial IntPtr ecg_cos(TensorHandle a);
    [LibraryImport(Lib)] internal static partial IntPtr ecg_tanh(TensorHandle a);
    [LibraryImport(Lib)] internal static partial IntPtr ecg_sigmoid(TensorHandle a);
    [LibraryImport(Lib)] internal static partial IntPtr ecg_relu(TensorHandle a);
    [LibraryImport(Lib)] internal static partial IntPtr ecg_silu(TensorHandle a);
    [LibraryImport(Lib)] internal static partial IntPtr ecg_sign(TensorHandle a);
    [LibraryImport(Lib)] internal static partial IntPtr ecg_floor(TensorHandle a);
    [LibraryImport(Lib)] internal static partial IntPtr ecg_ceil(TensorHandle a);
    [LibraryImport(Lib)] internal static partial IntPtr ecg_round(TensorHandle a);
    [LibraryImport(Lib)] internal static partial IntPtr ecg_leaky_relu(TensorHandle a, double slope);
    [LibraryImport(Lib)] internal static partial IntPtr ecg_gelu(TensorHandle a, [MarshalAs(UnmanagedType.U1)] bool tanhApproximation);
    [LibraryImport(Lib)] internal static partial IntPtr ecg_softplus(TensorHandle a, double beta, double threshold);

    // ---- reductions, products, softmax (ops_reduction.cpp) ----
    [LibraryImport(Lib)] internal static partial IntPtr ecg_sum_all(TensorHandle a, int dtype);
    [LibraryImport(Lib)] internal static partial IntPtr ecg_sum_dims(TensorHandle a, long* dims, int n, [MarshalAs(UnmanagedType.U1)] bool keepdim, int dtype);
    [LibraryImport(Lib)] internal static partial IntPtr ecg_mean_all(TensorHandle a, int dtype);
    [LibraryImport(Lib)] internal static partial IntPtr ecg_mean_dims(TensorHandle a, long* dims, int n, [MarshalAs(UnmanagedType.U1)] bool keepdim, int dtype);
    [LibraryImport(Lib)] internal static partial IntPtr ecg_max_all(TensorHandle a);
    [LibraryImport(Lib)] internal static partial IntPtr ecg_min_all(TensorHandle a);
    [LibraryImport(Lib)] internal static partial int ecg_max_dim(TensorHandle a, long dim, [MarshalAs(UnmanagedType.U1)] bool keepdim, out IntPtr values, out IntPtr indices);
    [LibraryImport(Lib)] internal static partial int ecg_min_dim(TensorHandle a, long dim, [MarshalAs(UnmanagedType.U1)] bool keepdim, out IntPtr values, out IntPtr indices);
    [LibraryImport(Lib)] internal static partial IntPtr ecg_argmax(TensorHandle a, [MarshalAs(UnmanagedType.U1)] bool hasDim, long dim, [MarshalAs(UnmanagedType.U1)] bool keepdim);
    [LibraryImport(Lib)] internal static partial IntPtr ecg_argmin(TensorHandle a, [MarshalAs(UnmanagedType.U1)] bool hasDim, long dim, [MarshalAs(UnmanagedType.U1)] bool keepdim);
    [LibraryImport(Lib)] internal static partial IntPtr ecg_std_all(TensorHandle a, [MarshalAs(UnmanagedType.U1)] bool unbiased);
    [LibraryImport(Lib)] internal static partial IntPtr ecg_var_all(TensorHandle a, [MarshalAs(UnmanagedType.U1)] bool unbiased);
    [LibraryImport(Lib)] internal static partial IntPtr ecg_std_dims(TensorHandle a, long* dims, int n, [MarshalAs(UnmanagedType.U1)] bool unbiased, [MarshalAs(UnmanagedType.U1)] bool keepdim);
    [LibraryImport(Lib)] internal static partial IntPtr ecg_var_dims(TensorHandle a, long* dims, int n, [MarshalAs(UnmanagedType.U1)] bool unbiased, [MarshalAs(UnmanagedType.U1)] bool keepdim);
    [LibraryImport(Lib)] internal static partial IntPtr ecg_norm(TensorHandle a, double p, long* dims, int n, [MarshalAs(UnmanagedType.U1)] bool keepdim);
    [LibraryImport(Lib)] internal static partial IntPtr ecg_logsumexp(TensorHandle a, long* dims, int n, [MarshalAs(UnmanagedType.U1)] bool keepdim);
    [LibraryImport(Lib)] internal static partial IntPtr ecg_all(TensorHandle a);
    [LibraryImport(Lib)] internal static partial IntPtr ecg_any(TensorHandle a);
    [LibraryImport(Lib)] internal static partial IntPtr ecg_all_dim(TensorHandle a, long dim, [MarshalAs(UnmanagedType.U1)] bool keepdim);
    [LibraryImport(Lib)] internal static partial IntPtr ecg_any_dim(TensorHandle a, long dim, [MarshalAs(UnmanagedType.U1)] bool keepdim);
    [LibraryImport(Lib)] internal static partial int ecg_allclose(TensorHandle a, TensorHandle b, double rtol, double atol, [MarshalAs(UnmanagedType.U1)] bool equalNan, out int result);
    [LibraryImport(Lib)] internal static partial int ecg_equal(TensorHandle a, TensorHandle b, out int result);
    [LibraryImport(Lib)] internal static partial IntPtr ecg_matmul(TensorHandle a, TensorHandle b);
    [LibraryImport(Lib)] internal static partial IntPtr ecg_mm(TensorHandle a, TensorHandle b);
    [LibraryImport(Lib)] internal static partial IntPtr ecg_bmm(TensorHandle a, TensorHandle b);
    [LibraryImport(Lib)] internal static partial IntPtr ecg_softmax(TensorHandle a, long dim, int dtype);
    [LibraryImport(Lib)] internal static partial IntPtr ecg_log_softmax(TensorHandle a, long dim, int dtype);

    // ---- in place (ops_inplace.cpp) ----
    [LibraryImport(Lib)] internal static partial int ecg_add_(TensorHandle a, TensorHandle b, double alpha);
    [LibraryImport(Lib)] internal static partial int ecg_add_scalar_(TensorHandle a, double s);
    [LibraryImport(Lib)] internal static partial int ecg_mul_(TensorHandle a, TensorHandle b);
    [LibraryImport(Lib)] internal static partial int ecg_mul_scalar_(TensorHandle a, double s);
    [LibraryImport(Lib)] internal static partial int ecg_div_(TensorHandle a, TensorHandle b);
    [LibraryImport(Lib)] internal static partial int ecg_div_scalar_(TensorHandle a, double s);
    [LibraryImport(Lib)] internal static partial int ecg_addcmul_(TensorHandle a, TensorHandle t1, TensorHandle t2, double value);
    [LibraryImport(Lib)] internal static partial int ecg_addcdiv_(TensorHandle a, TensorHandle t1, TensorHandle t2, double value);
    [LibraryImport(Lib)] internal static partial int ecg_copy_(TensorHandle a, TensorHandle src, [MarshalAs(UnmanagedType.U1)] bool nonBlocking);
    [LibraryImport(Lib)] internal static partial int ecg_zero_(TensorHandle a);
    [LibraryImport(Lib)] internal static partial int ecg_fill_(TensorHandle a, double value);
    [LibraryImport(Lib)] internal static partial int ecg_fill_int_(TensorHandle a, long value);
    [LibraryImport(Lib)] internal static partial int ecg_clamp_(TensorHandle a, [MarshalAs(UnmanagedType.U1)] bool hasMin, double min, [MarshalAs(UnmanagedType.U1)] bool hasMax, double max);
    [LibraryImport(Lib)] internal static partial int ecg_uniform_(TensorHandle a, double from, double to);
    [LibraryImport(Lib)] internal static partial int ecg_normal_(TensorHandle a, double mean, double std);
    [LibraryImport(Lib)] internal static partial int ecg_sqrt_(TensorHandle a);
    [LibraryImport(Lib)] internal static partial int ecg_exp_(TensorHandle a);
    [LibraryImport(Lib)] internal static partial int ecg_neg_(TensorHandle a);
    [LibraryImport(Lib)] internal static partial int ecg_relu_(TensorHandle a);
    [LibraryImport(Lib)] internal static partial int ecg_lerp_(TensorHandle a, TensorHandle end, double weight);
    [LibraryImport(Lib)] internal static partial int ecg_lerp_tensor_(TensorHandle a, TensorHandle end, TensorHandle weight);
    [LibraryImport(Lib)] internal static partial int ecg_masked_fill_(TensorHandle a, TensorHandle mask, double value);
}
