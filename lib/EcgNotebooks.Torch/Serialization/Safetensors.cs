using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using EcgNotebooks.Torch.Native;

namespace EcgNotebooks.Torch.Serialization;

/// <summary>
/// The safetensors format (huggingface/safetensors): an 8-byte little-endian header length, a JSON
/// header {name: {dtype, shape, data_offsets: [begin, end]}, "__metadata__": {string: string}}
/// padded with spaces to 8-byte alignment, then the tensors' bytes, contiguous, little-endian,
/// row-major, covering the data section without gaps.
/// </summary>
public static class Safetensors
{
    private const string MetadataKey = "__metadata__";
    private const long MaxHeaderBytes = 100_000_000;

    private static readonly Dictionary<ScalarType, string> DTypeNames = new()
    {
        [ScalarType.Float64] = "F64", [ScalarType.Float32] = "F32", [ScalarType.Float16] = "F16", [ScalarType.BFloat16] = "BF16",
        [ScalarType.Int64] = "I64", [ScalarType.Int32] = "I32", [ScalarType.Int16] = "I16", [ScalarType.Int8] = "I8",
        [ScalarType.UInt8] = "U8", [ScalarType.Bool] = "BOOL",
    };
    private static readonly Dictionary<string, ScalarType> DTypesByName = DTypeNames.ToDictionary(p => p.Value, p => p.Key);

