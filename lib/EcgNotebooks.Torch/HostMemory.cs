using System.Runtime.InteropServices;

namespace EcgNotebooks.Torch;

/// <summary>
/// Host (CPU) memory behaviour of the process. A training step under a dispose scope releases all
/// of its activations and gradients at once when the scope closes; glibc then hands the memory back
/// to the kernel and the next step takes page faults to get it again (PyTorch frees the same
/// tensors one by one during backward, so it mostly reuses warm memory). Keeping freed memory in
/// the process removes that per-step cost on the CPU (measured with `ecg bench train-step`).
/// </summary>
public static partial class HostMemory
{
    private const int M_TRIM_THRESHOLD = -1, M_TOP_PAD = -2, M_MMAP_THRESHOLD = -3;

    [LibraryImport("libc", EntryPoint = "mallopt")]
    private static partial int mallopt(int param, int value);

    /// <summary>
    /// Serves allocations up to 32 MiB from the heap (glibc's largest threshold) and trims the heap
    /// only when more than <paramref name="trimThresholdBytes"/> is free at its top. Returns false
    /// where the C library is not glibc (nothing changes then).
    /// </summary>
    public static bool RetainFreedMemory(int trimThresholdBytes = 1 << 30)
    {
        if (!OperatingSystem.IsLinux()) return false;
        try
        {
            return mallopt(M_MMAP_THRESHOLD, 32 << 20) == 1
                && mallopt(M_TRIM_THRESHOLD, trimThresholdBytes) == 1
                && mallopt(M_TOP_PAD, 64 << 20) == 1;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }
}
