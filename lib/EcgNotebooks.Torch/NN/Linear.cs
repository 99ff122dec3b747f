namespace EcgNotebooks.Torch.NN;

/// <summary>y = x W^T + b over the last dimension; weight (out, in).</summary>
public sealed class Linear : Module<Tensor, Tensor>
{
    public Tensor weight { get; }
    public Tensor? bias { get; }
    public long in_features { get; }
    public long out_features { get; }

    public Linear(long inFeatures, long outFeatures, bool bias = true)
    {
        in_features = inFeatures;
        out_features = outFeatures;
        weight = register_parameter("weight", Ops.Empty(outFeatures, inFeatures));
        if (bias) this.bias = register_parameter("bias", Ops.Empty(outFeatures));
        Init.DefaultLayer(weight, this.bias);
    }

    public override Tensor forward(Tensor input) => Functional.linear(input, weight, bias);
}

/// <summary>Returns its input.</summary>
public sealed class Identity : Module<Tensor, Tensor>
{
    public override Tensor forward(Tensor input) => input;
}

/// <summary>Flattens dims startDim..endDim (default: all but the batch dim).</summary>
public sealed class Flatten(long startDim = 1, long endDim = -1) : Module<Tensor, Tensor>
{
    public override Tensor forward(Tensor input) => Functional.flatten(input, startDim, endDim);
}
