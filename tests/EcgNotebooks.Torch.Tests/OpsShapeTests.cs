namespace EcgNotebooks.Torch.Tests;

public class OpsShapeTests
{
    // [[0, 1, 2], [3, 4, 5]]
    private static Tensor M() => torch.arange(0.0, 6.0, dtype: ScalarType.Float64).view(2, 3);

    [Fact]
    public void ViewReshapeFlattenAndViewsShareStorage()
    {
        using var scope = torch.NewDisposeScope();
        var m = M();
        Assert.Equal(new long[] { 3, 2 }, m.view(3, -1).shape);
        Assert.Equal(new long[] { 6 }, m.reshape(-1).shape);
        var x = torch.zeros(2, 3, 4);
        Assert.Equal(new long[] { 2, 12 }, x.flatten(1).shape);
        Assert.Equal(new long[] { 6, 4 }, x.flatten(0, 1).shape);
        Assert.Equal(new long[] { 24 }, x.flatten().shape);
        var v = m.view(6);
        v.select(0, 0).fill_(9.0);
        Assert.Equal(9.0, m.data<double>()[0]);
    }

    [Fact]
    public void PermuteTransposeTContiguous()
    {
        using var scope = torch.NewDisposeScope();
        var m = M();
        var t = m.t();
        Assert.Equal(new long[] { 3, 2 }, t.shape);
        Assert.False(t.is_contiguous());
        Assert.Equal(new double[] { 0, 3, 1, 4, 2, 5 }, t.data<double>());
        var c = t.contiguous();
        Assert.True(c.is_contiguous());
        Assert.Equal(new double[] { 0, 3, 1, 4, 2, 5 }, c.data<double>());
        Assert.Equal(t.data<double>(), m.transpose(0, 1).data<double>());
        var x = torch.arange(0.0, 24.0).view(2, 3, 4);
        var p = x.permute(2, 0, 1);
        Assert.Equal(new long[] { 4, 2, 3 }, p.shape);
        Assert.Equal(x.select(2, 1).data<float>(), p.select(0, 1).data<float>());
        Assert.Equal(new long[] { 2, 4, 3 }, x.transpose(-1, -2).shape);
    }

