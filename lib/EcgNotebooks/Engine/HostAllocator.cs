using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace EcgNotebooks.Engine;

/// <summary>
/// Optionally keeps libtorch's CPU tensor memory in the process between training steps instead of
/// handing it back to the OS after every step (glibc's default), which costs a page fault per 4 KiB
/// when the next step touches it again (TorchSharp's 1D ResNet training step is ~23% slower without
/// it here): blocks up to 32 MiB come from the heap, and up to 512 MiB of free heap top is kept.
/// OFF by default, opt-in with ECG_TORCH_KEEP_HOST_MEMORY=1: with these settings ResUNet A2 training gave NaN
/// gradients, which turned out to be oneDNN's convolution reading memory it did not write (<see cref="OneDnn"/>);
/// to be turned on again once re-measured with oneDNN off (environment/README.md, "Host memory"). Applied once, when this assembly loads (before any
/// tensor exists); never when the user chose glibc settings (MALLOC_MMAP_THRESHOLD_ or
/// MALLOC_TRIM_THRESHOLD_ set) or the C library is not glibc.
/// </summary>
public static partial class HostAllocator
{
    public const int MmapThreshold = 32 << 20;
    public const int TrimThreshold = 512 << 20;
    public const string OptIn = "ECG_TORCH_KEEP_HOST_MEMORY";
    private const int MTrimThreshold = -1, MMmapThreshold = -3;   // glibc's M_TRIM_THRESHOLD, M_MMAP_THRESHOLD

    /// <summary>True when the settings were applied (glibc, not opted out).</summary>
    public static bool Tuned { get; private set; }

    /// <summary>Why the settings were or were not applied, for run records and benchmarks.</summary>
    public static string Describe() => Tuned
        ? $"glibc malloc: mmap threshold {MmapThreshold >> 20} MiB, trim threshold {TrimThreshold >> 20} MiB ({OptIn}=1)"
        : $"glibc malloc defaults ({OptIn}=1 keeps host memory between steps)";

#pragma warning disable CA2255 // a module initializer is the point: it must run before libtorch allocates.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Configure()
    {
        if (Environment.GetEnvironmentVariable(OptIn) != "1"
            || Environment.GetEnvironmentVariable("MALLOC_MMAP_THRESHOLD_") is not null
            || Environment.GetEnvironmentVariable("MALLOC_TRIM_THRESHOLD_") is not null
            || !OperatingSystem.IsLinux())
            return;
        try
        {
            Tuned = Mallopt(MMmapThreshold, MmapThreshold) == 1 & Mallopt(MTrimThreshold, TrimThreshold) == 1;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            Tuned = false;   // not glibc (musl, ...): nothing to tune
        }
    }

    [LibraryImport("libc.so.6", EntryPoint = "mallopt")]
    private static partial int Mallopt(int parameter, int value);
}
