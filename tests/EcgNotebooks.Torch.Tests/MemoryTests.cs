using System.Runtime.InteropServices;

namespace EcgNotebooks.Torch.Tests;

/// <summary>Process-wide memory measurements: run alone, not beside other test classes.</summary>
[CollectionDefinition(nameof(MemoryCollection), DisableParallelization = true)]
public class MemoryCollection;

/// <summary>Native memory stays bounded when every step's tensors live in a dispose scope.</summary>
[Collection(nameof(MemoryCollection))]
public partial class MemoryTests
{
    private static long ResidentBytes()
    {
        // /proc/self/statm: size resident shared ... in pages.
        var fields = File.ReadAllText("/proc/self/statm").Split(' ');
        return long.Parse(fields[1]) * Environment.SystemPageSize;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct MallInfo2
    {
        public nuint Arena, Ordblks, Smblks, Hblks, Hblkhd, Usmblks, Fsmblks, Uordblks, Fordblks, Keepcost;
    }

    [LibraryImport("libc")] private static partial MallInfo2 mallinfo2();

    /// <summary>Bytes glibc's malloc has handed out and not got back: libtorch's CPU memory, without the GC heap.</summary>
    private static long MallocInUse() => (long)mallinfo2().Uordblks + (long)mallinfo2().Hblkhd;

    private static void Step(Tensor w, Tensor x)
    {
        using var scope = torch.NewDisposeScope();
        var h = x.matmul(w).tanh();
        var loss = h.softmax(1).log().neg().mean() + w.square().sum() * 1e-3;
        loss.backward();
        using (torch.no_grad()) w.add_(w.grad!, alpha: -1e-3);
        w.grad!.zero_();
    }

    [Fact]
    public void FiveThousandScopedForwardBackwardStepsKeepMemoryBounded()
    {
        using var outer = torch.NewDisposeScope();
        // Big enough that leaking even one activation per step (32 x 64 floats, 8 KiB) would add
        // 40 MB over the run, far above the noise of the runtime's own allocations (a few MB).
        var w = torch.randn([128, 64], requiresGrad: true);
        var x = torch.randn(32, 128);
        for (var i = 0; i < 2000; i++) Step(w, x);   // warm-up: allocator caches, JIT, thread pools
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var rssBefore = ResidentBytes();
        var mallocBefore = MallocInUse();
        for (var i = 0; i < 5000; i++) Step(w, x);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var rssGrowth = ResidentBytes() - rssBefore;
        var mallocGrowth = MallocInUse() - mallocBefore;
        Assert.True(mallocGrowth < 16 << 20, $"native heap in use grew by {mallocGrowth / 1024} KiB over 5,000 steps (resident: {rssGrowth / 1024} KiB)");
        Assert.True(rssGrowth < 16 << 20, $"resident memory grew by {rssGrowth / 1024} KiB over 5,000 steps");
        Assert.Equal(2, outer.Count);   // only w and x: each step's tensors were released
    }

    [Fact]
    public void UndisposedTensorsAreReleasedByTheFinaliserWithoutCrashing()
    {
        static void MakeGarbage()
        {
            for (var i = 0; i < 2000; i++)
            {
                var t = torch.ones(8, 8) * 2;
                var v = t.view(64);
                _ = v.sum();
            }
        }
        MakeGarbage();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using var t = torch.ones(3);
        Assert.Equal(3f, t.sum().item<float>());
    }
}
