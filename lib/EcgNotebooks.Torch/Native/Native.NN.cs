using System.Runtime.InteropServices;

namespace EcgNotebooks.Torch.Native;

/// <summary>P/Invoke declarations of nn_functional.cpp, nn_module.cpp and optim.cpp.</summary>
internal static unsafe partial class NativeMethods
{
    // ---- functional ----
    [LibraryImport(Lib)] internal static partial IntPtr ecg_nn_conv1d(TensorHandle input, TensorHandle weight, TensorHandle bias, long stride, long padding, long dilation, long groups);
    [LibraryImport(Lib)] internal static partial IntPtr ecg_nn_conv2d(TensorHandle input, TensorHandle weight, TensorHandle bias, long* stride, long* padding, long* dilation, long groups);
    [LibraryImport(Lib)] internal static partial IntPtr ecg_nn_conv_transpose1d(TensorHandle input, TensorHandle weight, TensorHandle bias, long stride, long padding, long outputPadding, long groups, long dilation);
    [LibraryImport(Lib)] internal static partial IntPtr ecg_nn_batch_norm(TensorHandle input, TensorHandle runningMean, TensorHandle runningVar, TensorHandle weight, TensorHandle bias, TensorHandle batches,
        [MarshalAs(UnmanagedType.U1)] bool training, double momentum, double eps);
    [LibraryImport(Lib)] internal static partial IntPtr ecg_nn_layer_norm(TensorHandle input, long* shape, int ndim, TensorHandle weight, TensorHandle bias, double eps);
    [LibraryImport(Lib)] internal static partial IntPtr ecg_nn_linear(TensorHandle input, TensorHandle weight, TensorHandle bias);
    [LibraryImport(Lib)] internal static partial IntPtr ecg_nn_dropout(TensorHandle input, double p, [MarshalAs(UnmanagedType.U1)] bool training);
    [LibraryImport(Lib)] internal static partial IntPtr ecg_nn_max_pool1d(TensorHandle input, long kernel, long stride, long padding, long dilation, [MarshalAs(UnmanagedType.U1)] bool ceilMode);
    [LibraryImport(Lib)] internal static partial IntPtr ecg_nn_avg_pool1d(TensorHandle input, long kernel, long stride, long padding, [MarshalAs(UnmanagedType.U1)] bool ceilMode, [MarshalAs(UnmanagedType.U1)] bool countIncludePad);
    [LibraryImport(Lib)] internal static partial IntPtr ecg_nn_avg_pool2d(TensorHandle input, long* kernel, long* stride, long* padding, [MarshalAs(UnmanagedType.U1)] bool ceilMode, [MarshalAs(UnmanagedType.U1)] bool countIncludePad);
    [LibraryImport(Lib)] internal static partial IntPtr ecg_nn_adaptive_avg_pool1d(TensorHandle input, long outputSize);
    [LibraryImport(Lib)] internal static partial IntPtr ecg_nn_interpolate1d(TensorHandle input, long outputSize, double scale, int mode, [MarshalAs(UnmanagedType.U1)] bool alignCorners);
    [LibraryImport(Lib)] internal static partial IntPtr ecg_nn_embedding(TensorHandle weight, TensorHandle indices, long paddingIdx);
    [LibraryImport(Lib)] internal static partial IntPtr ecg_nn_cross_entropy(TensorHandle input, TensorHandle target, TensorHandle weight, long reduction, long ignoreIndex, double labelSmoothing);
    [LibraryImport(Lib)] internal static partial IntPtr ecg_nn_bce_with_logits(TensorHandle input, TensorHandle target, TensorHandle weight, TensorHandle posWeight, long reduction);
    [LibraryImport(Lib)] internal static partial IntPtr ecg_nn_mse_loss(TensorHandle input, TensorHandle target, long reduction);
    [LibraryImport(Lib)] internal static partial IntPtr ecg_nn_activation(TensorHandle input, int kind, double arg);
    [LibraryImport(Lib)] internal static partial IntPtr ecg_nn_softmax(TensorHandle input, long dim, [MarshalAs(UnmanagedType.U1)] bool log);
    [LibraryImport(Lib)] internal static partial IntPtr ecg_nn_flatten(TensorHandle input, long start, long end);
    [LibraryImport(Lib)] internal static partial IntPtr ecg_nn_multi_head_attention(TensorHandle query, TensorHandle key, TensorHandle value,
        TensorHandle qWeight, TensorHandle kWeight, TensorHandle vWeight, TensorHandle inBias, TensorHandle outWeight, TensorHandle outBias,
        long numHeads, double dropout, [MarshalAs(UnmanagedType.U1)] bool training, [MarshalAs(UnmanagedType.U1)] bool batchFirst,
        TensorHandle keyPaddingMask, TensorHandle attnMask, [MarshalAs(UnmanagedType.U1)] bool needWeights,
        [MarshalAs(UnmanagedType.U1)] bool averageWeights, out IntPtr weights);
    [LibraryImport(Lib)] internal static partial IntPtr ecg_nn_lstm(TensorHandle input, TensorHandle h0, TensorHandle c0, IntPtr* parameters, int count,
        [MarshalAs(UnmanagedType.U1)] bool hasBiases, long numLayers, double dropout, [MarshalAs(UnmanagedType.U1)] bool training,
        [MarshalAs(UnmanagedType.U1)] bool bidirectional, [MarshalAs(UnmanagedType.U1)] bool batchFirst, out IntPtr hN, out IntPtr cN);

