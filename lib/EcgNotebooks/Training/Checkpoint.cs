using System.Text.Json;
using EcgNotebooks.Torch;
using EcgNotebooks.Torch.NN;
using EcgNotebooks.Torch.Optim;
using EcgNotebooks.Torch.Serialization;

namespace EcgNotebooks.Training;

/// <summary>Where the trainer is, stored with the weights so a killed run continues exactly.</summary>
public sealed record TrainerState(int NextEpoch, long Step, int SelectedEpoch, double SelectedMetric, List<Results.EpochRecord> History);

/// <summary>
/// Checkpoints in safetensors: `last.safetensors` holds the model ("model.*"), the optimiser state
/// ("optim.*") and the trainer state (metadata "trainer"); `selected.safetensors` the weights
/// chosen by the configured rule. Safetensors.Save writes atomically, so a kill mid-write leaves the
/// previous checkpoint intact.
/// </summary>
public static class Checkpoint
{
    public const string Last = "last.safetensors";
    public const string Selected = "selected.safetensors";
    private const string ModelPrefix = "model.", OptimPrefix = "optim.", StateKey = "trainer";

    public static void SaveLast(string directory, Module model, Optimizer optimizer, TrainerState state)
    {
        Directory.CreateDirectory(directory);
        var tensors = new Dictionary<string, Tensor>();
        foreach (var (name, t) in model.state_dict()) tensors[ModelPrefix + name] = t;
        using var scope = torch.NewDisposeScope();  // the optimiser's state_dict makes CPU copies
        foreach (var (name, t) in optimizer.state_dict()) tensors[OptimPrefix + name] = t;
        var metadata = new Dictionary<string, string> { [StateKey] = JsonSerializer.Serialize(state, Results.ResultsJson.Options) };
        Safetensors.Save(Path.Combine(directory, Last), tensors, metadata);
    }

    public static void SaveWeights(string path, Module model) => Safetensors.Save(path, model.state_dict());

    /// <summary>Restores model and optimiser from `last.safetensors`; returns the trainer state, or null if there is none.</summary>
    public static TrainerState? LoadLast(string directory, Module model, Optimizer optimizer, Device device)
    {
        var path = Path.Combine(directory, Last);
        if (!File.Exists(path)) return null;
        using var scope = torch.NewDisposeScope();
        var (tensors, metadata) = Safetensors.Load(path, device);
        model.load_state_dict(Strip(tensors, ModelPrefix));
        optimizer.load_state_dict(Strip(tensors, OptimPrefix));
        return metadata.TryGetValue(StateKey, out var state)
            ? JsonSerializer.Deserialize<TrainerState>(state, Results.ResultsJson.Options)
            : throw new InvalidDataException($"{path}: no trainer state in the checkpoint metadata");
    }

    public static void LoadWeights(string path, Module model, Device device)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"checkpoint not found: {path}", path);
        using var scope = torch.NewDisposeScope();
        var (tensors, _) = Safetensors.Load(path, device);
        model.load_state_dict(tensors);
    }

    /// <summary>The model weights of a `last.safetensors` checkpoint (the optimiser state left out).</summary>
    public static void LoadModelFromLast(string path, Module model, Device device)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"checkpoint not found: {path}", path);
        using var scope = torch.NewDisposeScope();
        var (tensors, _) = Safetensors.Load(path, device);
        model.load_state_dict(Strip(tensors, ModelPrefix));
    }

    private static Dictionary<string, Tensor> Strip(Dictionary<string, Tensor> tensors, string prefix) =>
        tensors.Where(kv => kv.Key.StartsWith(prefix, StringComparison.Ordinal))
            .ToDictionary(kv => kv.Key[prefix.Length..], kv => kv.Value);
}
