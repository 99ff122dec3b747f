using EcgNotebooks.Engine;
using static TorchSharp.torch;

namespace EcgNotebooks.Models.Tests;

/// <summary>
/// TorchSharp frees an implicit Scalar when a collection runs during the native call that reads it (Engine/ScalarLifetime.cs).
/// Unprotected, this loop failed here within 3 s ("Expected false to be true … Scalar.h:140"); protected as the trainer's
/// steps are, it must run clean. Alone (<see cref="TorchState"/>): other tests' allocations would exceed the region's budget.
/// </summary>
[Collection(TorchState.Name)]
public class ScalarLifetimeTests
{
    [Fact]
    public void Implicit_scalars_survive_collections_triggered_by_another_thread_during_a_protected_step()
    {
        using var p = randn(64);
        using var a = randn(64);
        using var b = rand(64) + 1;
        var stop = false;
        // Allocates as a progress display or a notebook kernel does; its allocations trigger the collections. At most
        // 256 KiB per millisecond: the region's 64 MiB budget then outlasts a 250 ms stall of this thread inside a step
        // (unthrottled, a busy 2-core machine exhausted it, the runtime ended the region and collected: CI, 2026-12-03).
        var allocator = new Thread(() =>
        {
            var keep = new object[64];
            for (var i = 0; !Volatile.Read(ref stop); i++)
            {
                keep[i % 64] = new byte[2048];
                if (i % 128 == 127) Thread.Sleep(1);
            }
        });
        allocator.Start();
        var before = GC.CollectionCount(0);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            while (clock.Elapsed.TotalSeconds < 6)
            {
                using var scalars = ScalarLifetime.Protect();
                for (var i = 0; i < 200; i++) p.addcdiv_(a, b, value: -1e-6);
            }
        }
        finally
        {
            Volatile.Write(ref stop, true);
            allocator.Join();
        }
        var collections = GC.CollectionCount(0) - before;
        Assert.True(collections > 20, $"the other thread should have triggered collections between the steps ({collections})");
        Assert.True(float.IsFinite(p.sum().item<float>()));
    }
}
