namespace EcgNotebooks.Torch.NN;

/// <summary>Parameter storage for the layers (CPU, float32; modules move with to()).</summary>
internal static class Ops
{
    internal static Tensor Filled(double value, params long[] shape) => torch.full(shape, value);

    /// <summary>Storage an initialiser overwrites next.</summary>
    internal static Tensor Empty(params long[] shape) => torch.empty(shape);
}