    // ---- module support ----
    [LibraryImport(Lib)] internal static partial int ecg_nn_make_parameter(TensorHandle t, [MarshalAs(UnmanagedType.U1)] bool requiresGrad);
    [LibraryImport(Lib)] internal static partial int ecg_nn_set_data_to(TensorHandle t, int deviceType, int deviceIndex, int dtype);
    [LibraryImport(Lib)] internal static partial int ecg_nn_copy_into(TensorHandle dst, TensorHandle src);
    [LibraryImport(Lib)] internal static partial int ecg_nn_init(TensorHandle t, int kind, double a, double b);
    [LibraryImport(Lib)] internal static partial int ecg_nn_zero_grad(IntPtr* parameters, int count);
    [LibraryImport(Lib)] internal static partial int ecg_nn_clip_grad_norm(IntPtr* parameters, int count, double maxNorm, double normType, out double totalNorm);
    [LibraryImport(Lib)] internal static partial IntPtr ecg_nn_cpu_rng_state();
    [LibraryImport(Lib)] internal static partial int ecg_nn_set_cpu_rng_state(TensorHandle state);

    // ---- optimizers ----
    [LibraryImport(Lib)] internal static partial int ecg_optim_sgd_step(IntPtr* parameters, IntPtr* buffers, long* steps, int count, double lr,
        double momentum, double dampening, double weightDecay, [MarshalAs(UnmanagedType.U1)] bool nesterov, [MarshalAs(UnmanagedType.U1)] bool maximize);
    [LibraryImport(Lib)] internal static partial int ecg_optim_adam_step(IntPtr* parameters, IntPtr* expAvgs, IntPtr* expAvgSqs, long* steps, int count,
        double lr, double beta1, double beta2, double eps, double weightDecay, [MarshalAs(UnmanagedType.U1)] bool decoupled, [MarshalAs(UnmanagedType.U1)] bool maximize);
}

/// <summary>
/// Raw handles of many tensors for one native call over all of them (optimizer steps, gradient
/// clipping). The tensors are kept from release (SafeHandle ref counts) until disposed.
/// </summary>
internal ref struct HandleArray
{
    private readonly TensorHandle[] handles;
    private readonly IntPtr[] raw;
    private int added;

    internal HandleArray(IReadOnlyList<Tensor> tensors)
    {
        handles = new TensorHandle[tensors.Count];
        raw = new IntPtr[tensors.Count];
        for (var i = 0; i < tensors.Count; i++)
        {
            var h = tensors[i].Handle;
            var ok = false;
            h.DangerousAddRef(ref ok);
            handles[i] = h;
            added = i + 1;
            raw[i] = h.DangerousGetHandle();
        }
    }

    internal readonly IntPtr[] Raw => raw;

    public void Dispose()
    {
        for (var i = 0; i < added; i++) handles[i].DangerousRelease();
        added = 0;
    }
}
