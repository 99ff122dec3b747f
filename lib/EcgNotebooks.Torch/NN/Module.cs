using EcgNotebooks.Torch.Native;
using EcgNotebooks.Torch.Serialization;

namespace EcgNotebooks.Torch.NN;

/// <summary>
/// The base of every layer and model, as torch.nn.Module: named parameters, buffers and child
/// modules (dotted names such as "block1.conv.weight"), train/eval mode, device and dtype moves,
/// state dicts and safetensors checkpoints. The module owns its tensors: they are taken out of
/// any dispose scope when registered and released by <see cref="Dispose"/>.
/// </summary>
#pragma warning disable IDE1006 // PyTorch's names on purpose
public abstract class Module : IDisposable
{
    private readonly List<(string Name, Tensor Tensor)> parameterList = [];
    private readonly List<(string Name, Tensor Tensor, bool Persistent)> bufferList = [];
    private readonly List<(string Name, Module Module)> childList = [];
    private bool disposed;

    /// <summary>True in training mode (the default), false after <see cref="eval"/>.</summary>
    public bool training { get; private set; } = true;

    // ---- registration ----

    /// <summary>Registers a child module under <paramref name="name"/>; its tensors appear as "name.*".</summary>
    protected T register_module<T>(string name, T module) where T : Module
    {
        CheckNewName(name);
        childList.Add((name, module));
        return module;
    }

    /// <summary>
    /// Registers a parameter: the tensor becomes a leaf that requires grad (in place, so the
    /// caller's object is the parameter) and the module owns it from now on.
    /// </summary>
    protected Tensor register_parameter(string name, Tensor value, bool requiresGrad = true)
    {
        CheckNewName(name);
        Tensor.Check(NativeMethods.ecg_nn_make_parameter(value.Handle, requiresGrad));
        Own(value);
        parameterList.Add((name, value));
        return value;
    }

    /// <summary>Registers a buffer (state that is not trained, such as running statistics).</summary>
    protected Tensor register_buffer(string name, Tensor value, bool persistent = true)
    {
        CheckNewName(name);
        Own(value);
        bufferList.Add((name, value, persistent));
        return value;
    }

    private static void Own(Tensor t) => t.Scope?.Detach(t);

    private void CheckNewName(string name)
    {
        if (string.IsNullOrEmpty(name) || name.Contains('.'))
            throw new ArgumentException($"invalid name '{name}': it must be non-empty and contain no '.'", nameof(name));
        if (parameterList.Exists(p => p.Name == name) || bufferList.Exists(b => b.Name == name) || childList.Exists(c => c.Name == name))
            throw new ArgumentException($"'{name}' is already registered in {GetType().Name}", nameof(name));
    }

    // ---- enumeration ----

    public IEnumerable<(string Name, Tensor Parameter)> named_parameters(bool recurse = true)
    {
        foreach (var (name, t) in parameterList) yield return (name, t);
        if (!recurse) yield break;
        foreach (var (childName, child) in childList)
            foreach (var (name, t) in child.named_parameters())
                yield return ($"{childName}.{name}", t);
    }

    public IEnumerable<Tensor> parameters(bool recurse = true) => named_parameters(recurse).Select(p => p.Parameter);

    public IEnumerable<(string Name, Tensor Buffer)> named_buffers(bool recurse = true) => NamedBuffers(recurse, persistentOnly: false);

    private IEnumerable<(string Name, Tensor Buffer)> NamedBuffers(bool recurse, bool persistentOnly)
    {
        foreach (var (name, t, persistent) in bufferList)
            if (persistent || !persistentOnly) yield return (name, t);
        if (!recurse) yield break;
        foreach (var (childName, child) in childList)
            foreach (var (name, t) in child.NamedBuffers(true, persistentOnly))
                yield return ($"{childName}.{name}", t);
    }

    public IEnumerable<Tensor> buffers(bool recurse = true) => named_buffers(recurse).Select(b => b.Buffer);

    public IEnumerable<(string Name, Module Module)> named_children() => childList;

    public IEnumerable<Module> children() => childList.Select(c => c.Module);

    /// <summary>This module (name "") and every descendant, depth first.</summary>
    public IEnumerable<(string Name, Module Module)> named_modules()
    {
        yield return ("", this);
        foreach (var (childName, child) in childList)
            foreach (var (name, m) in child.named_modules())
                yield return (name.Length == 0 ? childName : $"{childName}.{name}", m);
    }

    public IEnumerable<Module> modules() => named_modules().Select(m => m.Module);

    /// <summary>The number of parameter elements (optionally only the trainable ones).</summary>
    public long parameter_count(bool trainableOnly = false) =>
        parameters().Where(p => !trainableOnly || p.requires_grad).Sum(p => p.numel());

    // ---- modes and moves ----

    public Module train(bool on = true)
    {
        foreach (var m in modules()) m.training = on;
        return this;
    }

    public Module eval() => train(false);

    /// <summary>Moves every parameter and buffer (and gradient) in place: the tensor objects stay, so optimizers built before stay valid.</summary>
    public Module to(Device device) => Apply(device, -1);

