using TorchSharp;
using static TorchSharp.torch;

namespace EcgNotebooks.Training;

/// <summary>The `--device auto|cpu|cuda[:N]` choice.</summary>
public static class TrainingDevice
{
    /// <summary>auto = CUDA when torch.cuda.is_available(), else the CPU; cuda without a GPU is an error that says why.</summary>
    public static Device Resolve(string choice)
    {
        var text = choice.Trim().ToLowerInvariant();
        if (text == "auto") return cuda.is_available() ? torch.CUDA : torch.CPU;
        Device device;
        try
        {
            device = torch.device(text);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidOperationException)
        {
            throw new ArgumentException($"--device {choice}: expected auto, cpu, cuda or cuda:N.", e);
        }
        if (device.type == DeviceType.CUDA && !cuda.is_available())
            throw new ArgumentException(
                $"--device {choice}: CUDA is not available: the libtorch loaded here is CPU-only (TorchSharp's libtorch-cpu package) " +
                "or no GPU is visible. On a GPU machine reference TorchSharp-cuda-linux (or -windows) from NuGet instead of " +
                "libtorch-cpu (see README, GPU), or run the environment/gpu bundle against the machine's PyTorch.");
        if (device.type == DeviceType.CUDA && device.index >= cuda.device_count())
            throw new ArgumentException($"--device {choice}: there are {cuda.device_count()} CUDA devices.");
        return device;
    }
}
