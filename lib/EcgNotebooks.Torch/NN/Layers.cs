namespace EcgNotebooks.Torch.NN;

/// <summary>Zeroes elements with probability p in training (scaling the rest by 1/(1-p)); identity in eval.</summary>
public sealed class Dropout : Module<Tensor, Tensor>
{
    public double p { get; }

    public Dropout(double p = 0.5)
    {
        if (p is < 0 or > 1) throw new ArgumentOutOfRangeException(nameof(p), p, "dropout probability has to be between 0 and 1");
        this.p = p;
    }

    public override Tensor forward(Tensor input) => Functional.dropout(input, p, training);
}

public sealed class MaxPool1d(long kernelSize, long? stride = null, long padding = 0, long dilation = 1, bool ceilMode = false) : Module<Tensor, Tensor>
{
    public override Tensor forward(Tensor input) => Functional.max_pool1d(input, kernelSize, stride, padding, dilation, ceilMode);
}

public sealed class AvgPool1d(long kernelSize, long? stride = null, long padding = 0, bool ceilMode = false, bool countIncludePad = true) : Module<Tensor, Tensor>
{
    public override Tensor forward(Tensor input) => Functional.avg_pool1d(input, kernelSize, stride, padding, ceilMode, countIncludePad);
}

public sealed class AvgPool2d((long H, long W) kernelSize, (long H, long W)? stride = null, (long H, long W)? padding = null, bool ceilMode = false,
    bool countIncludePad = true) : Module<Tensor, Tensor>
{
    public override Tensor forward(Tensor input) => Functional.avg_pool2d(input, kernelSize, stride, padding, ceilMode, countIncludePad);
}

public sealed class AdaptiveAvgPool1d(long outputSize) : Module<Tensor, Tensor>
{
    public override Tensor forward(Tensor input) => Functional.adaptive_avg_pool1d(input, outputSize);
}

/// <summary>Resampling along L of (N, C, L), as nn.Upsample.</summary>
public sealed class Upsample(long? size = null, double? scaleFactor = null, string mode = "nearest", bool? alignCorners = null) : Module<Tensor, Tensor>
{
    public override Tensor forward(Tensor input) => Functional.interpolate(input, size, scaleFactor, mode, alignCorners);
}

/// <summary>A lookup table (num, dim) initialised N(0, 1); the padding row, if any, is zero.</summary>
public sealed class Embedding : Module<Tensor, Tensor>
{
    public Tensor weight { get; }
    public long? padding_idx { get; }

    public Embedding(long numEmbeddings, long embeddingDim, long? paddingIdx = null)
    {
        if (paddingIdx is { } pi && (pi >= numEmbeddings || pi < -numEmbeddings))
            throw new ArgumentOutOfRangeException(nameof(paddingIdx), pi, "padding_idx must be within num_embeddings");
        padding_idx = paddingIdx is { } q && q < 0 ? q + numEmbeddings : paddingIdx;
        weight = register_parameter("weight", Ops.Empty(numEmbeddings, embeddingDim));
        Init.normal_(weight);
        if (padding_idx is { } row)
        {
            using var scope = torch.NewDisposeScope();
            var current = weight.data<float>();
            Array.Clear(current, (int)(row * embeddingDim), (int)embeddingDim);
            Tensor.Check(Native.NativeMethods.ecg_nn_copy_into(weight.Handle, Tensor.FromSpan<float>(current, weight.shape).Handle));
        }
    }

    public override Tensor forward(Tensor input) => Functional.embedding(input, weight, padding_idx);
}

public sealed class ReLU : Module<Tensor, Tensor> { public override Tensor forward(Tensor input) => Functional.relu(input); }
public sealed class GELU : Module<Tensor, Tensor> { public override Tensor forward(Tensor input) => Functional.gelu(input); }
public sealed class SiLU : Module<Tensor, Tensor> { public override Tensor forward(Tensor input) => Functional.silu(input); }
public sealed class Tanh : Module<Tensor, Tensor> { public override Tensor forward(Tensor input) => Functional.tanh(input); }
public sealed class Sigmoid : Module<Tensor, Tensor> { public override Tensor forward(Tensor input) => Functional.sigmoid(input); }
public sealed class LeakyReLU(double negativeSlope = 0.01) : Module<Tensor, Tensor>
{
    public override Tensor forward(Tensor input) => Functional.leaky_relu(input, negativeSlope);
}
public sealed class Softmax(long dim) : Module<Tensor, Tensor> { public override Tensor forward(Tensor input) => Functional.softmax(input, dim); }
