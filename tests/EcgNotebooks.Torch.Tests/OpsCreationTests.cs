namespace EcgNotebooks.Torch.Tests;

public class OpsCreationTests
{
    [Fact]
    public void ZerosOnesFullEmptyHaveShapeDTypeAndValues()
    {
        using var scope = torch.NewDisposeScope();
        var z = torch.zeros(2, 3);
        Assert.Equal(new long[] { 2, 3 }, z.shape);
        Assert.Equal(ScalarType.Float32, z.dtype);
        Assert.All(z.data<float>(), v => Assert.Equal(0f, v));
        var o = torch.ones([4], ScalarType.Int64);
        Assert.Equal(new long[] { 1, 1, 1, 1 }, o.data<long>());
        var f = torch.full([2, 2], 2.5, ScalarType.Float64);
        Assert.Equal(new[] { 2.5, 2.5, 2.5, 2.5 }, f.data<double>());
        var big = torch.full([1], 9007199254740993L, ScalarType.Int64);   // 2^53 + 1: not a double
        Assert.Equal(9007199254740993L, big.item<long>());
        var e = torch.empty([3, 0, 2]);
        Assert.Equal(new long[] { 3, 0, 2 }, e.shape);
        Assert.Equal(0, e.numel());
        var h = torch.ones([2], ScalarType.Float16);
        Assert.Equal(ScalarType.Float16, h.dtype);
        Assert.Equal(new[] { (Half)1, (Half)1 }, h.data<Half>());
        var s0 = torch.scalar_tensor(2.5, ScalarType.Float64);
        Assert.Equal(0, s0.dim());
        Assert.Equal(2.5, s0.item<double>());
        var b = torch.zeros([2], ScalarType.Bool);
        Assert.Equal(new[] { false, false }, b.data<bool>());
    }

    [Fact]
    public void RequiresGradOptionMakesALeaf()
    {
        using var scope = torch.NewDisposeScope();
        var w = torch.randn([3], ScalarType.Float64, requiresGrad: true);
        Assert.True(w.requires_grad);
        Assert.True(w.is_leaf);
        Assert.False(torch.zeros(3).requires_grad);
    }

    [Fact]
    public void ArangeFollowsPyTorchDTypes()
    {
        using var scope = torch.NewDisposeScope();
        var i = torch.arange(5);
        Assert.Equal(ScalarType.Int64, i.dtype);
        Assert.Equal(new long[] { 0, 1, 2, 3, 4 }, i.data<long>());
        Assert.Equal(new long[] { 2, 5, 8 }, torch.arange(2, 10, 3).data<long>());
        var f = torch.arange(0.0, 1.0, 0.25);
        Assert.Equal(ScalarType.Float32, f.dtype);
        Assert.Equal(new float[] { 0, 0.25f, 0.5f, 0.75f }, f.data<float>());
        Assert.Equal(new double[] { 1, 0.5 }, torch.arange(1.0, 0.0, -0.5, ScalarType.Float64).data<double>());
    }

    [Fact]
    public void RandomFactoriesHaveTheirRangesAndFollowTheSeed()
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(42);
        var u = torch.rand([2000], ScalarType.Float64).data<double>();
        Assert.All(u, v => Assert.InRange(v, 0, 1 - 1e-12));
        Assert.InRange(u.Average(), 0.45, 0.55);
        var n = torch.randn([4000], ScalarType.Float64);
        Assert.InRange(n.mean().item<double>(), -0.08, 0.08);
        Assert.InRange(n.std().item<double>(), 0.92, 1.08);
        var r = torch.randint(-3, 4, [1000]);
        Assert.Equal(ScalarType.Int64, r.dtype);
        var values = r.data<long>();
        Assert.All(values, v => Assert.InRange(v, -3, 3));
        Assert.Equal(7, values.Distinct().Count());

        torch.manual_seed(7);
        var a = torch.randn(5).data<float>();
        var ua = torch.empty(3).uniform_(-1, 1).data<float>();
        torch.manual_seed(7);
        Assert.Equal(a, torch.randn(5).data<float>());
        Assert.Equal(ua, torch.empty(3).uniform_(-1, 1).data<float>());
        Assert.NotEqual(a, torch.randn(5).data<float>());
    }

    [Fact]
    public void EyeAndLikeFactories()
    {
        using var scope = torch.NewDisposeScope();
        Assert.Equal(new float[] { 1, 0, 0, 0, 1, 0 }, torch.eye(2, 3).data<float>());
        Assert.Equal(new double[] { 1, 0, 0, 1 }, torch.eye(2, dtype: ScalarType.Float64).data<double>());
        var t = torch.tensor(new double[] { 1, 2, 3, 4, 5, 6 }, 2, 3);
        var z = torch.zeros_like(t);
        Assert.Equal(ScalarType.Float64, z.dtype);
        Assert.Equal(t.shape, z.shape);
        Assert.All(z.data<double>(), v => Assert.Equal(0.0, v));
        var o = torch.ones_like(t, ScalarType.Int64);
        Assert.Equal(ScalarType.Int64, o.dtype);
        Assert.All(o.data<long>(), v => Assert.Equal(1L, v));
        Assert.Equal(t.shape, torch.randn_like(t).shape);
        Assert.Equal(ScalarType.Float64, torch.rand_like(t).dtype);
        Assert.All(torch.full_like(t, -1.5).data<double>(), v => Assert.Equal(-1.5, v));
        Assert.Equal(t.shape, torch.empty_like(t).shape);
    }

    [Fact]
    public void DeterministicAlgorithmsCanBeSwitchedOnAndOff()
    {
        var before = torch.are_deterministic_algorithms_enabled();
        try
        {
            torch.use_deterministic_algorithms(true);
            Assert.True(torch.are_deterministic_algorithms_enabled());
            torch.use_deterministic_algorithms(false);
            Assert.False(torch.are_deterministic_algorithms_enabled());
        }
        finally
        {
            torch.use_deterministic_algorithms(before);
        }
    }

    [Fact]
    public void DeviceMovesWorkWhenCudaIsThereAndFailCleanlyWhenNot()
    {
        using var scope = torch.NewDisposeScope();
        var t = torch.arange(0.0, 4.0);
        if (torch.cuda.is_available())
        {
            var g = t.cuda();
            Assert.Equal(DeviceType.Cuda, g.device.Type);
            var r = (g * 2 + 1).softmax(0).sum();
            Assert.Equal(1.0f, r.item<float>(), 5);
            Assert.Equal(DeviceType.Cuda, torch.zeros([2], device: Device.Cuda()).device.Type);
            Assert.Equal(new float[] { 0, 2, 4, 6 }, (g * 2).cpu().data<float>());
        }
        else
        {
            Assert.ThrowsAny<TorchException>(() => t.cuda());
            Assert.Equal(DeviceType.Cpu, t.cpu().device.Type);
        }
    }
}
