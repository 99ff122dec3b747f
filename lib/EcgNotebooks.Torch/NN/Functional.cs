using EcgNotebooks.Torch.Native;

namespace EcgNotebooks.Torch.NN;

/// <summary>
/// torch.nn.functional: stateless layers, activations and losses with PyTorch's names and
/// defaults. Each is one native call of the ATen function PyTorch itself calls.
/// </summary>
#pragma warning disable IDE1006 // PyTorch's names on purpose
public static class Functional
{
    internal static TensorHandle H(Tensor? t) => t?.Handle ?? TensorHandle.Null;

    private static Tensor Wrap(IntPtr native) => Tensor.Wrap(native);

    // ---- convolution, normalisation, linear ----

    /// <summary>input (N, C_in, L), weight (C_out, C_in / groups, k).</summary>
    public static Tensor conv1d(Tensor input, Tensor weight, Tensor? bias = null, long stride = 1, long padding = 0, long dilation = 1, long groups = 1) =>
        Wrap(NativeMethods.ecg_nn_conv1d(input.Handle, weight.Handle, H(bias), stride, padding, dilation, groups));

    /// <summary>input (N, C_in, H, W), weight (C_out, C_in / groups, kh, kw).</summary>
    public static unsafe Tensor conv2d(Tensor input, Tensor weight, Tensor? bias = null, (long H, long W)? stride = null,
        (long H, long W)? padding = null, (long H, long W)? dilation = null, long groups = 1)
    {
        var s = stride ?? (1, 1);
        var p = padding ?? (0, 0);
        var d = dilation ?? (1, 1);
        long* sa = stackalloc long[] { s.H, s.W };
        long* pa = stackalloc long[] { p.H, p.W };
        long* da = stackalloc long[] { d.H, d.W };
        return Wrap(NativeMethods.ecg_nn_conv2d(input.Handle, weight.Handle, H(bias), sa, pa, da, groups));
    }

    /// <summary>input (N, C_in, L), weight (C_in, C_out / groups, k).</summary>
    public static Tensor conv_transpose1d(Tensor input, Tensor weight, Tensor? bias = null, long stride = 1, long padding = 0,
        long outputPadding = 0, long groups = 1, long dilation = 1) =>
        Wrap(NativeMethods.ecg_nn_conv_transpose1d(input.Handle, weight.Handle, H(bias), stride, padding, outputPadding, groups, dilation));

    /// <summary>
    /// Batch normalisation over dim 1 of (N, C, ...). In training the batch statistics are used and
    /// the running statistics (when given) are updated in place with <paramref name="momentum"/>.
    /// </summary>
    public static Tensor batch_norm(Tensor input, Tensor? runningMean, Tensor? runningVar, Tensor? weight = null, Tensor? bias = null,
        bool training = false, double momentum = 0.1, double eps = 1e-5) =>
        Wrap(NativeMethods.ecg_nn_batch_norm(input.Handle, H(runningMean), H(runningVar), H(weight), H(bias), TensorHandle.Null, training, momentum, eps));

    internal static Tensor batch_norm_counting(Tensor input, Tensor? runningMean, Tensor? runningVar, Tensor? weight, Tensor? bias,
        Tensor? batchesTracked, bool training, double momentum, double eps) =>
        Wrap(NativeMethods.ecg_nn_batch_norm(input.Handle, H(runningMean), H(runningVar), H(weight), H(bias), H(batchesTracked), training, momentum, eps));

    public static unsafe Tensor layer_norm(Tensor input, long[] normalizedShape, Tensor? weight = null, Tensor? bias = null, double eps = 1e-5)
    {
        fixed (long* shape = normalizedShape)
            return Wrap(NativeMethods.ecg_nn_layer_norm(input.Handle, shape, normalizedShape.Length, H(weight), H(bias), eps));
    }

    /// <summary>input @ weight^T + bias; weight (out, in).</summary>
    public static Tensor linear(Tensor input, Tensor weight, Tensor? bias = null) =>
        Wrap(NativeMethods.ecg_nn_linear(input.Handle, weight.Handle, H(bias)));

    public static Tensor dropout(Tensor input, double p = 0.5, bool training = true)
    {
        if (p is < 0 or > 1) throw new ArgumentOutOfRangeException(nameof(p), p, "dropout probability has to be between 0 and 1");
        return Wrap(NativeMethods.ecg_nn_dropout(input.Handle, p, training));
    }

