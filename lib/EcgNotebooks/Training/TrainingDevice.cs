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
        var index = -1;
        var cudaAsked = text == "cuda" || text.StartsWith("cuda:", StringComparison.Ordinal) && int.TryParse(text[5..], out index) && index >= 0;
        if (text != "cpu" && !cudaAsked) throw new ArgumentException($"--device {choice}: expected auto, cpu, cuda or cuda:N.");
        if (text == "cpu") return torch.CPU;
        if (!cuda.is_available())
            throw new ArgumentException(
                $"--device {choice}: CUDA is not available: the libtorch loaded here is CPU-only (TorchSharp's libtorch-cpu package) " +
                "or no GPU is visible. On a GPU machine reference TorchSharp-cuda-linux (or -windows) from NuGet instead of " +
                "libtorch-cpu (see README, GPU), or run the environment/gpu bundle against the machine's PyTorch.");
        if (index >= cuda.device_count())
            throw new ArgumentException($"--device {choice}: there are {cuda.device_count()} CUDA devices.");
        var device = torch.device(DeviceType.CUDA, Math.Max(0, index));
        return device;
    }
}
