using TorchSharp;
using static TorchSharp.torch;

namespace EcgNotebooks.Training;

/// <summary>
/// Arithmetic precision of training and inference. Only fp32: TorchSharp 0.107 exposes no autocast
/// (mixed precision), and casting the whole model to bf16 is a different recipe (bf16 weights and
/// optimiser), so `--precision bf16` is refused with that reason rather than silently changed.
/// </summary>
public enum TrainingPrecision
{
    Fp32,
}

public static class TrainingPrecisions
{
    /// <summary>Parses `--precision fp32`; bf16/fp16 and anything else is an error that says why.</summary>
    public static TrainingPrecision Parse(string text) => text.Trim().ToLowerInvariant() switch
    {
        "fp32" or "float32" => TrainingPrecision.Fp32,
        "bf16" or "bfloat16" or "fp16" or "float16" or "half" => throw new ArgumentException(
            $"--precision {text}: TorchSharp 0.107 has no autocast (mixed precision), so only fp32 is offered; " +
            "with --device cuda, --tf32 on gives tensor-core speed for fp32 matmul and convolution."),
        _ => throw new ArgumentException($"--precision {text}: expected fp32."),
    };

    /// <summary>`--tf32 on|off`.</summary>
    public static bool ParseSwitch(string text, string option) => text.Trim().ToLowerInvariant() switch
    {
        "on" or "true" or "1" => true,
        "off" or "false" or "0" => false,
        _ => throw new ArgumentException($"{option} {text}: expected on or off."),
    };

    public static string Name(this TrainingPrecision precision) => "fp32";

    /// <summary>TF32 tensor cores for fp32 matmul and convolution (CUDA only; a no-op elsewhere).</summary>
    public static void ApplyTf32(Device device, bool tf32)
    {
        if (device.type != DeviceType.CUDA) return;
        backends.cuda.matmul.allow_tf32 = tf32;
        backends.cudnn.allow_tf32 = tf32;
    }

    /// <summary>"cuda:0 (fp32, tf32)", "cpu (fp32)": the device string of a run record (TF32 only matters on CUDA).</summary>
    public static string Describe(Device device, TrainingPrecision precision, bool tf32) =>
        device.type == DeviceType.CUDA
            ? $"{device} ({precision.Name()}, {(tf32 ? "tf32" : "no tf32")})"
            : $"{device} ({precision.Name()})";
}
