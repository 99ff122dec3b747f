using TorchSharp;
using static TorchSharp.torch;

namespace EcgNotebooks.Engine;

/// <summary>
/// Turns libtorch's oneDNN (MKL-DNN) kernels off, once per process, before the first model is built, so
/// convolutions run on ATen's own CPU kernels. Measured here with TorchSharp-cpu 0.107 (libtorch 2.10,
/// oneDNN 3.7): oneDNN's float32 convolution backward-data (also what conv_transpose runs) returns wrong
/// input gradients, now and then NaN, when the channel count is not a multiple of its ISA block (16 with
/// AVX-512, 8 with AVX2): e.g. batch 64, 8 channels, length 45, kernel 9 is off by 14–37 against float64 in nearly
/// every call and NaN in some, while ATen's kernels agree to 1e-5 (EngineTests). Our backbones have such
/// layers (ResUNet's 8-channel levels, MACNN's squeezes), which is where the "NaN gradients for a finite
/// loss" came from. libtorch has no switch in TorchSharp's API, so this calls
/// <c>at::globalContext().setUserEnabledMkldnn(false)</c> through its exported C++ symbols (what
/// <c>torch.backends.mkldnn.enabled = False</c> does in Python). <see cref="KeepVariable"/>=1 keeps oneDNN on
/// (to benchmark it, or to check a fixed libtorch). A model whose every convolution has channel counts that are
/// multiples of 16 (<see cref="Models.Backbone.OneDnnSafe"/>: Hannun's ResNet at half width and up) trains with oneDNN
/// on through <see cref="EnableWhile"/>, where its gradients match float64 (OneDnnModelTests) and its step is about 10× faster.
/// </summary>
public static class OneDnn
{
    public const string KeepVariable = "ECG_TORCH_ONEDNN";
    private static readonly object Gate = new();
    private static bool configured;

    /// <summary>Whether libtorch may use oneDNN now (null before <see cref="Configure"/>, or where its symbols are not found).</summary>
    public static bool? Enabled { get; private set; }

    /// <summary>For run records and benchmarks (configures first).</summary>
    public static string Describe()
    {
        Configure();
        return Enabled switch
        {
            false => $"oneDNN off (ATen's convolutions; {KeepVariable}=1 keeps oneDNN)",
            true => $"oneDNN on{(Environment.GetEnvironmentVariable(KeepVariable) == "1" ? $" ({KeepVariable}=1)" : "")}",
            null => "oneDNN switch not found in this libtorch",
        };
    }

    /// <summary>Idempotent; loads libtorch if it is not loaded yet.</summary>
    public static void Configure()
    {
        lock (Gate)
        {
            if (configured) return;
            configured = true;
            InitializeDeviceType(DeviceType.CPU);   // loads libtorch (NativeLibraries has pointed TorchSharp at it)
            if (!LibTorchContext.TryGetSwitch("Mkldnn", out var mkldnn)) return;
            if (Environment.GetEnvironmentVariable(KeepVariable) != "1") mkldnn.Value = false;
            Enabled = mkldnn.Value;
        }
    }

    /// <summary>
    /// oneDNN on until the returned scope is disposed, when <paramref name="safe"/> and the switch exists; else nothing
    /// changes. The switch is process-wide, so one model at a time (runs of a process are sequential).
    /// </summary>
    public static IDisposable EnableWhile(bool safe)
    {
        Configure();
        if (!safe || Enabled != false || !LibTorchContext.TryGetSwitch("Mkldnn", out var mkldnn))
            return new Scope(null);
        mkldnn.Value = true;
        Enabled = mkldnn.Value;
        return new Scope(() =>
        {
            mkldnn.Value = false;
            Enabled = mkldnn.Value;
        });
    }

    private sealed class Scope(Action? restore) : IDisposable
    {
        private Action? restore = restore;
        public void Dispose() => Interlocked.Exchange(ref restore, null)?.Invoke();
    }
}