    /// <summary>Writes the tensors (any device; copied to the host) atomically: a temporary file in the same folder, then a rename.</summary>
    public static unsafe void Save(string path, IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        RequireLittleEndianHost();
        if (tensors.ContainsKey(MetadataKey)) throw new ArgumentException($"'{MetadataKey}' cannot be a tensor name", nameof(tensors));
        // Larger elements first, then by name: every tensor starts aligned to its element size.
        var entries = tensors
            .Select(p => (Name: p.Key, Tensor: p.Value, DType: p.Value.dtype))
            .OrderByDescending(e => e.DType.ElementSize()).ThenBy(e => e.Name, StringComparer.Ordinal)
            .ToList();

        var json = new MemoryStream();
        long offset = 0;
        using (var w = new Utf8JsonWriter(json))
        {
            w.WriteStartObject();
            if (metadata is { Count: > 0 })
            {
                w.WriteStartObject(MetadataKey);
                foreach (var (k, v) in metadata) w.WriteString(k, v);
                w.WriteEndObject();
            }
            foreach (var (name, tensor, dtype) in entries)
            {
                if (!DTypeNames.TryGetValue(dtype, out var dtypeName))
                    throw new TorchDTypeException($"safetensors cannot store {name}: dtype {dtype} has no safetensors name");
                var bytes = tensor.numel() * dtype.ElementSize();
                w.WriteStartObject(name);
                w.WriteString("dtype", dtypeName);
                w.WriteStartArray("shape");
                foreach (var d in tensor.shape) w.WriteNumberValue(d);
                w.WriteEndArray();
                w.WriteStartArray("data_offsets");
                w.WriteNumberValue(offset);
                w.WriteNumberValue(offset + bytes);
                w.WriteEndArray();
                w.WriteEndObject();
                offset += bytes;
            }
            w.WriteEndObject();
        }
        var header = json.ToArray();
        var padded = (header.Length + 7) / 8 * 8;

        var full = Path.GetFullPath(path);
        var temp = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20))
            {
                Span<byte> length = stackalloc byte[8];
                BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)padded);
                file.Write(length);
                file.Write(header);
                for (var i = header.Length; i < padded; i++) file.WriteByte((byte)' ');
                foreach (var (_, tensor, dtype) in entries)
                {
                    var bytes = tensor.numel() * dtype.ElementSize();
                    if (bytes == 0) continue;
                    var buffer = new byte[bytes];
                    fixed (byte* p = buffer) Tensor.Check(NativeMethods.ecg_tensor_copy_to(tensor.Handle, p, bytes));
                    file.Write(buffer);
                }
                file.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    /// <summary>Reads every tensor (onto <paramref name="device"/>, default CPU) and the metadata; throws InvalidDataException naming the file and the problem.</summary>
    public static unsafe (Dictionary<string, Tensor> Tensors, Dictionary<string, string> Metadata) Load(string path, Device? device = null)
    {
        RequireLittleEndianHost();
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
        Span<byte> lengthBytes = stackalloc byte[8];
        if (file.Read(lengthBytes) != 8 || file.Length < 8) throw Bad(path, "the file is shorter than the 8-byte header length");
        var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(lengthBytes);
        if (headerLength > MaxHeaderBytes || (long)headerLength > file.Length - 8)
            throw Bad(path, $"header length {headerLength} does not fit the file ({file.Length} bytes)");
        var header = new byte[headerLength];
        file.ReadExactly(header);
        var dataStart = 8 + (long)headerLength;
        var dataLength = file.Length - dataStart;

        var specs = new List<(string Name, ScalarType DType, long[] Shape, long Begin, long End)>();
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            using var doc = JsonDocument.Parse(header);
            if (doc.RootElement.ValueKind != JsonValueKind.Object) throw Bad(path, "the header is not a JSON object");
            foreach (var prop in doc.RootElement.EnumerateObject())
            {
                if (prop.Name == MetadataKey)
                {
                    foreach (var m in prop.Value.EnumerateObject())
                        metadata[m.Name] = m.Value.ValueKind == JsonValueKind.String ? m.Value.GetString()! : throw Bad(path, $"metadata '{m.Name}' is not a string");
                    continue;
                }
                var e = prop.Value;
                var dtypeName = e.GetProperty("dtype").GetString() ?? "";
                if (!DTypesByName.TryGetValue(dtypeName, out var dtype)) throw Bad(path, $"tensor '{prop.Name}' has unsupported dtype '{dtypeName}'");
                var shape = e.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()).ToArray();
                var offsets = e.GetProperty("data_offsets").EnumerateArray().Select(d => d.GetInt64()).ToArray();
                if (offsets.Length != 2) throw Bad(path, $"tensor '{prop.Name}' has {offsets.Length} data_offsets, not 2");
                if (shape.Any(d => d < 0)) throw Bad(path, $"tensor '{prop.Name}' has a negative dimension");
                var expected = shape.Aggregate(1L, (a, d) => a * d) * dtype.ElementSize();
                if (offsets[0] < 0 || offsets[1] < offsets[0] || offsets[1] > dataLength)
                    throw Bad(path, $"tensor '{prop.Name}' data_offsets [{offsets[0]}, {offsets[1]}] lie outside the data section ({dataLength} bytes)");
                if (offsets[1] - offsets[0] != expected)
                    throw Bad(path, $"tensor '{prop.Name}' has {offsets[1] - offsets[0]} bytes but shape [{string.Join(", ", shape)}] {dtypeName} needs {expected}");
                specs.Add((prop.Name, dtype, shape, offsets[0], offsets[1]));
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException or FormatException)
        {
            throw Bad(path, $"the header is not valid safetensors JSON ({e.Message})");
        }

        // The tensors must tile the data section exactly.
        specs.Sort((a, b) => a.Begin.CompareTo(b.Begin));
        long cursor = 0;
        foreach (var s in specs)
        {
            if (s.Begin != cursor) throw Bad(path, $"tensor '{s.Name}' starts at byte {s.Begin} of the data section, expected {cursor} (gap or overlap)");
            cursor = s.End;
        }
        if (cursor != dataLength) throw Bad(path, $"the data section has {dataLength} bytes but the tensors cover {cursor}");

        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        try
        {
            foreach (var s in specs)
            {
                var buffer = new byte[Math.Max(1, s.End - s.Begin)];
                file.Position = dataStart + s.Begin;
                file.ReadExactly(buffer, 0, (int)(s.End - s.Begin));
                Tensor t;
                fixed (byte* p = buffer)
                fixed (long* dims = s.Shape)
                    t = Tensor.Wrap(NativeMethods.ecg_tensor_from_data(p, (int)s.DType, dims, s.Shape.Length));
                if (device is { Type: not DeviceType.Cpu } d)
                {
                    var moved = t.to(d);
                    t.Dispose();
                    t = moved;
                }
                tensors[s.Name] = t;
            }
        }
        catch
        {
            foreach (var t in tensors.Values) t.Dispose();
            throw;
        }
        return (tensors, metadata);
    }

    private static InvalidDataException Bad(string path, string problem) => new($"{path}: not a valid safetensors file: {problem}");

    private static void RequireLittleEndianHost()
    {
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("safetensors support assumes a little-endian host");
    }
}
