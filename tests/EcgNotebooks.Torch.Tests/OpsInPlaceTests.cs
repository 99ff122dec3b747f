namespace EcgNotebooks.Torch.Tests;

public class OpsInPlaceTests
{
    private static Tensor V(params double[] v) => torch.tensor(v);

    [Fact]
    public void ArithmeticInPlaceChangesTheTensorAndReturnsIt()
    {
        using var scope = torch.NewDisposeScope();
        var x = V(1, 2, 3);
        var created = scope.Count;
        Assert.Same(x, x.add_(V(1, 1, 1), alpha: 2));
        Assert.Equal(new double[] { 3, 4, 5 }, x.data<double>());
        x.sub_(V(1, 2, 3)).sub_(0.5).add_(0.25);
        Assert.Equal(new double[] { 1.75, 1.75, 1.75 }, x.data<double>());
        x.mul_(V(2, 4, 0)).mul_(2.0);
        Assert.Equal(new double[] { 7, 14, 0 }, x.data<double>());
        x.div_(V(7, 7, 1)).div_(0.5);
        Assert.Equal(new double[] { 2, 4, 0 }, x.data<double>());
        Assert.Equal(created + 4, scope.Count);   // only the operands were created, no results

        var i = torch.tensor(new long[] { 1, 2 });
        i.add_(3).mul_(2).sub_(1);                // integer scalars keep integer tensors integral
        Assert.Equal(new long[] { 7, 9 }, i.data<long>());
        Assert.ThrowsAny<TorchException>(() => i.add_(0.5));   // as PyTorch: float result into a Long tensor
    }

    [Fact]
    public void AddcmulAddcdivLerp()
    {
        using var scope = torch.NewDisposeScope();
        var x = V(1, 1);
        x.addcmul_(V(2, 3), V(4, 5), 0.5);
        Assert.Equal(new double[] { 5, 8.5 }, x.data<double>());
        x.addcdiv_(V(3, 1), V(2, 4), 2);
        Assert.Equal(new double[] { 8, 9 }, x.data<double>());
        x.lerp_(V(10, 19), 0.5);
        Assert.Equal(new double[] { 9, 14 }, x.data<double>());
        x.lerp_(V(0, 0), V(1, 0.5));
        Assert.Equal(new double[] { 0, 7 }, x.data<double>());
    }

    [Fact]
    public void CopyZeroFillClampMaskedFill()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.zeros([2, 2], ScalarType.Float64);
        x.copy_(torch.tensor(new float[] { 1, 2 }));            // broadcast and converted
        Assert.Equal(new double[] { 1, 2, 1, 2 }, x.data<double>());
        x.fill_(-3.5);
        Assert.All(x.data<double>(), v => Assert.Equal(-3.5, v));
        var l = torch.zeros([1], ScalarType.Int64).fill_(9007199254740993L);
        Assert.Equal(9007199254740993L, l.item<long>());
        x.zero_();
        Assert.All(x.data<double>(), v => Assert.Equal(0.0, v));
        var c = V(-2, 0.5, 3).clamp_(-1, 1);
        Assert.Equal(new double[] { -1, 0.5, 1 }, c.data<double>());
        Assert.Equal(new double[] { 0, 0.5, 1 }, c.clamp_(min: 0).data<double>());
        var m = V(1, 2, 3).masked_fill_(torch.tensor(new[] { false, true, false }), 0);
        Assert.Equal(new double[] { 1, 0, 3 }, m.data<double>());
    }

    [Fact]
    public void UnaryInPlace()
    {
        using var scope = torch.NewDisposeScope();
        Assert.Equal(new double[] { 2, 3 }, V(4, 9).sqrt_().data<double>());
        OpsAssert.Close([1.0, Math.E], V(0, 1).exp_(), 1e-15);
        Assert.Equal(new double[] { -1, 2 }, V(1, -2).neg_().data<double>());
        Assert.Equal(new double[] { 0, 2 }, V(-1, 2).relu_().data<double>());
    }

    [Fact]
    public void RandomFillsInPlace()
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(3);
        var u = torch.empty([5000], ScalarType.Float64).uniform_(-2, 3).data<double>();
        Assert.All(u, v => Assert.InRange(v, -2, 3));
        Assert.InRange(u.Average(), 0.4, 0.6);
        var n = torch.empty([5000], ScalarType.Float64).normal_(10, 0.5);
        Assert.InRange(n.mean().item<double>(), 9.97, 10.03);
        Assert.InRange(n.std().item<double>(), 0.48, 0.52);
    }

    [Fact]
    public void InPlaceOnLeafNeedsNoGradAndRequiresGradToggles()
    {
        using var scope = torch.NewDisposeScope();
        var w = torch.ones([2], ScalarType.Float64).requires_grad_();
        Assert.ThrowsAny<TorchException>(() => w.add_(1.0));   // a leaf that requires grad
        using (torch.no_grad()) w.add_(1.0);                    // what optimisers do
        Assert.Equal(new double[] { 2, 2 }, w.data<double>());
        w.requires_grad_(false);
        Assert.False(w.requires_grad);
        w.mul_(2.0);
        Assert.Equal(new double[] { 4, 4 }, w.data<double>());
    }
}
