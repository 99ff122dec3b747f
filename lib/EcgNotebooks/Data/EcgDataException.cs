namespace EcgNotebooks.Data;

/// <summary>Base of every data error: it always names the file the problem is in.</summary>
public class EcgDataException : Exception
{
    public string FilePath { get; }

    public EcgDataException(string filePath, string message, Exception? inner = null)
        : base($"{filePath}: {message}", inner) => FilePath = filePath;
}

/// <summary>A file the reader needs does not exist.</summary>
public sealed class DataFileMissingException(string filePath, string what)
    : EcgDataException(filePath, $"{what} not found");

/// <summary>A header line that does not follow the WFDB header grammar.</summary>
public sealed class MalformedHeaderException(string filePath, int lineNumber, string problem)
    : EcgDataException(filePath, $"line {lineNumber}: {problem}")
{
    public int LineNumber { get; } = lineNumber;
}

/// <summary>A signal file that ends before the samples its header promises.</summary>
public sealed class TruncatedSignalException(string filePath, long byteOffset, long expectedBytes)
    : EcgDataException(filePath, $"signal data ends at byte {byteOffset}, header needs {expectedBytes} bytes")
{
    public long ByteOffset { get; } = byteOffset;
    public long ExpectedBytes { get; } = expectedBytes;
}

/// <summary>A signal storage format (or format option) this reader does not implement.</summary>
public sealed class UnsupportedSignalFormatException(string filePath, int lineNumber, string problem)
    : EcgDataException(filePath, $"line {lineNumber}: {problem}")
{
    public int LineNumber { get; } = lineNumber;
}

/// <summary>A signal whose header gain is 0 (WFDB: uncalibrated) where physical units are needed.</summary>
public sealed class UncalibratedSignalException(string filePath, int lineNumber, string signal)
    : EcgDataException(filePath, $"line {lineNumber}: signal '{signal}' has gain 0, which WFDB defines as uncalibrated (physical units unknown); beats need millivolts")
{
    public int LineNumber { get; } = lineNumber;
}

/// <summary>Decoded samples disagree with the header's initial value or checksum.</summary>
public sealed class SignalChecksumException(string filePath, string signal, string field, long expected, long actual)
    : EcgDataException(filePath, $"signal '{signal}': {field} is {actual}, header says {expected}")
{
    public string Signal { get; } = signal;
    public string Field { get; } = field;
}

/// <summary>An annotation stream that cannot be decoded.</summary>
public sealed class CorruptAnnotationException(string filePath, long byteOffset, string problem)
    : EcgDataException(filePath, $"byte {byteOffset}: {problem}")
{
    public long ByteOffset { get; } = byteOffset;
}

/// <summary>A record that has no signal of the requested lead name.</summary>
public sealed class LeadNotFoundException(string filePath, string lead, IEnumerable<string> available)
    : EcgDataException(filePath, $"no signal named '{lead}' (signals: {string.Join(", ", available)})")
{
    public string Lead { get; } = lead;
}

/// <summary>A file whose SHA-256 differs from the release's SHA256SUMS.txt.</summary>
public sealed class Sha256MismatchException(string filePath, string expected, string actual)
    : EcgDataException(filePath, $"SHA-256 {actual} does not match the release's {expected}")
{
    public string Expected { get; } = expected;
    public string Actual { get; } = actual;
}

/// <summary>A pack or cache file that is not what its reader expects.</summary>
public sealed class InvalidDataFileException(string filePath, string problem)
    : EcgDataException(filePath, problem);
