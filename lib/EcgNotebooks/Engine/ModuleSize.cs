using static TorchSharp.torch;

namespace EcgNotebooks.Engine;

public static class ModuleSize
{
    /// <summary>Number of trainable and frozen parameters (buffers such as BatchNorm statistics excluded), as PyTorch's sum(p.numel()).</summary>
    public static long ParameterCount(this nn.Module module) => module.parameters().Sum(p => p.numel());
}
