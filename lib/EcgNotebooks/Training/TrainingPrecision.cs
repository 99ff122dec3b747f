using EcgNotebooks.Torch;

namespace EcgNotebooks.Training;

/// <summary>
/// Arithmetic precision of training and inference: fp32, or bf16 autocast on the model's device
/// around forward and loss (weights, gradients and the optimiser stay float32). fp16 is not offered:
/// it needs a gradient scaler, which this trainer does not have.
/// </summary>
public enum TrainingPrecision
{
    Fp32,
    Bf16,
}

public static class TrainingPrecisions
{
    /// <summary>Parses `--precision fp32|bf16`; fp16 and anything else is an error that says why.</summary>
    public static TrainingPrecision Parse(string text) => text.Trim().ToLowerInvariant() switch
    {
        "fp32" or "float32" => TrainingPrecision.Fp32,
        "bf16" or "bfloat16" => TrainingPrecision.Bf16,
        "fp16" or "float16" or "half" => throw new ArgumentException(
            $"--precision {text}: fp16 needs a gradient scaler (loss scaling against underflow), which this trainer does not have; " +
            "use bf16 (same exponent range as fp32, no scaler needed) or fp32."),
        _ => throw new ArgumentException($"--precision {text}: expected fp32 or bf16."),
    };

    /// <summary>`--tf32 on|off`.</summary>
    public static bool ParseSwitch(string text, string option) => text.Trim().ToLowerInvariant() switch
    {
        "on" or "true" or "1" => true,
        "off" or "false" or "0" => false,
        _ => throw new ArgumentException($"{option} {text}: expected on or off."),
    };

    public static string Name(this TrainingPrecision precision) => precision == TrainingPrecision.Bf16 ? "bf16" : "fp32";

    /// <summary>An autocast scope for bf16 on <paramref name="device"/>, or null for fp32 (`using var _ = ...` accepts null).</summary>
    public static AutocastScope? Autocast(this TrainingPrecision precision, Device device) =>
        precision == TrainingPrecision.Bf16 ? torch.autocast(device, ScalarType.BFloat16) : null;

    /// <summary>"cuda:0 (bf16, tf32)", "cpu (fp32)": the device string of a run record (TF32 only matters on CUDA).</summary>
    public static string Describe(Device device, TrainingPrecision precision, bool tf32) =>
        device.Type == DeviceType.Cuda
            ? $"{device} ({precision.Name()}, {(tf32 ? "tf32" : "no tf32")})"
            : $"{device} ({precision.Name()})";
}
