namespace EcgNotebooks.Torch.NN;

/// <summary>1-D convolution over (N, C_in, L); weight (out, in / groups, k).</summary>
public sealed class Conv1d : Module<Tensor, Tensor>
{
    public Tensor weight { get; }
    public Tensor? bias { get; }
    public long stride { get; }
    public long padding { get; }
    public long dilation { get; }
    public long groups { get; }

    public Conv1d(long inChannels, long outChannels, long kernelSize, long stride = 1, long padding = 0, long dilation = 1, long groups = 1, bool bias = true)
    {
        ConvChecks.Groups(inChannels, outChannels, groups);
        (this.stride, this.padding, this.dilation, this.groups) = (stride, padding, dilation, groups);
        weight = register_parameter("weight", Ops.Empty(outChannels, inChannels / groups, kernelSize));
        if (bias) this.bias = register_parameter("bias", Ops.Empty(outChannels));
        Init.DefaultLayer(weight, this.bias);
    }

    public override Tensor forward(Tensor input) => Functional.conv1d(input, weight, bias, stride, padding, dilation, groups);
}

/// <summary>2-D convolution over (N, C_in, H, W); weight (out, in / groups, kh, kw).</summary>
public sealed class Conv2d : Module<Tensor, Tensor>
{
    public Tensor weight { get; }
    public Tensor? bias { get; }
    public (long H, long W) stride { get; }
    public (long H, long W) padding { get; }
    public (long H, long W) dilation { get; }
    public long groups { get; }

    public Conv2d(long inChannels, long outChannels, (long H, long W) kernelSize, (long H, long W)? stride = null, (long H, long W)? padding = null,
        (long H, long W)? dilation = null, long groups = 1, bool bias = true)
    {
        ConvChecks.Groups(inChannels, outChannels, groups);
        this.stride = stride ?? (1, 1);
        this.padding = padding ?? (0, 0);
        this.dilation = dilation ?? (1, 1);
        this.groups = groups;
        weight = register_parameter("weight", Ops.Empty(outChannels, inChannels / groups, kernelSize.H, kernelSize.W));
        if (bias) this.bias = register_parameter("bias", Ops.Empty(outChannels));
        Init.DefaultLayer(weight, this.bias);
    }

    public override Tensor forward(Tensor input) => Functional.conv2d(input, weight, bias, stride, padding, dilation, groups);
}

/// <summary>Transposed 1-D convolution; weight (in, out / groups, k).</summary>
public sealed class ConvTranspose1d : Module<Tensor, Tensor>
{
    public Tensor weight { get; }
    public Tensor? bias { get; }
    public long stride { get; }
    public long padding { get; }
    public long output_padding { get; }
    public long groups { get; }
    public long dilation { get; }

    public ConvTranspose1d(long inChannels, long outChannels, long kernelSize, long stride = 1, long padding = 0, long outputPadding = 0,
        long groups = 1, bool bias = true, long dilation = 1)
    {
        ConvChecks.Groups(inChannels, outChannels, groups);
        (this.stride, this.padding, output_padding, this.groups, this.dilation) = (stride, padding, outputPadding, groups, dilation);
        weight = register_parameter("weight", Ops.Empty(inChannels, outChannels / groups, kernelSize));
        if (bias) this.bias = register_parameter("bias", Ops.Empty(outChannels));
        // PyTorch computes the fan from the weight as stored ((in, out / groups, k): fan_in = out / groups * k).
        Init.DefaultLayer(weight, this.bias);
    }

    public override Tensor forward(Tensor input) =>
        Functional.conv_transpose1d(input, weight, bias, stride, padding, output_padding, groups, dilation);
}

internal static class ConvChecks
{
    internal static void Groups(long inChannels, long outChannels, long groups)
    {
        if (groups < 1 || inChannels % groups != 0 || outChannels % groups != 0)
            throw new ArgumentException($"in_channels ({inChannels}) and out_channels ({outChannels}) must be divisible by groups ({groups})");
    }
}
