using EcgNotebooks.Torch.Native;

namespace EcgNotebooks.Torch;

// Views, reshaping, indexing, joining and splitting. Views share storage with their source.
public partial class Tensor
{
    public unsafe Tensor view(params long[] shape)
    {
        fixed (long* p = shape) return Wrap(NativeMethods.ecg_view(Handle, p, shape.Length));
    }

    public unsafe Tensor reshape(params long[] shape)
    {
        fixed (long* p = shape) return Wrap(NativeMethods.ecg_reshape(Handle, p, shape.Length));
    }

    public unsafe Tensor permute(params long[] dims)
    {
        fixed (long* p = dims) return Wrap(NativeMethods.ecg_permute(Handle, p, dims.Length));
    }

    /// <summary>Broadcasts size-1 dimensions to the given sizes (-1 keeps a size) without copying.</summary>
    public unsafe Tensor expand(params long[] shape)
    {
        fixed (long* p = shape) return Wrap(NativeMethods.ecg_expand(Handle, p, shape.Length));
    }

    public Tensor expand_as(Tensor other) => Wrap(NativeMethods.ecg_expand_as(Handle, other.Handle));

    /// <summary>Tiles the tensor: repeats[i] copies along dimension i (copies, unlike expand).</summary>
    public unsafe Tensor repeat(params long[] repeats)
    {
        fixed (long* p = repeats) return Wrap(NativeMethods.ecg_repeat(Handle, p, repeats.Length));
    }

    public Tensor transpose(long dim0, long dim1) => Wrap(NativeMethods.ecg_transpose(Handle, dim0, dim1));

    /// <summary>Transpose of a tensor with at most two dimensions.</summary>
    public Tensor t() => Wrap(NativeMethods.ecg_t(Handle));

    public Tensor contiguous() => Wrap(NativeMethods.ecg_contiguous(Handle));
    public bool is_contiguous() => NativeMethods.ecg_is_contiguous(Handle) != 0;

    /// <summary>Drops every size-1 dimension, or only <paramref name="dim"/> when given (if its size is 1).</summary>
    public Tensor squeeze(long? dim = null) =>
        Wrap(dim is { } d ? NativeMethods.ecg_squeeze_dim(Handle, d) : NativeMethods.ecg_squeeze(Handle));

    public Tensor unsqueeze(long dim) => Wrap(NativeMethods.ecg_unsqueeze(Handle, dim));

    public Tensor flatten(long startDim = 0, long endDim = -1) => Wrap(NativeMethods.ecg_flatten(Handle, startDim, endDim));

    /// <summary>The view of <paramref name="length"/> elements along <paramref name="dim"/> from <paramref name="start"/>.</summary>
    public Tensor narrow(long dim, long start, long length) => Wrap(NativeMethods.ecg_narrow(Handle, dim, start, length));

    /// <summary>The view at <paramref name="index"/> of <paramref name="dim"/>, which disappears (t[:, i] for dim 1).</summary>
    public Tensor select(long dim, long index) => Wrap(NativeMethods.ecg_select(Handle, dim, index));

    /// <summary>t[i] in PyTorch: select(0, i).</summary>
    public Tensor this[long index] => select(0, index);

    /// <summary>
    /// Python's start:end:step along <paramref name="dim"/> as a view; a null end runs to the end,
    /// negative bounds count from the end.
    /// </summary>
    public Tensor slice(long dim, long start = 0, long? end = null, long step = 1) =>
        Wrap(NativeMethods.ecg_slice(Handle, dim, start, end ?? long.MaxValue, step));

    /// <summary>The entries of <paramref name="dim"/> listed by the Int64 <paramref name="index"/> (copies).</summary>
    public Tensor index_select(long dim, Tensor index) => Wrap(NativeMethods.ecg_index_select(Handle, dim, index.Handle));

    /// <summary>out[i][j] = t[index[i][j]][j] for dim 0, and so on (index: Int64, same rank).</summary>
    public Tensor gather(long dim, Tensor index) => Wrap(NativeMethods.ecg_gather(Handle, dim, index.Handle));

    /// <summary>A copy with <paramref name="value"/> where the Bool <paramref name="mask"/> (broadcast) is true.</summary>
    public Tensor masked_fill(Tensor mask, double value) => Wrap(NativeMethods.ecg_masked_fill(Handle, mask.Handle, value));

    /// <summary>The elements where the Bool <paramref name="mask"/> is true, as a 1-D tensor.</summary>
    public Tensor masked_select(Tensor mask) => Wrap(NativeMethods.ecg_masked_select(Handle, mask.Handle));

    /// <summary>A copy that stays in the autograd graph (unlike detach()).</summary>
    public Tensor clone() => Wrap(NativeMethods.ecg_clone(Handle));

