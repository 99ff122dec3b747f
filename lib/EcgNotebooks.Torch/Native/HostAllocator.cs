namespace EcgNotebooks.Torch.Native;

/// <summary>
/// Keeps libtorch's CPU tensor memory in the process between training steps instead of handing it
/// back to the OS after every step (glibc's default), which costs a page fault per 4 KiB when the
/// next step touches it again: on the `ecg bench train-step` 1D ResNet that was ~27k faults and a
/// tenth of the step time. Blocks up to 32 MiB (glibc's own ceiling for its dynamic threshold)
/// come from the heap, and up to 512 MiB of free heap top is kept. The price: the process's
/// resident memory stays near its peak. Applied once, when the shim loads; skipped when the user
/// chose glibc settings (MALLOC_MMAP_THRESHOLD_ or MALLOC_TRIM_THRESHOLD_ set) or set
/// ECG_TORCH_KEEP_HOST_MEMORY=0.
/// </summary>
internal static class HostAllocator
{
    internal const int MmapThreshold = 32 << 20;
    internal const int TrimThreshold = 512 << 20;

    /// <summary>True when the settings were applied (glibc, not opted out).</summary>
    internal static bool Tuned { get; private set; }

    internal static void Configure()
    {
        if (Environment.GetEnvironmentVariable("ECG_TORCH_KEEP_HOST_MEMORY") == "0"
            || Environment.GetEnvironmentVariable("MALLOC_MMAP_THRESHOLD_") is not null
            || Environment.GetEnvironmentVariable("MALLOC_TRIM_THRESHOLD_") is not null
            || !OperatingSystem.IsLinux())
            return;
        Tuned = NativeMethods.ecg_tune_host_allocator(MmapThreshold, TrimThreshold) == 1;
    }
}
