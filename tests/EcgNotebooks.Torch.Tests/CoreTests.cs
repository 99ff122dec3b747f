using EcgNotebooks.Torch;

namespace EcgNotebooks.Torch.Tests;

public class CoreTests
{
    [Fact]
    public void RoundTripsDataAndShape()
    {
        using var t = torch.tensor(new float[] { 1, 2, 3, 4, 5, 6 }, 2, 3);
        Assert.Equal(new long[] { 2, 3 }, t.shape);
        Assert.Equal(ScalarType.Float32, t.dtype);
        Assert.Equal(Device.Cpu.Type, t.device.Type);
        Assert.Equal(new float[] { 1, 2, 3, 4, 5, 6 }, t.data<float>());
    }

    [Fact]
    public void MatmulGradientMatchesHandComputation()
    {
        using var scope = torch.NewDisposeScope();
        var a = torch.tensor(new double[] { 1, 2, 3, 4 }, 2, 2).requires_grad_();
        var b = torch.tensor(new double[] { 5, 6, 7, 8 }, 2, 2);
        var loss = a.matmul(b).sum();
        loss.backward();
        // d(sum(A B))/dA[i,k] = sum_j B[k,j]
        Assert.Equal(new double[] { 11, 15, 11, 15 }, a.grad!.data<double>());
        Assert.Equal(19.0 + 22 + 43 + 50, loss.item<double>(), 9);
    }

    [Fact]
    public void ShapeMismatchIsATypedException()
    {
        using var scope = torch.NewDisposeScope();
        var a = torch.tensor(new float[] { 1, 2, 3 }, 1, 3);
        var b = torch.tensor(new float[] { 1, 2 }, 2, 1);
        var e = Assert.Throws<TorchShapeException>(() => a.matmul(b));
        Assert.Contains("cannot be multiplied", e.Message);
    }

    [Fact]
    public void DisposedTensorThrowsObjectDisposed()
    {
        var t = torch.tensor(new float[] { 1 });
        t.Dispose();
        Assert.Throws<ObjectDisposedException>(() => t.shape);
    }

    [Fact]
    public void ScopeDisposesWhatItCreatedButNotWhatMovedOut()
    {
        Tensor kept, dropped;
        using (var scope = torch.NewDisposeScope())
        {
            dropped = torch.tensor(new float[] { 1 });
            kept = scope.Detach(torch.tensor(new float[] { 2 }));
        }
        Assert.True(dropped.IsDisposed);
        Assert.False(kept.IsDisposed);
        kept.Dispose();
    }
}
