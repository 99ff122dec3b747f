namespace EcgNotebooks.Torch.NN;

/// <summary>
/// Batch normalisation over the channel dim: batch statistics in training (updating the running
/// mean/variance with momentum and counting num_batches_tracked), running statistics in eval.
/// </summary>
public abstract class BatchNorm : Module<Tensor, Tensor>
{
    public Tensor? weight { get; }
    public Tensor? bias { get; }
    public Tensor? running_mean { get; }
    public Tensor? running_var { get; }
    public Tensor? num_batches_tracked { get; }
    public long num_features { get; }
    public double eps { get; }
    public double momentum { get; }

    private readonly int expectedDims;

    private protected BatchNorm(long numFeatures, double eps, double momentum, bool affine, bool trackRunningStats, int expectedDims)
    {
        (num_features, this.eps, this.momentum, this.expectedDims) = (numFeatures, eps, momentum, expectedDims);
        if (affine)
        {
            weight = register_parameter("weight", Ops.Filled(1, numFeatures));
            bias = register_parameter("bias", Ops.Filled(0, numFeatures));
        }
        if (trackRunningStats)
        {
            running_mean = register_buffer("running_mean", Ops.Filled(0, numFeatures));
            running_var = register_buffer("running_var", Ops.Filled(1, numFeatures));
            num_batches_tracked = register_buffer("num_batches_tracked", Tensor.FromSpan<long>([0L], []));
        }
    }

    public override Tensor forward(Tensor input)
    {
        var d = input.dim();
        if (expectedDims == 3 ? d is not (2 or 3) : d != expectedDims)
            throw new TorchShapeException($"{GetType().Name}: expected input of {(expectedDims == 3 ? "2-D or 3-D" : $"{expectedDims}-D")} " +
                $"(N, C{(expectedDims == 4 ? ", H, W" : "[, L]")}), got [{string.Join(", ", input.shape)}]");
        // Batch statistics when training, or when there are no running statistics to use.
        var useBatchStats = training || running_mean is null;
        return Functional.batch_norm_counting(input, running_mean, running_var, weight, bias,
            training ? num_batches_tracked : null, useBatchStats, momentum, eps);
    }
}

/// <summary>BatchNorm over (N, C) or (N, C, L).</summary>
public sealed class BatchNorm1d(long numFeatures, double eps = 1e-5, double momentum = 0.1, bool affine = true, bool trackRunningStats = true)
    : BatchNorm(numFeatures, eps, momentum, affine, trackRunningStats, 3);

/// <summary>BatchNorm over (N, C, H, W).</summary>
public sealed class BatchNorm2d(long numFeatures, double eps = 1e-5, double momentum = 0.1, bool affine = true, bool trackRunningStats = true)
    : BatchNorm(numFeatures, eps, momentum, affine, trackRunningStats, 4);

/// <summary>Layer normalisation over the trailing dims given by normalizedShape.</summary>
public sealed class LayerNorm : Module<Tensor, Tensor>
{
    public Tensor? weight { get; }
    public Tensor? bias { get; }
    public long[] normalized_shape { get; }
    public double eps { get; }

    public LayerNorm(long normalizedShape, double eps = 1e-5, bool elementwiseAffine = true) : this([normalizedShape], eps, elementwiseAffine) { }

    public LayerNorm(long[] normalizedShape, double eps = 1e-5, bool elementwiseAffine = true)
    {
        normalized_shape = normalizedShape;
        this.eps = eps;
        if (!elementwiseAffine) return;
        weight = register_parameter("weight", Ops.Filled(1, normalizedShape));
        bias = register_parameter("bias", Ops.Filled(0, normalizedShape));
    }

    public override Tensor forward(Tensor input) => Functional.layer_norm(input, normalized_shape, weight, bias, eps);
}
