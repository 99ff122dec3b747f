using System.Text;
using System.Text.Json;
using EcgNotebooks.Results;
using TorchSharp;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace EcgNotebooks.Training;

/// <summary>Where the trainer is, stored with the weights so a killed run continues exactly.</summary>
public sealed record TrainerState(int NextEpoch, long Step, int SelectedEpoch, double SelectedMetric, List<Results.EpochRecord> History);

/// <summary>
/// Checkpoints in safetensors, written by TorchSharp.PyBridge and atomically (a kill mid-write leaves
/// the previous file intact). `selected.safetensors` holds the weights chosen by the configured rule
/// under their PyTorch state-dict names (`safetensors.torch.load_file` opens it). `last.safetensors`
/// is one file for resuming: the model ("model.*"), the optimiser state as PyTorch pickles it
/// ("optimizer", uint8 bytes: `torch.load(io.BytesIO(t.numpy().tobytes()))`) and the trainer state
/// as UTF-8 JSON ("trainer", uint8). Bytes go in tensors because PyBridge writes no header metadata.
/// </summary>
public static class Checkpoint
{
    public const string Last = "last.safetensors";
    public const string Selected = "selected.safetensors";
    private const string ModelPrefix = "model.", OptimizerKey = "optimizer", StateKey = "trainer";

    public static void SaveLast(string directory, nn.Module model, optim.Optimizer optimizer, TrainerState state)
    {
        using var scope = NewDisposeScope();
        var tensors = model.state_dict().ToDictionary(kv => ModelPrefix + kv.Key, kv => kv.Value);
        using (var pickled = new MemoryStream())
        {
            ((TorchSharp.Modules.OptimizerHelper)optimizer).save_py(pickled, leaveOpen: true);
            tensors[OptimizerKey] = torch.tensor(pickled.ToArray());
        }
        tensors[StateKey] = torch.tensor(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(state, ResultsJson.Options)));
        AtomicFile.Write(Path.Combine(directory, Last), stream => Safetensors.SaveStateDict(stream, tensors, leaveOpen: true));
    }

    public static void SaveWeights(string path, nn.Module model) =>
        AtomicFile.Write(path, stream => Safetensors.SaveStateDict(stream, model.state_dict(), leaveOpen: true));

    /// <summary>Restores model and optimiser from `last.safetensors`; returns the trainer state, or null if there is none.</summary>
    public static TrainerState? LoadLast(string directory, nn.Module model, optim.Optimizer optimizer)
    {
        var path = Path.Combine(directory, Last);
        if (!File.Exists(path)) return null;
        byte[] optimizerBytes, stateBytes;
        using (NewDisposeScope())
        {
            var tensors = Read(path);
            Apply(path, model, Strip(tensors, ModelPrefix));
            if (!tensors.TryGetValue(OptimizerKey, out var pickled) || !tensors.TryGetValue(StateKey, out var state))
                throw new InvalidDataException($"{path}: not a resumable checkpoint (no optimizer or trainer state)");
            optimizerBytes = pickled.data<byte>().ToArray();
            stateBytes = state.data<byte>().ToArray();
        }
        // Outside the scope: the optimiser's loaded moments must outlive it (inside, they were disposed with it and the
        // next step failed with "Tensor invalid -- empty handle").
        using (var stream = new MemoryStream(optimizerBytes))
            ((TorchSharp.Modules.OptimizerHelper)optimizer).load_py(stream, leaveOpen: true);
        return JsonSerializer.Deserialize<TrainerState>(Encoding.UTF8.GetString(stateBytes), ResultsJson.Options)
               ?? throw new InvalidDataException($"{path}: empty trainer state");
    }

    public static void LoadWeights(string path, nn.Module model)
    {
        using var scope = NewDisposeScope();
        Apply(path, model, Read(path));
    }

    /// <summary>The model weights of a `last.safetensors` checkpoint (the optimiser state left out).</summary>
    public static void LoadModelFromLast(string path, nn.Module model)
    {
        using var scope = NewDisposeScope();
        Apply(path, model, Strip(Read(path), ModelPrefix));
    }

    private static Dictionary<string, Tensor> Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"checkpoint not found: {path}", path);
        try
        {
            return Safetensors.LoadStateDict(path);
        }
        catch (Exception e) when (e is not IOException)
        {
            throw new InvalidDataException($"{path}: not a readable safetensors file ({e.Message})", e);
        }
    }

    /// <summary>Strict: every key of the model present with its shape, nothing extra; copied onto the model's device.</summary>
    private static void Apply(string path, nn.Module model, Dictionary<string, Tensor> tensors)
    {
        var expected = model.state_dict();
        JoinLegacyAttentionProjections(expected, tensors);
        var missing = expected.Keys.Except(tensors.Keys).ToList();
        var extra = tensors.Keys.Except(expected.Keys).ToList();
        var shapes = expected.Keys.Intersect(tensors.Keys)
            .Where(k => !expected[k].shape.SequenceEqual(tensors[k].shape)).ToList();
        if (missing.Count + extra.Count + shapes.Count > 0)
            throw new InvalidDataException($"{path}: does not fit this model (" + string.Join("; ", new[]
            {
                missing.Count > 0 ? $"missing {Few(missing)}" : null,
                extra.Count > 0 ? $"unexpected {Few(extra)}" : null,
                shapes.Count > 0 ? $"other shape: {Few(shapes)}" : null,
            }.Where(s => s is not null)) + ")");
        model.load_state_dict(tensors, strict: true);
    }

    /// <summary>
    /// Checkpoints written by our former libtorch binding (the stored quick runs) hold an attention's input
    /// projection as three tensors, q_/k_/v_proj_weight; PyTorch and TorchSharp hold the same numbers stacked
    /// as in_proj_weight = [W_q; W_k; W_v]. Joined here so those runs load unchanged.
    /// </summary>
    private static void JoinLegacyAttentionProjections(Dictionary<string, Tensor> expected, Dictionary<string, Tensor> tensors)
    {
        const string joined = "in_proj_weight";
        foreach (var key in expected.Keys.Where(k => k.EndsWith(joined, StringComparison.Ordinal) && !tensors.ContainsKey(k)))
        {
            var prefix = key[..^joined.Length];
            var parts = new[] { "q_proj_weight", "k_proj_weight", "v_proj_weight" }.Select(p => prefix + p).ToArray();
            if (!parts.All(tensors.ContainsKey)) continue;
            tensors[key] = torch.cat(parts.Select(p => tensors[p]).ToList(), 0);
            foreach (var p in parts) tensors.Remove(p);
        }
    }

    private static string Few(List<string> keys) => string.Join(", ", keys.Take(3)) + (keys.Count > 3 ? $" and {keys.Count - 3} more" : "");

    private static Dictionary<string, Tensor> Strip(Dictionary<string, Tensor> tensors, string prefix) =>
        tensors.Where(kv => kv.Key.StartsWith(prefix, StringComparison.Ordinal))
            .ToDictionary(kv => kv.Key[prefix.Length..], kv => kv.Value);
}
