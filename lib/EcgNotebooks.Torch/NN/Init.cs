using EcgNotebooks.Torch.Native;

namespace EcgNotebooks.Torch.NN;

/// <summary>
/// torch.nn.init: in-place initialisers (no autograd recording) drawing from libtorch's generator,
/// so with the same manual_seed they produce PyTorch's values.
/// </summary>
#pragma warning disable IDE1006 // PyTorch's names on purpose
public static class Init
{
    public static Tensor uniform_(Tensor t, double a = 0, double b = 1) { Tensor.Check(NativeMethods.ecg_nn_init(t.Handle, 0, a, b)); return t; }
    public static Tensor normal_(Tensor t, double mean = 0, double std = 1) { Tensor.Check(NativeMethods.ecg_nn_init(t.Handle, 1, mean, std)); return t; }
    public static Tensor constant_(Tensor t, double value) { Tensor.Check(NativeMethods.ecg_nn_init(t.Handle, 2, value, 0)); return t; }
    public static Tensor zeros_(Tensor t) => constant_(t, 0);
    public static Tensor ones_(Tensor t) => constant_(t, 1);

    /// <summary>(fan_in, fan_out) as torch.nn.init._calculate_fan_in_and_fan_out: dims 1 and 0 times the receptive field.</summary>
    public static (long FanIn, long FanOut) calculate_fan_in_and_fan_out(Tensor t)
    {
        var shape = t.shape;
        if (shape.Length < 2)
            throw new TorchShapeException($"fan in and fan out can not be computed for a tensor with fewer than 2 dimensions ([{string.Join(", ", shape)}])");
        long receptive = 1;
        for (var i = 2; i < shape.Length; i++) receptive *= shape[i];
        return (shape[1] * receptive, shape[0] * receptive);
    }

    public static double calculate_gain(string nonlinearity, double? param = null) => nonlinearity switch
    {
        "linear" or "conv1d" or "conv2d" or "conv3d" or "conv_transpose1d" or "conv_transpose2d" or "sigmoid" => 1,
        "tanh" => 5.0 / 3,
        "relu" => Math.Sqrt(2),
        "leaky_relu" => Math.Sqrt(2.0 / (1 + Math.Pow(param ?? 0.01, 2))),
        "selu" => 3.0 / 4,
        _ => throw new ArgumentException($"unsupported nonlinearity '{nonlinearity}'", nameof(nonlinearity)),
    };

    private static long Fan(Tensor t, string mode) => mode switch
    {
        "fan_in" => calculate_fan_in_and_fan_out(t).FanIn,
        "fan_out" => calculate_fan_in_and_fan_out(t).FanOut,
        _ => throw new ArgumentException($"mode '{mode}' is not fan_in or fan_out", nameof(mode)),
    };

    public static Tensor kaiming_uniform_(Tensor t, double a = 0, string mode = "fan_in", string nonlinearity = "leaky_relu")
    {
        var std = calculate_gain(nonlinearity, a) / Math.Sqrt(Fan(t, mode));
        var bound = Math.Sqrt(3.0) * std;
        return uniform_(t, -bound, bound);
    }

    public static Tensor kaiming_normal_(Tensor t, double a = 0, string mode = "fan_in", string nonlinearity = "leaky_relu") =>
        normal_(t, 0, calculate_gain(nonlinearity, a) / Math.Sqrt(Fan(t, mode)));

    public static Tensor xavier_uniform_(Tensor t, double gain = 1)
    {
        var (fanIn, fanOut) = calculate_fan_in_and_fan_out(t);
        var a = gain * Math.Sqrt(2.0 / (fanIn + fanOut)) * Math.Sqrt(3.0);
        return uniform_(t, -a, a);
    }

    public static Tensor xavier_normal_(Tensor t, double gain = 1)
    {
        var (fanIn, fanOut) = calculate_fan_in_and_fan_out(t);
        return normal_(t, 0, gain * Math.Sqrt(2.0 / (fanIn + fanOut)));
    }

    /// <summary>PyTorch's default for conv and linear layers: kaiming_uniform_(a = √5) on the weight, bias U(±1/√fan_in).</summary>
    internal static void DefaultLayer(Tensor weight, Tensor? bias)
    {
        kaiming_uniform_(weight, Math.Sqrt(5));
        if (bias is null) return;
        var fanIn = calculate_fan_in_and_fan_out(weight).FanIn;
        var bound = fanIn > 0 ? 1 / Math.Sqrt(fanIn) : 0;
        uniform_(bias, -bound, bound);
    }
}
#pragma warning restore IDE1006
