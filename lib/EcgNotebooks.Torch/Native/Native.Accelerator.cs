using System.Runtime.InteropServices;

namespace EcgNotebooks.Torch.Native;

internal static unsafe partial class NativeMethods
{
    [LibraryImport(Lib)] internal static partial int ecg_set_allow_tf32([MarshalAs(UnmanagedType.U1)] bool on);
    [LibraryImport(Lib)] internal static partial int ecg_get_allow_tf32();
    [LibraryImport(Lib)] internal static partial int ecg_autocast_set(int deviceType, [MarshalAs(UnmanagedType.U1)] bool on, int dtype);
    [LibraryImport(Lib)] internal static partial int ecg_autocast_is_enabled(int deviceType);
    [LibraryImport(Lib)] internal static partial int ecg_cuda_synchronize(int device);
    [LibraryImport(Lib)] internal static partial int ecg_cuda_memory(int device, out long allocated, out long peakAllocated, out long reserved);
    [LibraryImport(Lib)] internal static partial int ecg_cuda_reset_peak_memory(int device);
}
