namespace EcgNotebooks.Torch.NN;

/// <summary>Tensor creation the layers need for their parameters (CPU, float32; modules move with to()).</summary>
internal static class Ops
{
    internal static Tensor Filled(double value, params long[] shape)
    {
        long n = 1;
        foreach (var d in shape) n *= d;
        var data = new float[n];
        if (value != 0) Array.Fill(data, (float)value);
        return Tensor.FromSpan<float>(data, shape);
    }

    internal static Tensor Empty(params long[] shape) => Filled(0, shape);
}
