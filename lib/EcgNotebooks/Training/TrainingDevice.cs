using EcgNotebooks.Torch;

namespace EcgNotebooks.Training;

/// <summary>The `--device auto|cpu|cuda[:N]` choice.</summary>
public static class TrainingDevice
{
    /// <summary>auto = CUDA when torch.cuda.is_available(), else the CPU; cuda without a GPU is an error that says why.</summary>
    public static Device Resolve(string choice)
    {
        var text = choice.Trim().ToLowerInvariant();
        if (text == "auto") return torch.cuda.is_available() ? Device.Cuda(0) : Device.Cpu;
        var device = Device.Parse(text);
        if (device.Type == DeviceType.Cuda && !torch.cuda.is_available())
        {
            var why = torch.cuda.is_built()
                ? "the shim links a CUDA libtorch, but no GPU is visible (check nvidia-smi and CUDA_VISIBLE_DEVICES)"
                : $"the shim was built against a CPU-only libtorch ({torch.version})";
            throw new ArgumentException(
                $"--device {choice}: CUDA is not available: {why}. To train on a GPU, build the shim against a CUDA libtorch: " +
                "set TORCH_DIR to a folder with include/ and lib/ (a PyTorch install's torch/ folder or an unpacked libtorch archive) " +
                "and rebuild (dotnet build lib/EcgNotebooks.Cli -c Release); see environment/ for the GPU notes.");
        }
        return device;
    }
}