    [Fact]
    public void SqueezeUnsqueezeExpandRepeat()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.zeros(1, 3, 1);
        Assert.Equal(new long[] { 3 }, x.squeeze().shape);
        Assert.Equal(new long[] { 3, 1 }, x.squeeze(0).shape);
        Assert.Equal(new long[] { 1, 3, 1 }, x.squeeze(1).shape);   // size 3: unchanged
        Assert.Equal(new long[] { 1, 3, 1, 1 }, x.unsqueeze(-1).shape);
        var row = torch.tensor(new float[] { 1, 2, 3 }, 1, 3);
        var e = row.expand(2, -1);
        Assert.Equal(new float[] { 1, 2, 3, 1, 2, 3 }, e.data<float>());
        Assert.Equal(new long[] { 4, 3 }, row.expand_as(torch.zeros(4, 3)).shape);
        var r = torch.tensor(new float[] { 1, 2 }).repeat(2, 2);
        Assert.Equal(new long[] { 2, 4 }, r.shape);
        Assert.Equal(new float[] { 1, 2, 1, 2, 1, 2, 1, 2 }, r.data<float>());
    }

    [Fact]
    public void NarrowSelectSliceIndexer()
    {
        using var scope = torch.NewDisposeScope();
        var m = M();
        Assert.Equal(new double[] { 1, 2, 4, 5 }, m.narrow(1, 1, 2).data<double>());
        Assert.Equal(new double[] { 1, 4 }, m.select(1, 1).data<double>());
        Assert.Equal(new double[] { 3, 4, 5 }, m[1].data<double>());
        Assert.Equal(new double[] { 3, 4, 5 }, m[-1].data<double>());
        var v = torch.arange(0L, 10L);
        Assert.Equal(new long[] { 2, 4, 6 }, v.slice(0, 2, 8, 2).data<long>());
        Assert.Equal(new long[] { 7, 8, 9 }, v.slice(0, -3).data<long>());
        Assert.Equal(new long[] { 0, 3, 6, 9 }, v.slice(0, step: 3).data<long>());
        Assert.Equal(new long[] { 8 }, v.slice(0, 8, -1).data<long>());
        Assert.Equal(new double[] { 0, 2, 3, 5 }, m.slice(1, 0, null, 2).data<double>());
    }

    [Fact]
    public void IndexSelectGatherMaskedFillMaskedSelect()
    {
        using var scope = torch.NewDisposeScope();
        var m = M();
        var idx = torch.tensor(new long[] { 2, 0 });
        Assert.Equal(new double[] { 2, 0, 5, 3 }, m.index_select(1, idx).data<double>());
        Assert.Equal(new double[] { 3, 4, 5 }, m.index_select(0, torch.tensor(new long[] { 1 })).data<double>());
        var g = m.gather(1, torch.tensor(new long[] { 2, 1, 0, 0 }, 2, 2));
        Assert.Equal(new double[] { 2, 1, 3, 3 }, g.data<double>());
        var mask = m.gt(2.5);
        Assert.Equal(ScalarType.Bool, mask.dtype);
        Assert.Equal(new double[] { 0, 1, 2, -1, -1, -1 }, m.masked_fill(mask, -1).data<double>());
        Assert.Equal(new double[] { 3, 4, 5 }, m.masked_select(mask).data<double>());
        var colMask = torch.tensor(new[] { true, false, false });
        Assert.Equal(new double[] { 7, 1, 2, 7, 4, 5 }, m.masked_fill(colMask, 7).data<double>());   // broadcast mask
    }

    [Fact]
    public void CloneCopiesStorage()
    {
        using var scope = torch.NewDisposeScope();
        var m = M();
        var c = m.clone();
        c.fill_(1.0);
        Assert.Equal(new double[] { 0, 1, 2, 3, 4, 5 }, m.data<double>());
    }

    [Fact]
    public void CatStackSplitChunk()
    {
        using var scope = torch.NewDisposeScope();
        var a = torch.tensor(new float[] { 1, 2 }, 1, 2);
        var b = torch.tensor(new float[] { 3, 4, 5, 6 }, 2, 2);
        var c0 = torch.cat([a, b]);
        Assert.Equal(new long[] { 3, 2 }, c0.shape);
        Assert.Equal(new float[] { 1, 2, 3, 4, 5, 6 }, c0.data<float>());
        var c1 = torch.cat(new List<Tensor> { b, b }, 1);
        Assert.Equal(new float[] { 3, 4, 3, 4, 5, 6, 5, 6 }, c1.data<float>());
        var s = torch.stack([a.squeeze(), a.squeeze() * 10], 1);
        Assert.Equal(new long[] { 2, 2 }, s.shape);
        Assert.Equal(new float[] { 1, 10, 2, 20 }, s.data<float>());

        var v = torch.arange(0L, 7L);
        var parts = v.split(3);
        Assert.Equal(3, parts.Length);
        Assert.Equal(new long[] { 6 }, parts[2].data<long>());
        var sized = v.split([2, 5]);
        Assert.Equal(new long[] { 2, 3, 4, 5, 6 }, sized[1].data<long>());
        var chunks = v.chunk(3);
        Assert.Equal(new[] { 3L, 3L, 1L }, chunks.Select(t => t.numel()));
        var cols = b.chunk(2, 1);
        Assert.Equal(new float[] { 4, 6 }, cols[1].data<float>());
        Assert.Single(torch.zeros(0).split(4));
    }

    [Fact]
    public void WhereAndOneHot()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.tensor(new float[] { -1, 2, -3, 4 });
        Assert.Equal(new float[] { 0, 2, 0, 4 }, torch.where(x > 0, x, torch.zeros(1)).data<float>());
        Assert.Equal(new float[] { -9, 2, -9, 4 }, torch.where(x > 0, x, -9).data<float>());
        Assert.Equal(ScalarType.Float32, torch.where(x > 0, x, -9).dtype);
        Assert.Equal(new float[] { -1, 1, -3, 1 }, torch.where(x > 0, 1, x).data<float>());
        var oh = torch.tensor(new long[] { 2, 0, 1 }).one_hot(4);
        Assert.Equal(ScalarType.Int64, oh.dtype);
        Assert.Equal(new long[] { 3, 4 }, oh.shape);
        Assert.Equal(new long[] { 0, 0, 1, 0, 1, 0, 0, 0, 0, 1, 0, 0 }, oh.data<long>());
        Assert.Equal(new long[] { 3, 3 }, torch.one_hot(torch.tensor(new long[] { 2, 0, 1 })).shape);
    }
}
