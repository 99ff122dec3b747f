namespace EcgNotebooks.Torch.Tests;

public class OpsArithmeticTests
{
    [Fact]
    public void BinaryOpsWithTensorsAndScalarsOnEitherSide()
    {
        using var scope = torch.NewDisposeScope();
        var a = torch.tensor(new double[] { 1, 2, 4 });
        var b = torch.tensor(new double[] { 2, 4, 8 });
        Assert.Equal(new double[] { 3, 6, 12 }, (a + b).data<double>());
        Assert.Equal(new double[] { 5, 10, 20 }, a.add(b, alpha: 2).data<double>());
        Assert.Equal(new double[] { -1, -2, -4 }, (a - b).data<double>());
        Assert.Equal(new double[] { -3, -6, -12 }, a.sub(b, 2).data<double>());
        Assert.Equal(new double[] { 2, 8, 32 }, (a * b).data<double>());
        Assert.Equal(new double[] { 0.5, 0.5, 0.5 }, (a / b).data<double>());
        Assert.Equal(new double[] { 1, 16, 65536 }, a.pow(b).data<double>());
        Assert.Equal(new double[] { 2, 4, 8 }, a.maximum(b).data<double>());
        Assert.Equal(new double[] { 1, 2, 4 }, torch.minimum(a, b).data<double>());

        Assert.Equal(new double[] { 1.5, 2.5, 4.5 }, (a + 0.5).data<double>());
        Assert.Equal(new double[] { 1.5, 2.5, 4.5 }, (0.5 + a).data<double>());
        Assert.Equal(new double[] { 0, 1, 3 }, (a - 1).data<double>());
        Assert.Equal(new double[] { 9, 8, 6 }, (10 - a).data<double>());
        Assert.Equal(new double[] { 3, 6, 12 }, (a * 3).data<double>());
        Assert.Equal(new double[] { 3, 6, 12 }, (3 * a).data<double>());
        Assert.Equal(new double[] { 0.25, 0.5, 1 }, (a / 4).data<double>());
        Assert.Equal(new double[] { 4, 2, 1 }, (4 / a).data<double>());
        Assert.Equal(new double[] { 1, 4, 16 }, a.pow(2).data<double>());
        Assert.Equal(new double[] { -1, -2, -4 }, (-a).data<double>());
    }

    [Fact]
    public void BroadcastingFollowsNumPyRules()
    {
        using var scope = torch.NewDisposeScope();
        var col = torch.tensor(new float[] { 10, 20 }, 2, 1);
        var row = torch.tensor(new float[] { 1, 2, 3 });
        var s = col + row;
        Assert.Equal(new long[] { 2, 3 }, s.shape);
        Assert.Equal(new float[] { 11, 12, 13, 21, 22, 23 }, s.data<float>());
        var x = torch.ones(4, 1, 3) * torch.arange(0.0, 2.0).view(2, 1);
        Assert.Equal(new long[] { 4, 2, 3 }, x.shape);
        Assert.Throws<TorchShapeException>(() => torch.ones(2, 3) + torch.ones(2));
    }

    [Fact]
    public void TypePromotionMatchesPyTorch()
    {
        using var scope = torch.NewDisposeScope();
        var i = torch.tensor(new long[] { 1, 2, 3 });
        var f = torch.tensor(new float[] { 1, 2, 3 });
        Assert.Equal(ScalarType.Int64, (i + i).dtype);
        Assert.Equal(ScalarType.Int64, (i * 2).dtype);               // integral scalar keeps Int64
        Assert.Equal(new long[] { 9, 8, 7 }, (10 - i).data<long>());
        Assert.Equal(new long[] { 2, 3, 4 }, (1 + i).data<long>());
        Assert.Equal(new long[] { 1, 8, 27 }, i.pow(3).data<long>());
        Assert.Equal(ScalarType.Float32, (i * 2.0).dtype);
        Assert.Equal(ScalarType.Float32, (i + 0.5).dtype);           // a float scalar lifts ints to the default float
        Assert.Equal(ScalarType.Float32, (f + 0.5).dtype);           // and never widens a float32
        Assert.Equal(ScalarType.Float32, (i + f).dtype);
        Assert.Equal(ScalarType.Float64, (f + f.to(ScalarType.Float64)).dtype);
        var q = i / i;                                                // true division
        Assert.Equal(ScalarType.Float32, q.dtype);
        Assert.Equal(new float[] { 1, 1, 1 }, q.data<float>());
        Assert.Equal(new float[] { 0.5f, 1, 1.5f }, (i / 2).data<float>());
        var h = torch.ones([2], ScalarType.Float16) * 3;
        Assert.Equal(ScalarType.Float16, h.dtype);
        Assert.Equal(new[] { (Half)3, (Half)3 }, h.data<Half>());
    }