    public static Tensor embedding(Tensor input, Tensor weight, long? paddingIdx = null) =>
        Wrap(NativeMethods.ecg_nn_embedding(weight.Handle, input.Handle, paddingIdx ?? -1));

    // ---- pooling and resampling ----

    /// <summary>stride defaults to the kernel size, as in PyTorch.</summary>
    public static Tensor max_pool1d(Tensor input, long kernelSize, long? stride = null, long padding = 0, long dilation = 1, bool ceilMode = false) =>
        Wrap(NativeMethods.ecg_nn_max_pool1d(input.Handle, kernelSize, stride ?? kernelSize, padding, dilation, ceilMode));

    public static Tensor avg_pool1d(Tensor input, long kernelSize, long? stride = null, long padding = 0, bool ceilMode = false, bool countIncludePad = true) =>
        Wrap(NativeMethods.ecg_nn_avg_pool1d(input.Handle, kernelSize, stride ?? kernelSize, padding, ceilMode, countIncludePad));

    public static unsafe Tensor avg_pool2d(Tensor input, (long H, long W) kernelSize, (long H, long W)? stride = null, (long H, long W)? padding = null,
        bool ceilMode = false, bool countIncludePad = true)
    {
        var s = stride ?? kernelSize;
        var p = padding ?? (0, 0);
        long* ka = stackalloc long[] { kernelSize.H, kernelSize.W };
        long* sa = stackalloc long[] { s.H, s.W };
        long* pa = stackalloc long[] { p.H, p.W };
        return Wrap(NativeMethods.ecg_nn_avg_pool2d(input.Handle, ka, sa, pa, ceilMode, countIncludePad));
    }

    public static Tensor adaptive_avg_pool1d(Tensor input, long outputSize) =>
        Wrap(NativeMethods.ecg_nn_adaptive_avg_pool1d(input.Handle, outputSize));

    /// <summary>
    /// Resamples (N, C, L) along L to <paramref name="size"/> or by <paramref name="scaleFactor"/>
    /// (exactly one of them); mode "nearest" or "linear" (alignCorners only for linear).
    /// </summary>
    public static Tensor interpolate(Tensor input, long? size = null, double? scaleFactor = null, string mode = "nearest", bool? alignCorners = null)
    {
        if (size.HasValue == scaleFactor.HasValue)
            throw new ArgumentException("interpolate needs exactly one of size and scaleFactor");
        var kind = mode switch
        {
            "nearest" => 0,
            "linear" => 1,
            _ => throw new ArgumentException($"interpolate mode '{mode}' is not supported (nearest, linear)", nameof(mode)),
        };
        if (kind == 0 && alignCorners.HasValue)
            throw new ArgumentException("alignCorners applies only to mode \"linear\"", nameof(alignCorners));
        if (input.dim() != 3)
            throw new TorchShapeException($"interpolate expects a 3-D input (N, C, L), got {input.dim()}-D [{string.Join(", ", input.shape)}]");
        long outSize;
        var scale = double.NaN;
        if (size is { } s)
        {
            if (s <= 0) throw new ArgumentOutOfRangeException(nameof(size), s, "output size must be positive");
            outSize = s;
        }
        else
        {
            scale = scaleFactor!.Value;
            if (!(scale > 0)) throw new ArgumentOutOfRangeException(nameof(scaleFactor), scale, "scale factor must be positive");
            outSize = (long)Math.Floor(input.size(2) * scale);
        }
        return Wrap(NativeMethods.ecg_nn_interpolate1d(input.Handle, outSize, scale, kind, alignCorners ?? false));
    }

    // ---- activations ----

    public static Tensor relu(Tensor input) => Wrap(NativeMethods.ecg_nn_activation(input.Handle, 0, 0));
    public static Tensor gelu(Tensor input) => Wrap(NativeMethods.ecg_nn_activation(input.Handle, 1, 0));
    public static Tensor silu(Tensor input) => Wrap(NativeMethods.ecg_nn_activation(input.Handle, 2, 0));
    public static Tensor tanh(Tensor input) => Wrap(NativeMethods.ecg_nn_activation(input.Handle, 3, 0));
    public static Tensor sigmoid(Tensor input) => Wrap(NativeMethods.ecg_nn_activation(input.Handle, 4, 0));
    public static Tensor leaky_relu(Tensor input, double negativeSlope = 0.01) => Wrap(NativeMethods.ecg_nn_activation(input.Handle, 5, negativeSlope));
    public static Tensor elu(Tensor input, double alpha = 1.0) => Wrap(NativeMethods.ecg_nn_activation(input.Handle, 6, alpha));
    public static Tensor softmax(Tensor input, long dim) => Wrap(NativeMethods.ecg_nn_softmax(input.Handle, dim, false));
    public static Tensor log_softmax(Tensor input, long dim) => Wrap(NativeMethods.ecg_nn_softmax(input.Handle, dim, true));
    public static Tensor flatten(Tensor input, long startDim = 0, long endDim = -1) => Wrap(NativeMethods.ecg_nn_flatten(input.Handle, startDim, endDim));

