using static TorchSharp.torch;

namespace EcgNotebooks.Engine;

public static class ModuleRegistration
{
    /// <summary>
    /// register_module that returns the child, so a field is assigned and named in one line. The names are
    /// PyTorch's state-dict names (and those of the stored checkpoints), which is why fields are not
    /// registered by RegisterComponents().
    /// </summary>
    public static T Register<T>(this nn.Module parent, string name, T child) where T : nn.Module
    {
        parent.register_module(name, child);
        return child;
    }
}
