using EcgNotebooks.Torch.Native;
using EcgNotebooks.Torch.NN;
using EcgNotebooks.Torch.Optim;

namespace EcgNotebooks.Torch.Serialization;

/// <summary>
/// A training checkpoint in one safetensors file: the model ("model.*"), the optimizer
/// ("optimizer.*"), the scheduler ("scheduler.*") and the CPU generator state ("rng.cpu"), so a
/// resumed run on the CPU continues bit-identically (same updates, dropout masks and draws).
/// </summary>
public static class Checkpoint
{
    private const string RngKey = "rng.cpu";

    public static void Save(string path, Module model, Optimizer? optimizer = null, LRScheduler? scheduler = null,
        IReadOnlyDictionary<string, string>? metadata = null)
    {
        using var scope = torch.NewDisposeScope();
        var all = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (k, v) in model.state_dict()) all["model." + k] = v;
        if (optimizer is not null) foreach (var (k, v) in optimizer.state_dict()) all["optimizer." + k] = v;
        if (scheduler is not null) foreach (var (k, v) in scheduler.state_dict()) all["scheduler." + k] = v;
        all[RngKey] = RngState.get_cpu_rng_state();
        Safetensors.Save(path, all, metadata);
    }

    /// <summary>Restores what <see cref="Save"/> wrote into the given objects (built the same way); returns the metadata.</summary>
    public static Dictionary<string, string> Load(string path, Module model, Optimizer? optimizer = null, LRScheduler? scheduler = null, bool restoreRng = true)
    {
        using var scope = torch.NewDisposeScope();
        var (all, metadata) = Safetensors.Load(path);
        Dictionary<string, Tensor> Part(string prefix) =>
            all.Where(p => p.Key.StartsWith(prefix, StringComparison.Ordinal)).ToDictionary(p => p.Key[prefix.Length..], p => p.Value, StringComparer.Ordinal);
        model.load_state_dict(Part("model."));
        optimizer?.load_state_dict(Part("optimizer."));
        scheduler?.load_state_dict(Part("scheduler."));
        if (restoreRng)
        {
            if (!all.TryGetValue(RngKey, out var rng)) throw new InvalidDataException($"{path}: the checkpoint has no '{RngKey}' generator state");
            RngState.set_cpu_rng_state(rng);
        }
        return metadata;
    }
}

/// <summary>The default CPU generator's state (torch.get_rng_state / set_rng_state).</summary>
#pragma warning disable IDE1006 // PyTorch's names on purpose
public static class RngState
{
    /// <summary>A UInt8 tensor holding the generator state.</summary>
    public static Tensor get_cpu_rng_state() => Tensor.Wrap(NativeMethods.ecg_nn_cpu_rng_state());

    public static void set_cpu_rng_state(Tensor state) => Tensor.Check(NativeMethods.ecg_nn_set_cpu_rng_state(state.Handle));
}
#pragma warning restore IDE1006
