using System.Diagnostics;
using System.Text;
using System.Text.Json;
using EcgNotebooks.Torch.Serialization;

namespace EcgNotebooks.Torch.Tests;

/// <summary>
/// The safetensors files we write are read by an independent reader that follows the spec
/// (Python: struct + json + torch.frombuffer; the `safetensors` package is not installed here),
/// and files that reader's twin writer produces are read by us.
/// </summary>
public class SafetensorsTests
{
    internal static string Python => Environment.GetEnvironmentVariable("ECG_PYTHON") ?? (File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3");

    private const string Script = """
        import json, struct, sys, torch
        DT = {"F64": torch.float64, "F32": torch.float32, "F16": torch.float16, "BF16": torch.bfloat16, "I64": torch.int64,
              "I32": torch.int32, "I16": torch.int16, "I8": torch.int8, "U8": torch.uint8, "BOOL": torch.bool}
        NAME = {v: k for k, v in DT.items()}
        def load(path):
            data = open(path, "rb").read()
            (n,) = struct.unpack("<Q", data[:8])
            assert (8 + n) % 8 == 0, "header not padded to 8 bytes"
            header = json.loads(data[8:8 + n])
            meta = header.pop("__metadata__", {})
            body = data[8 + n:]
            covered = sorted((e["data_offsets"][0], e["data_offsets"][1]) for e in header.values())
            pos = 0
            for b, e in covered:
                assert b == pos, "gap"; pos = e
            assert pos == len(body), "trailing bytes"
            out = {}
            for name, e in header.items():
                b, end = e["data_offsets"]
                dt = DT[e["dtype"]]
                t = torch.frombuffer(bytearray(body[b:end]), dtype=dt) if end > b else torch.empty(0, dtype=dt)
                out[name] = t.reshape(e["shape"])
            return out, meta
        def save(path, tensors, meta):
            header, offset, blobs = {}, 0, []
            for name in sorted(tensors):
                t = tensors[name].contiguous()
                raw = t.reshape(-1).view(torch.uint8).numpy().tobytes() if t.numel() else b""
                header[name] = {"dtype": NAME[t.dtype], "shape": list(t.shape), "data_offsets": [offset, offset + len(raw)]}
                offset += len(raw); blobs.append(raw)
            header["__metadata__"] = meta
            h = json.dumps(header).encode()
            h += b" " * ((8 - (8 + len(h)) % 8) % 8)
            open(path, "wb").write(struct.pack("<Q", len(h)) + h + b"".join(blobs))
        tensors, meta = load(sys.argv[1])
        print(json.dumps({"meta": meta, "tensors": {k: {"dtype": NAME[v.dtype], "shape": list(v.shape),
            "values": v.to(torch.float64).reshape(-1).tolist()} for k, v in tensors.items()}}))
        save(sys.argv[2], {"a": torch.arange(6, dtype=torch.float32).reshape(2, 3) / 4, "b": torch.tensor([[-3, 5]], dtype=torch.int64),
            "c": torch.tensor([True, False, True]), "d": torch.tensor([0.5, -2.25], dtype=torch.float16),
            "e": torch.tensor([1.5, 3.0], dtype=torch.bfloat16), "s": torch.tensor(2.5, dtype=torch.float64)}, {"written_by": "python"})
        """;

    [Fact]
    public void PyTorchReadsOurFilesAndWeReadItsFiles()
    {
        var dir = Directory.CreateTempSubdirectory("ecg-safetensors-").FullName;
        try
        {
            using var scope = torch.NewDisposeScope();
            var f32 = torch.tensor(new float[] { 1.5f, -2, 3.25f, 0, 7, -0.125f }, 2, 3);
            var tensors = new Dictionary<string, Tensor>
            {
                ["layer.weight"] = f32,
                ["f64"] = torch.tensor(new double[] { Math.PI, -1e300 }),
                ["i64"] = torch.tensor(new long[] { long.MaxValue / 3, -7 }, 1, 2),
                ["flag"] = torch.tensor(new[] { true, false, false }),
                ["half"] = f32.to(ScalarType.Float16),
                ["bf16"] = f32.to(ScalarType.BFloat16),
                ["scalar"] = Tensor.FromSpan<double>([42.0], []),
                ["empty"] = torch.tensor(Array.Empty<float>(), 0, 3),
            };
            var ours = Path.Combine(dir, "ours.safetensors");
            var theirs = Path.Combine(dir, "theirs.safetensors");
            Safetensors.Save(ours, tensors, new Dictionary<string, string> { ["format"] = "pt", ["epoch"] = "3" });
            var bytes = File.ReadAllBytes(ours);
            var headerLength = BitConverter.ToUInt64(bytes, 0);
            Assert.Equal(0UL, (8 + headerLength) % 8);

            var json = RunPython(ours, theirs);
            using var doc = JsonDocument.Parse(json);
            Assert.Equal("3", doc.RootElement.GetProperty("meta").GetProperty("epoch").GetString());
            var read = doc.RootElement.GetProperty("tensors");
            Assert.Equal(tensors.Count, read.EnumerateObject().Count());
            string[] dtypes = ["F32", "F64", "I64", "BOOL", "F16", "BF16", "F64", "F32"];
            var i = 0;
            foreach (var (name, t) in tensors)
            {
                var e = read.GetProperty(name);
                Assert.Equal(dtypes[i++], e.GetProperty("dtype").GetString());
                Assert.Equal(t.shape, e.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()).ToArray());
                var expected = t.dtype == ScalarType.Bool ? t.data<bool>().Select(b => b ? 1.0 : 0.0).ToArray()
                    : t.dtype == ScalarType.Int64 ? t.data<long>().Select(v => (double)v).ToArray()
                    : t.to(ScalarType.Float64).data<double>();
                Assert.Equal(expected, e.GetProperty("values").EnumerateArray().Select(v => v.GetDouble()).ToArray());
            }

            var (loaded, metadata) = Safetensors.Load(theirs);
            Assert.Equal("python", metadata["written_by"]);
            Assert.Equal(new float[] { 0, 0.25f, 0.5f, 0.75f, 1, 1.25f }, loaded["a"].data<float>());
            Assert.Equal(new long[] { 2, 3 }, loaded["a"].shape);
            Assert.Equal(new long[] { -3, 5 }, loaded["b"].data<long>());
            Assert.Equal(new[] { true, false, true }, loaded["c"].data<bool>());
            Assert.Equal(new[] { (Half)0.5, (Half)(-2.25) }, loaded["d"].data<Half>());
            Assert.Equal(new float[] { 1.5f, 3 }, loaded["e"].to(ScalarType.Float32).data<float>());
            Assert.Empty(loaded["s"].shape);
            Assert.Equal(2.5, loaded["s"].item<double>());
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    private static string RunPython(params string[] args)
    {
        var psi = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        psi.ArgumentList.Add("-");
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        p.StandardInput.Write(Script);
        p.StandardInput.Close();
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"{Python} failed (python3-torch is needed): {stderr}");
        return stdout.Result;
    }

    [Fact]
    public void MalformedFilesAreRejectedWithTheFileName()
    {
        var path = Path.Combine(Path.GetTempPath(), $"ecg-bad-{Guid.NewGuid():N}.safetensors");
        try
        {
            void Write(string header, int dataBytes)
            {
                var h = Encoding.UTF8.GetBytes(header);
                File.WriteAllBytes(path, [.. BitConverter.GetBytes((ulong)h.Length), .. h, .. new byte[dataBytes]]);
            }
            Write("""{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}""", 4);
            Assert.Contains(path, Assert.Throws<InvalidDataException>(() => Safetensors.Load(path)).Message);
            Write("""{"a":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}""", 8);
            Assert.Contains("needs 12", Assert.Throws<InvalidDataException>(() => Safetensors.Load(path)).Message);
            Write("""{"a":{"dtype":"C64","shape":[1],"data_offsets":[0,8]}}""", 8);
            Assert.Contains("C64", Assert.Throws<InvalidDataException>(() => Safetensors.Load(path)).Message);
            Write("""{"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}""", 8);
            Assert.Contains("gap", Assert.Throws<InvalidDataException>(() => Safetensors.Load(path)).Message);
            Write("not json", 0);
            Assert.Throws<InvalidDataException>(() => Safetensors.Load(path));
            File.WriteAllBytes(path, [1, 2, 3]);
            Assert.Throws<InvalidDataException>(() => Safetensors.Load(path));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
