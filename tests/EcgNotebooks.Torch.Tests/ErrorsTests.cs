namespace EcgNotebooks.Torch.Tests;

/// <summary>libtorch's failures arrive as typed exceptions carrying its message; the process survives them.</summary>
public class ErrorsTests
{
    [Fact]
    public void ShapeMismatches()
    {
        using var scope = torch.NewDisposeScope();
        var e = Assert.Throws<TorchShapeException>(() => torch.ones(2, 3) + torch.ones(3, 2));
        Assert.Contains("must match the size", e.Message);
        Assert.Throws<TorchShapeException>(() => torch.ones(2, 3).matmul(torch.ones(2, 3)));
        Assert.Throws<TorchShapeException>(() => torch.ones(2, 3).view(4, 2));
        Assert.Throws<TorchShapeException>(() => torch.cat([torch.ones(2, 3), torch.ones(2, 2)]));
        Assert.Throws<TorchShapeException>(() => torch.stack([torch.ones(2), torch.ones(3)]));
        Assert.Throws<TorchShapeException>(() => torch.tensor(new float[] { 1, 2, 3 }, 2, 2));
    }

    [Fact]
    public void WrongDTypes()
    {
        using var scope = torch.NewDisposeScope();
        var f = torch.ones(2, 2);
        var d = torch.ones([2, 2], ScalarType.Float64);
        var e = Assert.Throws<TorchDTypeException>(() => f.matmul(d));
        Assert.NotEmpty(e.Message);
        var data = Assert.Throws<TorchDTypeException>(() => d.data<float>());
        Assert.Contains("Float64", data.Message);
        Assert.Throws<TorchDTypeException>(() => d.sum().item<long>());
        Assert.ThrowsAny<TorchException>(() => f.index_select(0, torch.tensor(new float[] { 0 })));
        Assert.ThrowsAny<TorchException>(() => f.gather(0, torch.zeros(1, 2)));        // index must be Int64
        Assert.ThrowsAny<TorchException>(() => torch.where(torch.ones(2), f, f));       // condition must be Bool
    }

    [Fact]
    public void OutOfRangeDimsAndIndices()
    {
        using var scope = torch.NewDisposeScope();
        var t = torch.ones(2, 3);
        var e = Assert.Throws<TorchIndexException>(() => t.sum(2));
        Assert.Contains("Dimension out of range", e.Message);
        Assert.Throws<TorchIndexException>(() => t.softmax(-3));
        Assert.Throws<TorchIndexException>(() => t.transpose(0, 5));
        Assert.Throws<TorchIndexException>(() => t.select(0, 2));
        Assert.Throws<TorchIndexException>(() => t.max(7));
        Assert.Throws<TorchIndexException>(() => t.split(1, 4));
        Assert.Throws<TorchIndexException>(() => t.size(2));
        Assert.ThrowsAny<TorchException>(() => t.index_select(1, torch.tensor(new long[] { 3 })));
    }

    [Fact]
    public void DisposedTensorsRaiseObjectDisposed()
    {
        var a = torch.ones(2);
        var b = torch.ones(2);
        b.Dispose();
        b.Dispose();   // twice is harmless
        Assert.True(b.IsDisposed);
        Assert.Throws<ObjectDisposedException>(() => a + b);
        Assert.Throws<ObjectDisposedException>(() => b.sum());
        Assert.Throws<ObjectDisposedException>(() => torch.cat([a, b]));
        Assert.Throws<ObjectDisposedException>(() => a.add_(b));
        Assert.Equal(new float[] { 1, 1 }, a.data<float>());
        a.Dispose();
    }

    [Fact]
    public void AnErrorDoesNotLeakIntoTheNextCall()
    {
        using var scope = torch.NewDisposeScope();
        Assert.ThrowsAny<TorchException>(() => torch.ones(2).view(3));
        var ok = torch.ones(2).view(1, 2);   // succeeds after a failure
        Assert.Equal(new long[] { 1, 2 }, ok.shape);
        var e = Assert.Throws<TorchIndexException>(() => ok.sum(5));
        Assert.DoesNotContain("view", e.Message);
    }

    [Fact]
    public void BackwardWithoutGraphIsAnError()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.ones(2);
        Assert.ThrowsAny<TorchException>(() => x.sum().backward());
        var y = torch.ones([2], requiresGrad: true);
        Assert.ThrowsAny<TorchException>(() => (y * 2).backward());   // non-scalar without a gradient
    }
}