    /// <summary>Int64 class indices to a one-hot Int64 tensor with a new last dimension (-1: max + 1 classes).</summary>
    public Tensor one_hot(long numClasses = -1) => Wrap(NativeMethods.ecg_one_hot(Handle, numClasses));

    /// <summary>Parts of <paramref name="splitSize"/> along <paramref name="dim"/> (the last one may be smaller); views.</summary>
    public unsafe Tensor[] split(long splitSize, long dim = 0)
    {
        var length = SizeOrZero(dim);
        var capacity = splitSize > 0 ? Math.Max(1, (length + splitSize - 1) / splitSize) : 1;
        return Parts(capacity, (parts, cap) => NativeMethods.ecg_split(Handle, splitSize, dim, parts, cap));
    }

    /// <summary>Parts of the given sizes along <paramref name="dim"/> (they must add up to its size); views.</summary>
    public unsafe Tensor[] split(long[] splitSizes, long dim = 0) =>
        Parts(Math.Max(1, splitSizes.Length), (parts, cap) =>
        {
            fixed (long* sizes = splitSizes) return NativeMethods.ecg_split_sizes(Handle, sizes, splitSizes.Length, dim, parts, cap);
        });

    /// <summary>At most <paramref name="chunks"/> near-equal parts along <paramref name="dim"/>; views.</summary>
    public unsafe Tensor[] chunk(long chunks, long dim = 0) =>
        Parts(Math.Max(1, chunks), (parts, cap) => NativeMethods.ecg_chunk(Handle, chunks, dim, parts, cap));

    // The size of a dimension, or 0 when it is out of range (the native call then raises libtorch's error).
    private long SizeOrZero(long dim)
    {
        var s = shape;
        var d = dim < 0 ? dim + s.Length : dim;
        return d >= 0 && d < s.Length ? s[d] : 0;
    }

    private unsafe delegate int PartsCall(IntPtr* parts, int capacity);

    private unsafe Tensor[] Parts(long capacity, PartsCall call)
    {
        var handles = new IntPtr[checked((int)capacity)];
        fixed (IntPtr* p = handles)
        {
            var n = call(p, handles.Length);
            if (n < 0) throw TorchException.FromNative();
            var result = new Tensor[n];
            for (var i = 0; i < n; i++) result[i] = new Tensor(p[i]);
            return result;
        }
    }
}

#pragma warning disable IDE1006
public static partial class torch
{
    /// <summary>Joins tensors along an existing dimension.</summary>
    public static unsafe Tensor cat(IEnumerable<Tensor> tensors, long dim = 0)
    {
        using var handles = new HandleList(tensors);
        fixed (IntPtr* p = handles.Pointers) return Tensor.Wrap(NativeMethods.ecg_cat(p, handles.Count, dim));
    }

    /// <summary>Joins same-shape tensors along a new dimension.</summary>
    public static unsafe Tensor stack(IEnumerable<Tensor> tensors, long dim = 0)
    {
        using var handles = new HandleList(tensors);
        fixed (IntPtr* p = handles.Pointers) return Tensor.Wrap(NativeMethods.ecg_stack(p, handles.Count, dim));
    }

    /// <summary>Elementwise <paramref name="condition"/> ? a : b, with broadcasting.</summary>
    public static Tensor where(Tensor condition, Tensor a, Tensor b) =>
        Tensor.Wrap(NativeMethods.ecg_where(condition.Handle, a.Handle, b.Handle));

    /// <summary>Elementwise <paramref name="condition"/> ? a : b, b a number (it does not widen a's dtype).</summary>
    public static Tensor where(Tensor condition, Tensor a, double b) =>
        Tensor.Wrap(NativeMethods.ecg_where_scalar_other(condition.Handle, a.Handle, b));

    public static Tensor where(Tensor condition, double a, Tensor b) =>
        Tensor.Wrap(NativeMethods.ecg_where_scalar_self(condition.Handle, a, b.Handle));
}
#pragma warning restore IDE1006

/// <summary>
/// The raw handles of several tensors for one native call. Each SafeHandle is AddRef'd so a
/// concurrent Dispose cannot free a tensor while native code reads it; Dispose releases them.
/// </summary>
internal readonly struct HandleList : IDisposable
{
    private readonly TensorHandle[] owners;
    internal readonly IntPtr[] Pointers;
    internal int Count => owners.Length;

    internal HandleList(IEnumerable<Tensor> tensors)
    {
        owners = tensors.Select(t => t.Handle).ToArray();
        Pointers = new IntPtr[owners.Length];
        var added = 0;
        try
        {
            for (; added < owners.Length; added++)
            {
                var ok = false;
                owners[added].DangerousAddRef(ref ok);
                Pointers[added] = owners[added].DangerousGetHandle();
            }
        }
        catch
        {
            for (var i = 0; i < added; i++) owners[i].DangerousRelease();
            throw;
        }
    }

    public void Dispose()
    {
        foreach (var h in owners) h.DangerousRelease();
    }
}
