using System.Runtime.InteropServices;
using EcgNotebooks.Torch.Native;

namespace EcgNotebooks.Torch;

/// <summary>
/// A libtorch tensor. Every operation returns a new Tensor that owns its native handle; dispose
/// it, or open a <see cref="DisposeScope"/> (torch.NewDisposeScope()) to release many at once.
/// Names follow PyTorch. Ops live in partial files by area (Tensor.*.cs).
/// </summary>
public partial class Tensor : IDisposable
{
    private readonly TensorHandle handle;

    /// <summary>The scope that will dispose this tensor, if any.</summary>
    internal DisposeScope? Scope { get; set; }

    internal Tensor(IntPtr native)
    {
        handle = new TensorHandle(native);
        var scope = DisposeScope.Current;
        if (scope is not null)
        {
            scope.Add(this);
            Scope = scope;
        }
    }

    /// <summary>Wraps a handle returned by the shim; a null handle means the call failed.</summary>
    internal static Tensor Wrap(IntPtr native) =>
        native == IntPtr.Zero ? throw TorchException.FromNative() : new Tensor(native);

    /// <summary>Throws the stored libtorch error when a status-returning shim call failed.</summary>
    internal static void Check(int status)
    {
        if (status != 0) throw TorchException.FromNative();
    }

    /// <summary>The native handle, for the shim; throws if this tensor was disposed.</summary>
    internal TensorHandle Handle =>
        handle.IsClosed ? throw new ObjectDisposedException(nameof(Tensor), "this tensor was disposed") : handle;

    public bool IsDisposed => handle.IsClosed;

    /// <summary>Frees the native tensor now (the memory goes once no view or autograd graph uses it).</summary>
    public void Dispose()
    {
        if (handle.IsClosed) return;
        Scope?.Remove(this);
        Scope = null;
        handle.Dispose();
    }

    // ---- metadata ----

    public int dim() => NativeMethods.ecg_tensor_dim(Handle);
    public long numel() => NativeMethods.ecg_tensor_numel(Handle);

    public unsafe long[] shape
    {
        get
        {
            const int Guess = 8;   // one native call for tensors of rank <= 8
            long* first = stackalloc long[Guess];
            var n = NativeMethods.ecg_tensor_shape(Handle, first, Guess);
            var sizes = new long[n];
            if (n <= Guess) new ReadOnlySpan<long>(first, n).CopyTo(sizes);
            else fixed (long* p = sizes) NativeMethods.ecg_tensor_shape(Handle, p, n);
            return sizes;
        }
    }

    public long size(int dimension)
    {
        var s = shape;
        var d = dimension < 0 ? dimension + s.Length : dimension;
        if (d < 0 || d >= s.Length)
            throw new TorchIndexException($"Dimension out of range (expected to be in range of [{-s.Length}, {s.Length - 1}], but got {dimension})");
        return s[d];
    }

    public ScalarType dtype => (ScalarType)NativeMethods.ecg_tensor_dtype(Handle);

    public Device device
    {
        get
        {
            var type = (DeviceType)NativeMethods.ecg_tensor_device_type(Handle);
            return new Device(type, NativeMethods.ecg_tensor_device_index(Handle));
        }
    }

    public override string ToString() => $"Tensor[{string.Join(", ", shape)}] {dtype} {device}";

    // ---- conversion ----

    public Tensor to(Device target, bool nonBlocking = false, bool copy = false) =>
        Wrap(NativeMethods.ecg_tensor_to(Handle, (int)target.Type, target.Index, (int)dtype, nonBlocking, copy));

    public Tensor to(ScalarType type, bool copy = false) =>
        Wrap(NativeMethods.ecg_tensor_to(Handle, (int)device.Type, device.Index, (int)type, false, copy));

    public Tensor to(Device target, ScalarType type, bool nonBlocking = false, bool copy = false) =>
        Wrap(NativeMethods.ecg_tensor_to(Handle, (int)target.Type, target.Index, (int)type, nonBlocking, copy));

    public Tensor cpu() => to(Device.Cpu);
    public Tensor cuda(int index = 0) => to(Device.Cuda(index));