    /// <summary>Converts the floating-point parameters and buffers in place (integer buffers keep their type).</summary>
    public Module to(ScalarType dtype) => Apply(null, (int)dtype);

    public Module to(Device device, ScalarType dtype) => Apply(device, (int)dtype);

    private Module Apply(Device? device, int dtype)
    {
        foreach (var t in parameters().Concat(buffers()))
        {
            var d = device ?? t.device;
            Tensor.Check(NativeMethods.ecg_nn_set_data_to(t.Handle, (int)d.Type, d.Index, dtype));
        }
        return this;
    }

    public Module cpu() => to(Device.Cpu);
    public Module cuda(int index = 0) => to(Device.Cuda(index));

    /// <summary>Drops every parameter's gradient (PyTorch 2's set_to_none).</summary>
    public unsafe void zero_grad()
    {
        var ps = parameters().ToList();
        using var handles = new HandleArray(ps);
        fixed (IntPtr* p = handles.Raw) Tensor.Check(NativeMethods.ecg_nn_zero_grad(p, ps.Count));
    }

    // ---- state ----

    /// <summary>
    /// Parameters and persistent buffers by dotted name, as detached tensors sharing the module's
    /// storage (new objects: they join the current dispose scope; disposing them leaves the module intact).
    /// </summary>
    public Dictionary<string, Tensor> state_dict()
    {
        var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (name, t) in named_parameters()) result[name] = t.detach();
        foreach (var (name, t) in NamedBuffers(true, persistentOnly: true)) result[name] = t.detach();
        return result;
    }

    /// <summary>
    /// Copies the given tensors into the module's parameters and buffers (converting dtype and
    /// device). Strict: the key sets must match exactly. Shapes must always match.
    /// </summary>
    public void load_state_dict(IReadOnlyDictionary<string, Tensor> stateDict, bool strict = true)
    {
        var own = named_parameters().Concat(NamedBuffers(true, persistentOnly: true)).ToList();
        if (strict)
        {
            var ownNames = own.Select(o => o.Item1).ToHashSet(StringComparer.Ordinal);
            var missing = ownNames.Where(n => !stateDict.ContainsKey(n)).ToList();
            var unexpected = stateDict.Keys.Where(k => !ownNames.Contains(k)).ToList();
            if (missing.Count > 0 || unexpected.Count > 0)
                throw new StateDictMismatchException(GetType().Name, missing, unexpected);
        }
        foreach (var (name, target) in own)
        {
            if (!stateDict.TryGetValue(name, out var source)) continue;
            if (!source.shape.AsSpan().SequenceEqual(target.shape))
                throw new TorchShapeException($"size mismatch for {name}: the state dict has [{string.Join(", ", source.shape)}], " +
                    $"the module [{string.Join(", ", target.shape)}]");
            Tensor.Check(NativeMethods.ecg_nn_copy_into(target.Handle, source.Handle));
        }
    }

    /// <summary>Writes <see cref="state_dict"/> as a safetensors file (atomically).</summary>
    public void save(string path, IReadOnlyDictionary<string, string>? metadata = null)
    {
        using var scope = torch.NewDisposeScope();
        Safetensors.Save(path, state_dict(), metadata);
    }

    /// <summary>Loads a safetensors file written by <see cref="save"/> (or by PyTorch's safetensors).</summary>
    public void load(string path, bool strict = true)
    {
        using var scope = torch.NewDisposeScope();
        var (tensors, _) = Safetensors.Load(path);
        load_state_dict(tensors, strict);
    }

    // ---- lifetime ----

    /// <summary>Releases every parameter, buffer and child module.</summary>
    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        foreach (var (_, t) in parameterList) t.Dispose();
        foreach (var (_, t, _) in bufferList) t.Dispose();
        foreach (var (_, m) in childList) m.Dispose();
        GC.SuppressFinalize(this);
    }

    public override string ToString() => $"{GetType().Name}({parameter_count()} parameters)";
}

/// <summary>A module with one input and one output.</summary>
public abstract class Module<TIn, TOut> : Module
{
    public abstract TOut forward(TIn input);
    public TOut call(TIn input) => forward(input);
}

/// <summary>A module with two inputs.</summary>
public abstract class Module<TIn1, TIn2, TOut> : Module
{
    public abstract TOut forward(TIn1 a, TIn2 b);
    public TOut call(TIn1 a, TIn2 b) => forward(a, b);
}

/// <summary>load_state_dict(strict) found missing or unexpected keys.</summary>
public sealed class StateDictMismatchException(string module, IReadOnlyList<string> missing, IReadOnlyList<string> unexpected)
    : TorchException($"Error(s) in loading state_dict for {module}: missing keys [{string.Join(", ", missing)}], unexpected keys [{string.Join(", ", unexpected)}]")
{
    public IReadOnlyList<string> MissingKeys { get; } = missing;
    public IReadOnlyList<string> UnexpectedKeys { get; } = unexpected;
}
#pragma warning restore IDE1006
