namespace EcgNotebooks.Torch.Tests;

public class CoreScopeTests
{
    [Fact]
    public void NestedScopesMoveResultsOutward()
    {
        Tensor inner, kept;
        using (var outer = torch.NewDisposeScope())
        {
            using (var scope = torch.NewDisposeScope())
            {
                inner = torch.ones(2) + 1;
                kept = scope.MoveToOuter(inner * 2);
                Assert.Equal(2, scope.Count);   // ones and + 1; the result moved out
            }
            Assert.True(inner.IsDisposed);
            Assert.False(kept.IsDisposed);
            Assert.Equal(1, outer.Count);
            Assert.Equal(new float[] { 4, 4 }, kept.data<float>());
        }
        Assert.True(kept.IsDisposed);
    }

    [Fact]
    public void ScopesArePerThreadAndTensorsCanBeAdopted()
    {
        using var scope = torch.NewDisposeScope();
        Tensor? fromWorker = null;
        var worker = new Thread(() => fromWorker = torch.ones(3));   // no scope on that thread
        worker.Start();
        worker.Join();
        Assert.NotNull(fromWorker);
        Assert.Equal(0, scope.Count);
        scope.Adopt(fromWorker!);
        Assert.Equal(1, scope.Count);
        scope.Dispose();
        Assert.True(fromWorker!.IsDisposed);
    }

    [Fact]
    public void TensorsOfOneScopeCanBeDisposedFromOtherThreads()
    {
        using var scope = torch.NewDisposeScope();
        var tensors = Enumerable.Range(0, 400).Select(i => torch.full([4], i)).ToList();
        Assert.Equal(400, scope.Count);
        Parallel.ForEach(tensors, t =>
        {
            // Parallel.ForEach runs some bodies on this thread, inside the scope: dispose what they make.
            using var sum = t.sum();
            Assert.Equal(t.data<float>()[0] * 4, sum.item<float>());
            t.Dispose();
        });
        Assert.Equal(0, scope.Count);
    }

    [Fact]
    public void WorkerThreadsWithTheirOwnScopes()
    {
        var sums = new float[8];
        Parallel.For(0, sums.Length, i =>
        {
            using var scope = torch.NewDisposeScope();
            var x = torch.full([10], i) * 2;
            sums[i] = x.sum().item<float>();
            Assert.Equal(3, scope.Count);
        });
        Assert.Equal(Enumerable.Range(0, 8).Select(i => i * 20f), sums);
    }

    [Fact]
    public void ClosingOutOfOrderOrOnAnotherThreadIsRefused()
    {
        var outer = torch.NewDisposeScope();
        var inner = torch.NewDisposeScope();
        Assert.Throws<InvalidOperationException>(() => outer.Dispose());
        Exception? fromOtherThread = null;
        var t = new Thread(() => { try { inner.Dispose(); } catch (Exception e) { fromOtherThread = e; } });
        t.Start();
        t.Join();
        Assert.IsType<InvalidOperationException>(fromOtherThread);
        Assert.Contains("thread", fromOtherThread!.Message);
        inner.Dispose();
        outer.Dispose();
    }
}
