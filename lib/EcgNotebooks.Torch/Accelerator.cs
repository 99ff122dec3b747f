using EcgNotebooks.Torch.Native;

namespace EcgNotebooks.Torch;

/// <summary>Bytes held on one CUDA device by the caching allocator; -1 where the build cannot tell.</summary>
public readonly record struct CudaMemoryStats(long Allocated, long PeakAllocated, long Reserved);

public static partial class torch
{
    /// <summary>Backend switches, as torch.backends in PyTorch.</summary>
    public static class backends
    {
        /// <summary>
        /// TF32 tensor cores for float32 matmul and convolution on Ampere and later GPUs (both
        /// cuBLAS and cuDNN). Off by default in libtorch; EcgNotebooks turns it on for CUDA training
        /// unless told otherwise (--tf32 off), because it is how PyTorch users train in practice.
        /// </summary>
        public static bool allow_tf32
        {
            get => NativeMethods.ecg_get_allow_tf32() != 0;
            set => Tensor.Check(NativeMethods.ecg_set_allow_tf32(value));
        }
    }

    /// <summary>Mixed precision, as torch.autocast: ops that benefit run in <paramref name="dtype"/> inside the scope.</summary>
    public static AutocastScope autocast(Device device, ScalarType dtype = ScalarType.BFloat16) => new(device.Type, dtype);

    /// <summary>Whether autocast is on for <paramref name="device"/>'s type, as torch.is_autocast_enabled.</summary>
    public static bool is_autocast_enabled(Device device) => NativeMethods.ecg_autocast_is_enabled((int)device.Type) != 0;

    /// <summary>Waits for all queued CUDA work (for honest timings).</summary>
    public static void cuda_synchronize(int device = 0) => Tensor.Check(NativeMethods.ecg_cuda_synchronize(device));

    public static CudaMemoryStats cuda_memory(int device = 0)
    {
        Tensor.Check(NativeMethods.ecg_cuda_memory(device, out var allocated, out var peak, out var reserved));
        return new CudaMemoryStats(allocated, peak, reserved);
    }

    public static void cuda_reset_peak_memory(int device = 0) => Tensor.Check(NativeMethods.ecg_cuda_reset_peak_memory(device));
}

/// <summary>Enables autocast for one device type until disposed, then restores the previous state.</summary>
public sealed class AutocastScope : IDisposable
{
    private readonly DeviceType deviceType;
    private readonly bool previous;
    private bool closed;

    internal AutocastScope(DeviceType deviceType, ScalarType dtype)
    {
        if (dtype is not (ScalarType.Float16 or ScalarType.BFloat16))
            throw new ArgumentException($"autocast runs in Float16 or BFloat16, not {dtype}", nameof(dtype));
        this.deviceType = deviceType;
        previous = NativeMethods.ecg_autocast_is_enabled((int)deviceType) != 0;
        Tensor.Check(NativeMethods.ecg_autocast_set((int)deviceType, true, (int)dtype));
    }

    public void Dispose()
    {
        if (closed) return;
        closed = true;
        Tensor.Check(NativeMethods.ecg_autocast_set((int)deviceType, previous, (int)ScalarType.BFloat16));
    }
}
