using System.Runtime.InteropServices;
using EcgNotebooks.Torch.Native;

namespace EcgNotebooks.Torch;

/// <summary>The kind of a libtorch error, mirrored from the shim (shim.h, EcgErrorKind).</summary>
public enum TorchErrorKind
{
    Error = 1,
    Index = 2,
    Value = 3,
    Type = 4,
    NotImplemented = 5,
    OutOfMemory = 6,
}

/// <summary>An error raised inside libtorch, carrying libtorch's own message.</summary>
public class TorchException : Exception
{
    public TorchErrorKind Kind { get; }
    public TorchException(string message, TorchErrorKind kind = TorchErrorKind.Error) : base(message) => Kind = kind;

    /// <summary>Builds the exception for the error the last shim call stored on this thread.</summary>
    internal static TorchException FromNative()
    {
        var kind = (TorchErrorKind)NativeMethods.ecg_last_error_kind();
        var message = Marshal.PtrToStringUTF8(NativeMethods.ecg_last_error_message()) ?? "unknown libtorch error";
        NativeMethods.ecg_clear_error();
        return Classify(message, kind);
    }

    internal static TorchException Classify(string message, TorchErrorKind kind)
    {
        if (kind == TorchErrorKind.OutOfMemory) return new TorchOutOfMemoryException(message);
        if (kind == TorchErrorKind.Index) return new TorchIndexException(message);
        if (kind == TorchErrorKind.Type || LooksLikeDTypeError(message)) return new TorchDTypeException(message, kind);
        if (LooksLikeShapeError(message)) return new TorchShapeException(message, kind);
        return new TorchException(message, kind);
    }

    // "batch1 must be a 3D tensor", "Expected 2D (unbatched) or 3D (batched) input"
    private static readonly System.Text.RegularExpressions.Regex NDTensor =
        new(@"\b\d+D\b", System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    // libtorch raises most shape and dtype problems as plain c10::Error; its messages are stable.
    private static bool LooksLikeShapeError(string m) =>
        m.Contains("must match the size", StringComparison.Ordinal) ||
        m.Contains("shapes cannot be multiplied", StringComparison.Ordinal) ||
        m.Contains("shape '", StringComparison.Ordinal) ||
        m.Contains("size mismatch", StringComparison.OrdinalIgnoreCase) ||
        m.Contains("Sizes of tensors must match", StringComparison.Ordinal) ||
        m.Contains("to be equal size", StringComparison.Ordinal) ||
        NDTensor.IsMatch(m) ||
        m.Contains("Expected size", StringComparison.Ordinal) ||
        m.Contains("expected input", StringComparison.OrdinalIgnoreCase) ||
        m.Contains("Dimension out of range", StringComparison.Ordinal) ||
        m.Contains("dimension", StringComparison.Ordinal) && m.Contains("Expected", StringComparison.Ordinal);

    private static bool LooksLikeDTypeError(string m) =>
        m.Contains("scalar type", StringComparison.Ordinal) ||
        m.Contains("expected dtype", StringComparison.OrdinalIgnoreCase) ||
        m.Contains("not implemented for '", StringComparison.Ordinal) ||
        m.Contains("to have the same dtype", StringComparison.Ordinal);
}

/// <summary>Operand shapes that do not fit the operation.</summary>
public sealed class TorchShapeException(string message, TorchErrorKind kind = TorchErrorKind.Error) : TorchException(message, kind);

/// <summary>An element type the operation does not accept.</summary>
public sealed class TorchDTypeException(string message, TorchErrorKind kind = TorchErrorKind.Type) : TorchException(message, kind);

/// <summary>An index outside a dimension.</summary>
public sealed class TorchIndexException(string message) : TorchException(message, TorchErrorKind.Index);

/// <summary>Host or device memory ran out.</summary>
public sealed class TorchOutOfMemoryException(string message) : TorchException(message, TorchErrorKind.OutOfMemory);
