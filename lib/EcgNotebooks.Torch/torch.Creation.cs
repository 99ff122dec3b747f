using EcgNotebooks.Torch.Native;

namespace EcgNotebooks.Torch;

#pragma warning disable IDE1006 // PyTorch's names on purpose
public static partial class torch
{
    // Function pointers, not delegates: no allocation per call.
    private static unsafe Tensor Create(delegate*<long*, int, int, int, int, bool, IntPtr> factory, ReadOnlySpan<long> shape, ScalarType dtype, Device? device, bool requiresGrad)
    {
        var d = device ?? Device.Cpu;
        fixed (long* dims = shape)
            return Tensor.Wrap(factory(dims, shape.Length, (int)dtype, (int)d.Type, d.Index, requiresGrad));
    }

    public static unsafe Tensor zeros(long[] shape, ScalarType dtype = ScalarType.Float32, Device? device = null, bool requiresGrad = false) =>
        Create(&NativeMethods.ecg_zeros, shape, dtype, device, requiresGrad);
    public static Tensor zeros(params long[] shape) => zeros(shape, ScalarType.Float32);

    public static unsafe Tensor ones(long[] shape, ScalarType dtype = ScalarType.Float32, Device? device = null, bool requiresGrad = false) =>
        Create(&NativeMethods.ecg_ones, shape, dtype, device, requiresGrad);
    public static Tensor ones(params long[] shape) => ones(shape, ScalarType.Float32);

    /// <summary>Uninitialised memory: every element must be written before it is read.</summary>
    public static unsafe Tensor empty(long[] shape, ScalarType dtype = ScalarType.Float32, Device? device = null, bool requiresGrad = false) =>
        Create(&NativeMethods.ecg_empty, shape, dtype, device, requiresGrad);
    public static Tensor empty(params long[] shape) => empty(shape, ScalarType.Float32);

    /// <summary>Uniform on [0, 1).</summary>
    public static unsafe Tensor rand(long[] shape, ScalarType dtype = ScalarType.Float32, Device? device = null, bool requiresGrad = false) =>
        Create(&NativeMethods.ecg_rand, shape, dtype, device, requiresGrad);
    public static Tensor rand(params long[] shape) => rand(shape, ScalarType.Float32);

    /// <summary>Standard normal.</summary>
    public static unsafe Tensor randn(long[] shape, ScalarType dtype = ScalarType.Float32, Device? device = null, bool requiresGrad = false) =>
        Create(&NativeMethods.ecg_randn, shape, dtype, device, requiresGrad);
    public static Tensor randn(params long[] shape) => randn(shape, ScalarType.Float32);

    public static unsafe Tensor full(long[] shape, double value, ScalarType dtype = ScalarType.Float32, Device? device = null, bool requiresGrad = false)
    {
        var d = device ?? Device.Cpu;
        fixed (long* dims = shape)
            return Tensor.Wrap(NativeMethods.ecg_full(dims, shape.Length, value, (int)dtype, (int)d.Type, d.Index, requiresGrad));
    }

    /// <summary>An integer fill value, exact for every long (a double is not beyond 2^53); the dtype is required.</summary>
    public static unsafe Tensor full(long[] shape, long value, ScalarType dtype, Device? device = null, bool requiresGrad = false)
    {
        var d = device ?? Device.Cpu;
        fixed (long* dims = shape)
            return Tensor.Wrap(NativeMethods.ecg_full_int(dims, shape.Length, value, (int)dtype, (int)d.Type, d.Index, requiresGrad));
    }

    /// <summary>A 0-dim tensor holding one number.</summary>
    public static Tensor scalar_tensor(double value, ScalarType dtype = ScalarType.Float32, Device? device = null, bool requiresGrad = false) =>
        full([], value, dtype, device, requiresGrad);

