namespace EcgNotebooks.Torch.Tests;

public class OpsReductionTests
{
    // [[1, 5, 3], [4, 2, 6]]
    private static Tensor M() => torch.tensor(new double[] { 1, 5, 3, 4, 2, 6 }, 2, 3);

    [Fact]
    public void SumAndMean()
    {
        using var scope = torch.NewDisposeScope();
        var m = M();
        Assert.Equal(21.0, m.sum().item<double>());
        Assert.Equal(new double[] { 5, 7, 9 }, m.sum(0).data<double>());
        Assert.Equal(new long[] { 2, 1 }, m.sum(1, keepdim: true).shape);
        Assert.Equal(new double[] { 9, 12 }, m.sum(-1).data<double>());
        Assert.Equal(21.0, m.sum([0, 1]).item<double>());
        Assert.Equal(3.5, m.mean().item<double>());
        Assert.Equal(new double[] { 3, 4 }, m.mean(1).data<double>());
        Assert.Equal(new double[] { 2.5, 3.5, 4.5 }, m.mean([0], keepdim: true).data<double>());
        Assert.Equal(new float[] { 3, 4 }, M().to(ScalarType.Float32).mean(1).data<float>());
        Assert.Equal(new double[] { 3, 3 }, torch.ones([2, 3], ScalarType.Int64).sum(1, dtype: ScalarType.Float64).data<double>());
    }

    [Fact]
    public void IntegerAndBoolSumsAreInt64()
    {
        using var scope = torch.NewDisposeScope();
        var i = torch.tensor(new int[] { 1, 2, 3 });
        Assert.Equal(ScalarType.Int32, i.dtype);
        Assert.Equal(ScalarType.Int64, i.sum().dtype);
        var b = M().gt(2.5);
        Assert.Equal(ScalarType.Int64, b.sum().dtype);
        Assert.Equal(4L, b.sum().item<long>());
    }

    [Fact]
    public void MaxMinArgmax()
    {
        using var scope = torch.NewDisposeScope();
        var m = M();
        Assert.Equal(6.0, m.max().item<double>());
        Assert.Equal(1.0, m.min().item<double>());
        var (values, indices) = m.max(1);
        Assert.Equal(new double[] { 5, 6 }, values.data<double>());
        Assert.Equal(ScalarType.Int64, indices.dtype);
        Assert.Equal(new long[] { 1, 2 }, indices.data<long>());
        var (mv, mi) = m.min(0, keepdim: true);
        Assert.Equal(new long[] { 1, 3 }, mv.shape);
        Assert.Equal(new double[] { 1, 2, 3 }, mv.data<double>());
        Assert.Equal(new long[] { 0, 1, 0 }, mi.data<long>());
        Assert.Equal(5L, m.argmax().item<long>());
        Assert.Equal(new long[] { 1, 2 }, m.argmax(1).data<long>());
        Assert.Equal(new long[] { 2, 1 }, m.argmax(1, keepdim: true).shape);
        Assert.Equal(new long[] { 0, 1 }, m.argmin(1).data<long>());
        Assert.Equal(0L, m.argmin().item<long>());
    }

    [Fact]
    public void StdVarBiasedAndUnbiased()
    {
        using var scope = torch.NewDisposeScope();
        var v = torch.tensor(new double[] { 2, 4, 4, 4, 5, 5, 7, 9 });
        Assert.Equal(4.0, v.var(unbiased: false).item<double>(), 12);
        Assert.Equal(2.0, v.std(unbiased: false).item<double>(), 12);
        Assert.Equal(32.0 / 7, v.var().item<double>(), 12);
        Assert.Equal(Math.Sqrt(32.0 / 7), v.std().item<double>(), 12);
        var m = M();
        OpsAssert.Close([Math.Sqrt(4.0), Math.Sqrt(4.0)], m.std(1), 1e-12);            // rows 1,5,3 and 4,2,6
        OpsAssert.Close([2.25, 2.25, 2.25], m.var(0, unbiased: false), 1e-12);
        Assert.Equal(new long[] { 2, 1 }, m.var([1], keepdim: true).shape);
    }