    // ---- losses ----

    internal static long Reduction(string reduction) => reduction switch
    {
        "none" => 0,
        "mean" => 1,
        "sum" => 2,
        _ => throw new ArgumentException($"reduction '{reduction}' is not one of none, mean, sum", nameof(reduction)),
    };

    /// <summary>
    /// Cross-entropy of logits (N, C[, ...]) against class indices (N[, ...], Int64) or class
    /// probabilities (same shape as input), with optional class weights and label smoothing.
    /// </summary>
    public static Tensor cross_entropy(Tensor input, Tensor target, Tensor? weight = null, string reduction = "mean", double labelSmoothing = 0,
        long ignoreIndex = -100) =>
        Wrap(NativeMethods.ecg_nn_cross_entropy(input.Handle, target.Handle, H(weight), Reduction(reduction), ignoreIndex, labelSmoothing));

    public static Tensor binary_cross_entropy_with_logits(Tensor input, Tensor target, Tensor? weight = null, string reduction = "mean", Tensor? posWeight = null) =>
        Wrap(NativeMethods.ecg_nn_bce_with_logits(input.Handle, target.Handle, H(weight), H(posWeight), Reduction(reduction)));

    public static Tensor mse_loss(Tensor input, Tensor target, string reduction = "mean") =>
        Wrap(NativeMethods.ecg_nn_mse_loss(input.Handle, target.Handle, Reduction(reduction)));

    // ---- attention and recurrence ----

    /// <summary>
    /// Multi-head attention with separate q/k/v projection weights (E, E), (E, kdim), (E, vdim),
    /// in one native call. Inputs (N, L, E) when batchFirst, else (L, N, E). keyPaddingMask (N, Lk):
    /// true = ignore that key. attnMask (Lq, Lk): bool (true = not allowed) or float (added).
    /// Weights: (N, Lq, Lk) averaged over heads, or (N, heads, Lq, Lk); null unless needWeights.
    /// </summary>
    public static (Tensor Output, Tensor? Weights) multi_head_attention_forward(Tensor query, Tensor key, Tensor value, long numHeads,
        Tensor qProjWeight, Tensor kProjWeight, Tensor vProjWeight, Tensor? inProjBias, Tensor outProjWeight, Tensor? outProjBias,
        double dropoutP = 0, bool training = true, bool batchFirst = true, Tensor? keyPaddingMask = null, Tensor? attnMask = null,
        bool needWeights = true, bool averageAttnWeights = true)
    {
        var output = Wrap(NativeMethods.ecg_nn_multi_head_attention(query.Handle, key.Handle, value.Handle, qProjWeight.Handle, kProjWeight.Handle,
            vProjWeight.Handle, H(inProjBias), outProjWeight.Handle, H(outProjBias), numHeads, dropoutP, training, batchFirst,
            H(keyPaddingMask), H(attnMask), needWeights, averageAttnWeights, out var weights));
        return (output, weights == IntPtr.Zero ? null : Tensor.Wrap(weights));
    }

    /// <summary>
    /// torch.lstm: <paramref name="weights"/> per layer and direction w_ih, w_hh[, b_ih, b_hh].
    /// Returns the output and the final hidden and cell states (layers * directions, N, hidden).
    /// </summary>
    public static unsafe (Tensor Output, (Tensor H, Tensor C) State) lstm(Tensor input, IReadOnlyList<Tensor> weights, bool hasBiases, long numLayers,
        (Tensor H, Tensor C)? state = null, double dropout = 0, bool training = true, bool bidirectional = false, bool batchFirst = true)
    {
        using var handles = new HandleArray(weights);
        fixed (IntPtr* p = handles.Raw)
        {
            var output = Wrap(NativeMethods.ecg_nn_lstm(input.Handle, H(state?.H), H(state?.C), p, weights.Count, hasBiases, numLayers, dropout,
                training, bidirectional, batchFirst, out var h, out var c));
            return (output, (Tensor.Wrap(h), Tensor.Wrap(c)));
        }
    }
}
#pragma warning restore IDE1006