    /// <summary>Integers start, start + step, ... below end (Int64 unless told), as torch.arange(int, int).</summary>
    public static Tensor arange(long start, long end, long step = 1, ScalarType dtype = ScalarType.Int64, Device? device = null, bool requiresGrad = false) =>
        arange((double)start, end, step, dtype, device, requiresGrad);

    public static Tensor arange(long end, ScalarType dtype = ScalarType.Int64, Device? device = null) => arange(0L, end, 1L, dtype, device);

    /// <summary>start, start + step, ... below end (Float32 unless told).</summary>
    public static Tensor arange(double start, double end, double step = 1, ScalarType dtype = ScalarType.Float32, Device? device = null, bool requiresGrad = false)
    {
        var d = device ?? Device.Cpu;
        return Tensor.Wrap(NativeMethods.ecg_arange(start, end, step, (int)dtype, (int)d.Type, d.Index, requiresGrad));
    }

    /// <summary>Uniform integers in [low, high).</summary>
    public static unsafe Tensor randint(long low, long high, long[] shape, ScalarType dtype = ScalarType.Int64, Device? device = null)
    {
        var d = device ?? Device.Cpu;
        fixed (long* dims = shape)
            return Tensor.Wrap(NativeMethods.ecg_randint(low, high, dims, shape.Length, (int)dtype, (int)d.Type, d.Index, false));
    }

    /// <summary>Uniform integers in [0, high).</summary>
    public static Tensor randint(long high, long[] shape, ScalarType dtype = ScalarType.Int64, Device? device = null) =>
        randint(0, high, shape, dtype, device);

    /// <summary>The n x m (n x n when m is omitted) identity matrix.</summary>
    public static Tensor eye(long n, long? m = null, ScalarType dtype = ScalarType.Float32, Device? device = null, bool requiresGrad = false)
    {
        var d = device ?? Device.Cpu;
        return Tensor.Wrap(NativeMethods.ecg_eye(n, m ?? n, (int)dtype, (int)d.Type, d.Index, requiresGrad));
    }

    // Absent dtype/device keep the source tensor's (-1 tells the shim).
    private static unsafe Tensor Like(delegate*<TensorHandle, int, int, int, bool, IntPtr> factory, Tensor t, ScalarType? dtype, Device? device, bool requiresGrad) =>
        Tensor.Wrap(factory(t.Handle, dtype is { } s ? (int)s : -1, device is { } d ? (int)d.Type : -1, device?.Index ?? -1, requiresGrad));

    public static unsafe Tensor zeros_like(Tensor t, ScalarType? dtype = null, Device? device = null, bool requiresGrad = false) =>
        Like(&NativeMethods.ecg_zeros_like, t, dtype, device, requiresGrad);
    public static unsafe Tensor ones_like(Tensor t, ScalarType? dtype = null, Device? device = null, bool requiresGrad = false) =>
        Like(&NativeMethods.ecg_ones_like, t, dtype, device, requiresGrad);
    public static unsafe Tensor empty_like(Tensor t, ScalarType? dtype = null, Device? device = null, bool requiresGrad = false) =>
        Like(&NativeMethods.ecg_empty_like, t, dtype, device, requiresGrad);
    public static unsafe Tensor rand_like(Tensor t, ScalarType? dtype = null, Device? device = null, bool requiresGrad = false) =>
        Like(&NativeMethods.ecg_rand_like, t, dtype, device, requiresGrad);
    public static unsafe Tensor randn_like(Tensor t, ScalarType? dtype = null, Device? device = null, bool requiresGrad = false) =>
        Like(&NativeMethods.ecg_randn_like, t, dtype, device, requiresGrad);

    public static Tensor full_like(Tensor t, double value, ScalarType? dtype = null, Device? device = null, bool requiresGrad = false) =>
        Tensor.Wrap(NativeMethods.ecg_full_like(t.Handle, value, dtype is { } s ? (int)s : -1,
            device is { } d ? (int)d.Type : -1, device?.Index ?? -1, requiresGrad));
}
#pragma warning restore IDE1006