    /// <summary>Copies the elements, row-major, into a new array; T must match the dtype.</summary>
    public unsafe T[] data<T>() where T : unmanaged
    {
        var result = new T[numel()];
        CopyTo<T>(result);
        return result;
    }

    /// <summary>Copies the elements, row-major, into <paramref name="destination"/>; T must match the dtype.</summary>
    public unsafe void CopyTo<T>(Span<T> destination) where T : unmanaged
    {
        RequireElementType<T>(dtype);
        if (destination.Length < numel())
            throw new ArgumentException($"destination holds {destination.Length} elements, the tensor {numel()}", nameof(destination));
        fixed (T* p = destination) Check(NativeMethods.ecg_tensor_copy_to(Handle, p, (long)destination.Length * sizeof(T)));
    }

    /// <summary>The value of a one-element tensor.</summary>
    public T item<T>() where T : unmanaged
    {
        if (numel() != 1) throw new TorchShapeException($"item() needs a tensor with one element, this one has {numel()} ({string.Join("x", shape)})");
        Span<T> one = stackalloc T[1];
        CopyTo(one);
        return one[0];
    }

    internal static ScalarType ScalarTypeOf<T>() where T : unmanaged =>
        typeof(T) == typeof(float) ? ScalarType.Float32 :
        typeof(T) == typeof(double) ? ScalarType.Float64 :
        typeof(T) == typeof(long) ? ScalarType.Int64 :
        typeof(T) == typeof(int) ? ScalarType.Int32 :
        typeof(T) == typeof(short) ? ScalarType.Int16 :
        typeof(T) == typeof(byte) ? ScalarType.UInt8 :
        typeof(T) == typeof(sbyte) ? ScalarType.Int8 :
        typeof(T) == typeof(bool) ? ScalarType.Bool :
        typeof(T) == typeof(Half) ? ScalarType.Float16 :
        throw new ArgumentException($"{typeof(T).Name} has no tensor element type");

    private static void RequireElementType<T>(ScalarType actual) where T : unmanaged
    {
        var wanted = ScalarTypeOf<T>();
        if (wanted != actual)
            throw new TorchDTypeException($"the tensor holds {actual}, not {typeof(T).Name} ({wanted}); convert it with to(ScalarType.{wanted}) first");
    }

    /// <summary>A new CPU tensor holding a copy of <paramref name="values"/> in the given shape.</summary>
    public static unsafe Tensor FromSpan<T>(ReadOnlySpan<T> values, ReadOnlySpan<long> shape) where T : unmanaged
    {
        long count = 1;
        foreach (var d in shape)
        {
            if (d < 0) throw new ArgumentException($"negative dimension in shape [{string.Join(", ", shape.ToArray())}]", nameof(shape));
            count *= d;
        }
        if (count != values.Length)
            throw new TorchShapeException($"shape [{string.Join(", ", shape.ToArray())}] holds {count} elements but {values.Length} were given");
        fixed (T* data = values)
        fixed (long* dims = shape)
            return Wrap(NativeMethods.ecg_tensor_from_data(data, (int)ScalarTypeOf<T>(), dims, shape.Length));
    }

    // ---- autograd ----

    public bool requires_grad
    {
        get => NativeMethods.ecg_requires_grad(Handle) != 0;
        set => Check(NativeMethods.ecg_set_requires_grad(Handle, value));
    }

    public Tensor requires_grad_(bool on = true)
    {
        requires_grad = on;
        return this;
    }

    /// <summary>The accumulated gradient, or null when none has been computed.</summary>
    public Tensor? grad
    {
        get
        {
            Check(NativeMethods.ecg_grad(Handle, out var g));
            return g == IntPtr.Zero ? null : new Tensor(g);
        }
    }

    public void backward(Tensor? gradient = null, bool retainGraph = false) =>
        Check(NativeMethods.ecg_backward(Handle, gradient?.Handle ?? TensorHandle.Null, retainGraph));

    public Tensor detach() => Wrap(NativeMethods.ecg_detach(Handle));

    /// <summary>True for tensors made by the user (not by an op that recorded a gradient function).</summary>
    public bool is_leaf => NativeMethods.ecg_is_leaf(Handle) != 0;
}
