using System.Runtime.InteropServices;
using EcgNotebooks.Torch.Native;

namespace EcgNotebooks.Torch;

/// <summary>The entry point, named as in PyTorch: torch.tensor(...), torch.manual_seed(...), torch.cuda, ...</summary>
#pragma warning disable IDE1006 // PyTorch's names on purpose
public static partial class torch
{
    static torch()
    {
        // Debian's libtorch starts with one intra-op thread; use every core unless told otherwise.
        NativeMethods.ecg_set_num_threads(Environment.ProcessorCount);
    }

    /// <summary>
    /// Opens a scope that disposes every tensor created on this thread until it closes, except those
    /// moved out with <see cref="DisposeScope.MoveToOuter{T}(T)"/> or <see cref="DisposeScope.Detach{T}(T)"/>:
    /// <code>
    /// using (var scope = torch.NewDisposeScope())
    /// {
    ///     var y = (x * 2 + 1).relu();            // x * 2, + 1 and relu() all join the scope
    ///     result = scope.MoveToOuter(y.sum());    // survives; the rest is freed at the closing brace
    /// }
    /// </code>
    /// Scopes nest; see <see cref="DisposeScope"/> for threads.
    /// </summary>
    public static DisposeScope NewDisposeScope() => new();

    public static Tensor tensor<T>(T[] values, params long[] shape) where T : unmanaged =>
        Tensor.FromSpan<T>(values, shape.Length == 0 ? [values.Length] : shape);

    public static Tensor tensor<T>(T[,] values) where T : unmanaged =>
        Tensor.FromSpan<T>(MemoryMarshal.CreateReadOnlySpan(ref values[0, 0], values.Length), [values.GetLength(0), values.GetLength(1)]);

    public static Tensor tensor<T>(T[,,] values) where T : unmanaged =>
        Tensor.FromSpan<T>(MemoryMarshal.CreateReadOnlySpan(ref values[0, 0, 0], values.Length),
            [values.GetLength(0), values.GetLength(1), values.GetLength(2)]);

    /// <summary>Seeds the CPU generator and, when a GPU is visible, every CUDA generator (libtorch's torch::manual_seed).</summary>
    public static void manual_seed(ulong seed) => NativeMethods.ecg_manual_seed(seed);

    public static void set_num_threads(int threads)
    {
        if (threads < 1) throw new ArgumentOutOfRangeException(nameof(threads), threads, "at least one thread");
        NativeMethods.ecg_set_num_threads(threads);
    }

    public static int get_num_threads() => NativeMethods.ecg_get_num_threads();

    /// <summary>
    /// Deterministic algorithms (and deterministic cuDNN, benchmark off); ops without a deterministic
    /// implementation then raise. On CUDA, cuBLAS also needs CUBLAS_WORKSPACE_CONFIG=:4096:8 in the
    /// environment before the process starts, as in PyTorch.
    /// </summary>
    public static void use_deterministic_algorithms(bool on) => Tensor.Check(NativeMethods.ecg_set_deterministic(on));

    public static bool are_deterministic_algorithms_enabled() => NativeMethods.ecg_get_deterministic() != 0;

    /// <summary>The libtorch version the shim was compiled against.</summary>
    public static string version => Marshal.PtrToStringUTF8(NativeMethods.ecg_torch_version()) ?? "unknown";

    public static bool is_grad_enabled() => NativeMethods.ecg_is_grad_enabled() != 0;

    /// <summary>Disables gradient recording on this thread until disposed: using (torch.no_grad()) { ... }.</summary>
    public static GradModeScope no_grad() => new(false);
    public static GradModeScope enable_grad() => new(true);

    public static class cuda
    {
        /// <summary>True when the shim was built against a CUDA libtorch and a GPU is visible.</summary>
        public static bool is_available() => NativeMethods.ecg_cuda_is_available() != 0;
        public static int device_count() => NativeMethods.ecg_cuda_device_count();
        /// <summary>True when the shim links libtorch_cuda (even if no GPU is present).</summary>
        public static bool is_built() => NativeMethods.ecg_built_with_cuda() != 0;
    }
}
#pragma warning restore IDE1006

/// <summary>Restores the previous grad mode on dispose.</summary>
public readonly struct GradModeScope : IDisposable
{
    private readonly bool previous;
    internal GradModeScope(bool enabled)
    {
        previous = NativeMethods.ecg_is_grad_enabled() != 0;
        NativeMethods.ecg_set_grad_enabled(enabled);
    }
    public void Dispose() => NativeMethods.ecg_set_grad_enabled(previous);
}
