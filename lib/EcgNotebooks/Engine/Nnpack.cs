using TorchSharp;
using static TorchSharp.torch;

namespace EcgNotebooks.Engine;

/// <summary>
/// Turns libtorch's NNPACK convolutions off, once per process, where NNPACK cannot start on this CPU: libtorch 2.10
/// otherwise logs "Could not initialize NNPACK! Reason: Unsupported hardware." on every convolution with a batch of
/// 16 or more. Measured 2026-12-03 on an AMD EPYC VM (AVX2, yet NNPACK refuses it): 25–45 such lines a second through
/// each standard training run, burying its progress lines; a one-epoch reduced run logs 247 lines before, 1 after,
/// with the same losses (ATen's own kernels ran either way, as NNPACK never did). Where NNPACK starts, nothing changes.
/// </summary>
public static class Nnpack
{
    private static readonly object Gate = new();
    private static bool configured;

    /// <summary>Whether libtorch may use NNPACK now (null before <see cref="Configure"/>, or where its symbols are not found).</summary>
    public static bool? Enabled { get; private set; }

    /// <summary>Whether NNPACK starts on this CPU (null before <see cref="Configure"/>, or where the symbol is not found).</summary>
    public static bool? Available { get; private set; }

    /// <summary>Idempotent; loads libtorch if it is not loaded yet.</summary>
    public static void Configure()
    {
        lock (Gate)
        {
            if (configured) return;
            configured = true;
            InitializeDeviceType(DeviceType.CPU);
            if (!LibTorchContext.TryGetSwitch("NNPACK", out var nnpack)) return;
            Available = LibTorchContext.CallBoolOp("_nnpack_available");   // logs the warning once where it fails
            if (Available == false) nnpack.Value = false;
            Enabled = nnpack.Value;
        }
    }
}
