using System.Runtime.InteropServices;

namespace EcgNotebooks.Torch.Native;

/// <summary>P/Invoke declarations of the shim. Split by area across Native.*.cs files.</summary>
internal static unsafe partial class NativeMethods
{
    private const string Lib = NativeLoader.LibraryName;

    static NativeMethods()
    {
        NativeLoader.EnsureInstalled();
        HostAllocator.Configure();
    }

    [LibraryImport(Lib)] internal static partial int ecg_last_error_kind();
    [LibraryImport(Lib)] internal static partial IntPtr ecg_last_error_message();
    [LibraryImport(Lib)] internal static partial void ecg_clear_error();

    [LibraryImport(Lib)] internal static partial void ecg_tensor_free(IntPtr t);
    [LibraryImport(Lib)] internal static partial int ecg_tensor_dim(TensorHandle t);
    [LibraryImport(Lib)] internal static partial int ecg_tensor_shape(TensorHandle t, long* sizes, int capacity);
    [LibraryImport(Lib)] internal static partial long ecg_tensor_numel(TensorHandle t);
    [LibraryImport(Lib)] internal static partial int ecg_tensor_dtype(TensorHandle t);
    [LibraryImport(Lib)] internal static partial int ecg_tensor_device_type(TensorHandle t);
    [LibraryImport(Lib)] internal static partial int ecg_tensor_device_index(TensorHandle t);
    [LibraryImport(Lib)] internal static partial IntPtr ecg_tensor_from_data(void* data, int dtype, long* dims, int ndim);
    [LibraryImport(Lib)] internal static partial int ecg_tensor_copy_to(TensorHandle t, void* dst, long bytes);
    [LibraryImport(Lib)] internal static partial IntPtr ecg_tensor_to(TensorHandle t, int deviceType, int deviceIndex, int dtype,
        [MarshalAs(UnmanagedType.U1)] bool nonBlocking, [MarshalAs(UnmanagedType.U1)] bool copy);

    [LibraryImport(Lib)] internal static partial int ecg_tune_host_allocator(int mmapThreshold, int trimThreshold);
    [LibraryImport(Lib)] internal static partial void ecg_set_num_threads(int n);
    [LibraryImport(Lib)] internal static partial int ecg_get_num_threads();
    [LibraryImport(Lib)] internal static partial void ecg_manual_seed(ulong seed);
    [LibraryImport(Lib)] internal static partial int ecg_cuda_is_available();
    [LibraryImport(Lib)] internal static partial int ecg_cuda_device_count();
    [LibraryImport(Lib)] internal static partial int ecg_set_deterministic([MarshalAs(UnmanagedType.U1)] bool on);
    [LibraryImport(Lib)] internal static partial int ecg_get_deterministic();
    [LibraryImport(Lib)] internal static partial IntPtr ecg_torch_version();
    [LibraryImport(Lib)] internal static partial int ecg_built_with_cuda();

    [LibraryImport(Lib)] internal static partial int ecg_requires_grad(TensorHandle t);
    [LibraryImport(Lib)] internal static partial int ecg_set_requires_grad(TensorHandle t, [MarshalAs(UnmanagedType.U1)] bool on);
    [LibraryImport(Lib)] internal static partial int ecg_grad(TensorHandle t, out IntPtr grad);
    [LibraryImport(Lib)] internal static partial int ecg_backward(TensorHandle t, TensorHandle gradient, [MarshalAs(UnmanagedType.U1)] bool retainGraph);
    [LibraryImport(Lib)] internal static partial IntPtr ecg_detach(TensorHandle t);
    [LibraryImport(Lib)] internal static partial int ecg_is_leaf(TensorHandle t);
    [LibraryImport(Lib)] internal static partial int ecg_is_grad_enabled();
    [LibraryImport(Lib)] internal static partial void ecg_set_grad_enabled([MarshalAs(UnmanagedType.U1)] bool on);
}

/// <summary>Owns one native at::Tensor handle; released exactly once.</summary>
internal sealed class TensorHandle : SafeHandle
{
    public TensorHandle() : base(IntPtr.Zero, ownsHandle: true) { }
    internal TensorHandle(IntPtr handle) : base(IntPtr.Zero, ownsHandle: true) => SetHandle(handle);
    /// <summary>Passed where an optional tensor argument is absent (marshals as a null pointer).</summary>
    internal static readonly TensorHandle Null = new();
    public override bool IsInvalid => handle == IntPtr.Zero;
    protected override bool ReleaseHandle()
    {
        NativeMethods.ecg_tensor_free(handle);
        return true;
    }
}