    [Fact]
    public void ComparisonsGiveBoolTensors()
    {
        using var scope = torch.NewDisposeScope();
        var a = torch.tensor(new float[] { 1, 2, 3 });
        var b = torch.tensor(new float[] { 3, 2, 1 });
        void Is(bool[] expected, Tensor t)
        {
            Assert.Equal(ScalarType.Bool, t.dtype);
            Assert.Equal(expected, t.data<bool>());
        }
        Is([false, true, false], a.eq(b));
        Is([true, false, true], a.ne(b));
        Is([true, false, false], a.lt(b));
        Is([true, true, false], a.le(b));
        Is([false, false, true], a.gt(b));
        Is([false, true, true], a.ge(b));
        Is([false, true, false], a.eq(2));
        Is([true, false, true], a.ne(2));
        Is([true, false, false], a < 2);
        Is([true, true, false], a <= 2);
        Is([false, false, true], a > 2);
        Is([false, true, true], a >= 2);
        Is([false, false, true], 2 < a);
        Is([true, false, false], a < b);
        Is([false, true, false], (a >= 2) & (a <= 2));
        Is([true, false, true], (a < 2) | (a > 2));
        Is([true, false, true], !a.eq(2));
        Is([true, true, true], torch.tensor(new long[] { 5, 6, 7 }) > 4.5);
    }

    [Fact]
    public void UnaryMathsMatchSystemMath()
    {
        using var scope = torch.NewDisposeScope();
        double[] xs = [0.3, 1.7, 2.5, 4.0];
        var x = torch.tensor(xs);
        OpsAssert.Close(xs.Select(Math.Exp).ToArray(), x.exp(), 1e-12);
        OpsAssert.Close(xs.Select(v => Math.Log(v)).ToArray(), x.log(), 1e-12);
        OpsAssert.Close(xs.Select(v => Math.Log(1 + v)).ToArray(), x.log1p(), 1e-12);
        OpsAssert.Close(xs.Select(Math.Sqrt).ToArray(), x.sqrt(), 1e-12);
        OpsAssert.Close(xs.Select(v => 1 / Math.Sqrt(v)).ToArray(), x.rsqrt(), 1e-12);
        OpsAssert.Close(xs.Select(v => 1 / v).ToArray(), x.reciprocal(), 1e-12);
        OpsAssert.Close(xs.Select(v => v * v).ToArray(), x.square(), 1e-12);
        OpsAssert.Close(xs.Select(Math.Sin).ToArray(), x.sin(), 1e-12);
        OpsAssert.Close(xs.Select(Math.Cos).ToArray(), torch.cos(x), 1e-12);
        OpsAssert.Close(xs.Select(Math.Tanh).ToArray(), (-x).tanh().neg(), 1e-12);

        var s = torch.tensor(new double[] { -2.5, -0.5, 0, 0.5, 1.5, 2.7 });
        Assert.Equal(new double[] { 2.5, 0.5, 0, 0.5, 1.5, 2.7 }, s.abs().data<double>());
        Assert.Equal(new double[] { -1, -1, 0, 1, 1, 1 }, s.sign().data<double>());
        Assert.Equal(new double[] { -3, -1, 0, 0, 1, 2 }, s.floor().data<double>());
        Assert.Equal(new double[] { -2, 0, 0, 1, 2, 3 }, s.ceil().data<double>());
        Assert.Equal(new double[] { -2, -0.0, 0, 0, 2, 3 }, s.round().data<double>());   // half to even
        Assert.Equal(new double[] { -0.5, -0.5, 0, 0.5, 1, 1 }, s.clamp(-0.5, 1).data<double>());
        Assert.Equal(new double[] { -2.5, -0.5, 0, 0.5, 1, 1 }, s.clamp(max: 1).data<double>());
        Assert.Equal(new double[] { 0, 0, 0, 0.5, 1.5, 2.7 }, torch.clamp(s, min: 0).data<double>());
    }

    [Fact]
    public void ActivationsMatchTheirFormulas()
    {
        using var scope = torch.NewDisposeScope();
        double[] xs = [-3, -0.5, 0, 0.7, 2, 25];
        var x = torch.tensor(xs);
        static double Sigmoid(double v) => 1 / (1 + Math.Exp(-v));
        OpsAssert.Close(xs.Select(Sigmoid).ToArray(), x.sigmoid(), 1e-12);
        OpsAssert.Close(xs.Select(v => Math.Max(v, 0)).ToArray(), x.relu(), 0);
        OpsAssert.Close(xs.Select(v => v > 0 ? v : 0.1 * v).ToArray(), x.leaky_relu(0.1), 1e-15);
        OpsAssert.Close(xs.Select(v => v * Sigmoid(v)).ToArray(), x.silu(), 1e-12);
        // softplus with beta 2: log(1 + exp(2x)) / 2, exactly x above the threshold (2x > 20).
        OpsAssert.Close(xs.Select(v => 2 * v > 20 ? v : Math.Log(1 + Math.Exp(2 * v)) / 2).ToArray(), x.softplus(2), 1e-12);
        // GELU exact: x Φ(x); values of Φ from the standard normal table (scipy.stats.norm.cdf).
        double[] phi = [0.0013498980316301, 0.3085375387259869, 0.5, 0.7580363477769270, 0.9772498680518208, 1.0];
        OpsAssert.Close(xs.Zip(phi, (v, p) => v * p).ToArray(), x.gelu(), 1e-12);
        OpsAssert.Close(xs.Select(v => 0.5 * v * (1 + Math.Tanh(Math.Sqrt(2 / Math.PI) * (v + 0.044715 * v * v * v)))).ToArray(), x.gelu("tanh"), 1e-12);
        Assert.Throws<ArgumentException>(() => x.gelu("fast"));
    }
}
