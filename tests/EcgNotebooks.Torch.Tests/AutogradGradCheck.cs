namespace EcgNotebooks.Torch.Tests;

/// <summary>
/// Compares libtorch's gradients with central finite differences in float64: every element of every
/// input is moved by ±eps and the change of a weighted sum of the output is measured. The weights
/// are fixed pseudo-random numbers so that each output element's gradient matters, not just their sum.
/// </summary>
internal static class GradCheck
{
    public static void Check(Func<Tensor[], Tensor> f, params Tensor[] inputs) => Check(f, 1e-6, 1e-5, 1e-7, inputs);

    public static void Check(Func<Tensor[], Tensor> f, double eps, double rtol, double atol, params Tensor[] inputs)
    {
        using var scope = torch.NewDisposeScope();
        foreach (var x in inputs) Assert.Equal(ScalarType.Float64, x.dtype);
        var leaves = inputs.Select(x => x.detach().requires_grad_()).ToArray();
        var output = f(leaves);
        Assert.Equal(ScalarType.Float64, output.dtype);
        var weights = Weights(output.shape);
        output.mul(weights).sum().backward();

        for (var i = 0; i < inputs.Length; i++)
        {
            var analytic = leaves[i].grad?.data<double>() ?? new double[leaves[i].numel()];
            var values = inputs[i].data<double>();
            var shape = inputs[i].shape;
            for (var j = 0; j < values.Length; j++)
            {
                var original = values[j];
                values[j] = original + eps;
                var plus = Evaluate(f, inputs, i, values, shape, weights);
                values[j] = original - eps;
                var minus = Evaluate(f, inputs, i, values, shape, weights);
                values[j] = original;
                var numeric = (plus - minus) / (2 * eps);
                var ok = Math.Abs(analytic[j] - numeric) <= atol + rtol * Math.Abs(numeric);
                Assert.True(ok, $"input {i}, element {j}: autograd {analytic[j]:R}, finite difference {numeric:R}");
            }
        }
    }

    private static double Evaluate(Func<Tensor[], Tensor> f, Tensor[] inputs, int which, double[] values, long[] shape, Tensor weights)
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var args = inputs.Select((x, k) => k == which ? torch.tensor(values, shape) : x).ToArray();
        return f(args).mul(weights).sum().item<double>();
    }

    private static Tensor Weights(long[] shape)
    {
        var n = (int)shape.Aggregate(1L, (a, b) => a * b);
        var random = new Random(12345);
        var w = Enumerable.Range(0, n).Select(_ => 0.5 + random.NextDouble()).ToArray();
        return torch.tensor(w, shape);
    }

    /// <summary>A float64 tensor of the given values and shape.</summary>
    public static Tensor T(double[] values, params long[] shape) => torch.tensor(values, shape);

    /// <summary>Deterministic float64 values in (-1, 1) away from zero (kinks of abs, relu and friends).</summary>
    public static Tensor Smooth(int seed, params long[] shape)
    {
        var n = (int)shape.Aggregate(1L, (a, b) => a * b);
        var random = new Random(seed);
        var v = Enumerable.Range(0, n).Select(_ => (random.Next(2) == 0 ? -1 : 1) * (0.1 + 0.9 * random.NextDouble())).ToArray();
        return torch.tensor(v, shape);
    }
}