    [Fact]
    public void NormLogSumExpAllAny()
    {
        using var scope = torch.NewDisposeScope();
        var v = torch.tensor(new double[] { 3, -4 });
        Assert.Equal(5.0, v.norm().item<double>(), 12);
        Assert.Equal(7.0, v.norm(1).item<double>(), 12);
        Assert.Equal(4.0, v.norm(double.PositiveInfinity).item<double>(), 12);
        OpsAssert.Close([Math.Sqrt(1 + 16), Math.Sqrt(25 + 4), Math.Sqrt(9 + 36)], M().norm(2, 0), 1e-12);
        Assert.Throws<ArgumentException>(() => v.norm(2, Array.Empty<long>()));
        var m = M();
        OpsAssert.Close([Math.Log(Math.Exp(1) + Math.Exp(5) + Math.Exp(3)), Math.Log(Math.Exp(4) + Math.Exp(2) + Math.Exp(6))], m.logsumexp(1), 1e-12);
        var big = torch.tensor(new double[] { 1000, 1000 });
        Assert.Equal(1000 + Math.Log(2), big.logsumexp(0).item<double>(), 9);   // stable: no overflow
        var b = torch.tensor(new[] { true, false, true, true }, 2, 2);
        Assert.False(b.all().item<bool>());
        Assert.True(b.any().item<bool>());
        Assert.Equal(new[] { false, true }, b.all(1).data<bool>());
        Assert.Equal(new[] { true, true }, b.any(0).data<bool>());
        Assert.Equal(ScalarType.Bool, M().gt(0).all().dtype);
    }

    [Fact]
    public void MatrixProducts()
    {
        using var scope = torch.NewDisposeScope();
        var a = torch.tensor(new float[] { 1, 2, 3, 4 }, 2, 2);
        var b = torch.tensor(new float[] { 5, 6, 7, 8 }, 2, 2);
        Assert.Equal(new float[] { 19, 22, 43, 50 }, a.mm(b).data<float>());
        Assert.Equal(new float[] { 19, 22, 43, 50 }, torch.matmul(a, b).data<float>());
        Assert.Equal(new float[] { 17, 39 }, a.matmul(torch.tensor(new float[] { 5, 6 })).data<float>());   // matrix x vector
        var batch = torch.stack([a, b]);
        var p = batch.bmm(torch.stack([b, a]));
        Assert.Equal(new long[] { 2, 2, 2 }, p.shape);
        Assert.Equal(new float[] { 19, 22, 43, 50, 23, 34, 31, 46 }, p.data<float>());
        Assert.Equal(new long[] { 3, 2, 2 }, torch.ones(3, 2, 4).matmul(torch.ones(4, 2)).shape);   // broadcast batch
        Assert.Throws<TorchShapeException>(() => a.bmm(b));
        Assert.ThrowsAny<TorchException>(() => batch.mm(a));
    }

    [Fact]
    public void SoftmaxAndLogSoftmax()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.tensor(new double[] { 1, 2, 3, 1, 1, 1 }, 2, 3);
        var s = x.softmax(1);
        var e = new[] { Math.Exp(1), Math.Exp(2), Math.Exp(3) };
        var z = e.Sum();
        OpsAssert.Close([e[0] / z, e[1] / z, e[2] / z, 1.0 / 3, 1.0 / 3, 1.0 / 3], s, 1e-12);
        OpsAssert.Close(s.log().data<double>(), x.log_softmax(1), 1e-12);
        OpsAssert.Close([1.0, 1.0, 1.0], torch.softmax(x, 0).sum(0), 1e-12);
        var f = torch.tensor(new float[] { 1, 2 }).softmax(0, ScalarType.Float64);
        Assert.Equal(ScalarType.Float64, f.dtype);
        var big = torch.tensor(new float[] { 1000, 1000 }).log_softmax(0);
        OpsAssert.Close([-Math.Log(2), -Math.Log(2)], big, 1e-6);
    }

    [Fact]
    public void AllCloseAndEqual()
    {
        using var scope = torch.NewDisposeScope();
        var a = torch.tensor(new double[] { 1, 2 });
        Assert.True(a.allclose(a + 1e-9));
        Assert.False(a.allclose(a + 1e-3));
        Assert.True(a.equal(a.clone()));
        Assert.False(a.equal(a.view(1, 2)));
    }
}
