using System.Runtime;

namespace EcgNotebooks.Engine;

/// <summary>
/// Keeps TorchSharp's temporary scalars alive through the native calls that read them. TorchSharp 0.107 turns a number
/// into a <c>Scalar</c> (<c>x * 0.5</c>, Adam's <c>addcdiv_(…, value: -lr)</c>) and passes libtorch only its raw handle,
/// so the Scalar is garbage once the call starts: a collection triggered by another thread during the call lets the
/// finalizer thread free it while libtorch reads it. That was the rare "Expected false to be true … toFloat at
/// c10/core/Scalar.h:140" crash of training runs (or, worse, a wrong value); ScalarLifetimeTests hits it within
/// seconds with one thread calling <c>addcdiv_</c> and another allocating. A training step or inference batch therefore
/// runs in a no-GC region (<see cref="GC.TryStartNoGCRegion(long)"/>): no collection, so no finalizer, until it ends.
/// Starting one costs a blocking collection (measured 0.25 ms on a test-sized heap); <see cref="OptOut"/>=0 turns it off.
/// Best effort when other threads allocate more than <see cref="Budget"/> during a step: the runtime then collects
/// and ends the region early.
/// </summary>
public static class ScalarLifetime
{
    public const long Budget = 64L << 20;
    public const string OptOut = "ECG_NO_GC_DURING_STEPS";
    private static readonly bool Enabled = Environment.GetEnvironmentVariable(OptOut) != "0";
    private static readonly object Gate = new();
    private static int holders;

    /// <summary>Until disposed, no garbage collection (process-wide; nested and concurrent holders share one region).</summary>
    public static IDisposable Protect()
    {
        if (!Enabled) return new Region(held: false);
        lock (Gate)
        {
            if (holders++ == 0 && GCSettings.LatencyMode != GCLatencyMode.NoGCRegion)
            {
                try { GC.TryStartNoGCRegion(Budget); }
                catch (InvalidOperationException) { }   // a region already started elsewhere (not by us): it protects us too
            }
        }
        return new Region(held: true);
    }

    private sealed class Region(bool held) : IDisposable
    {
        private int released = held ? 0 : 1;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref released, 1) != 0) return;
            lock (Gate)
            {
                if (--holders > 0 || GCSettings.LatencyMode != GCLatencyMode.NoGCRegion) return;
                try { GC.EndNoGCRegion(); }
                catch (InvalidOperationException) { }   // the region ended early (budget exceeded): nothing to end
            }
        }
    }
}
