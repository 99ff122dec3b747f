using System.Globalization;
using EcgNotebooks.Torch.Native;

namespace EcgNotebooks.Torch.Optim;

/// <summary>
/// The base of the optimizers: one parameter group, one native call per step over all parameters.
/// The state (per-parameter tensors and step counts, the learning rate) is owned here and round-trips
/// exactly through <see cref="state_dict"/> / <see cref="load_state_dict"/>, so a resumed run continues
/// bit-identically. The optimizer holds the parameters; it does not own them (the module does).
/// </summary>
#pragma warning disable IDE1006 // PyTorch's names on purpose
public abstract class Optimizer : IDisposable
{
    private protected readonly List<Tensor> parameters;
    /// <summary>Steps each parameter has taken (parameters without a gradient skip a step, as in PyTorch).</summary>
    private protected readonly long[] steps;
    private readonly string[] stateNames;
    /// <summary>stateTensors[k][i]: state k (e.g. exp_avg) of parameter i.</summary>
    private protected readonly Tensor[][] stateTensors;
    private bool disposed;

    public double lr { get; set; }

    /// <summary>The learning rate the optimizer was built with (schedulers start from it).</summary>
    public double initial_lr { get; }

    private protected Optimizer(IEnumerable<Tensor> parameters, double lr, params string[] stateNames)
    {
        if (!(lr >= 0)) throw new ArgumentOutOfRangeException(nameof(lr), lr, "learning rate must be >= 0");
        this.parameters = parameters.ToList();
        if (this.parameters.Count == 0) throw new ArgumentException("optimizer got an empty parameter list", nameof(parameters));
        this.lr = initial_lr = lr;
        steps = new long[this.parameters.Count];
        this.stateNames = stateNames;
        stateTensors = new Tensor[stateNames.Length][];
        for (var k = 0; k < stateNames.Length; k++)
            stateTensors[k] = this.parameters.Select(ZerosLike).ToArray();
    }

    private static Tensor ZerosLike(Tensor p)
    {
        using var scope = torch.NewDisposeScope();
        return scope.Detach(torch.zeros(p.shape, p.dtype, p.device));
    }

    public IReadOnlyList<Tensor> param_list => parameters;

    /// <summary>Updates every parameter that has a gradient.</summary>
    public abstract void step();

    /// <summary>Drops the gradients of the parameters (set to none).</summary>
    public unsafe void zero_grad()
    {
        using var handles = new HandleArray(parameters);
        fixed (IntPtr* p = handles.Raw) Tensor.Check(NativeMethods.ecg_nn_zero_grad(p, parameters.Count));
    }

    /// <summary>
    /// The state as tensors by name ("lr", "state.{i}.step", "state.{i}.{name}"), copies on the
    /// CPU: save them with Safetensors and load them back with <see cref="load_state_dict"/>.
    /// </summary>
    public Dictionary<string, Tensor> state_dict()
    {
        var result = new Dictionary<string, Tensor>(StringComparer.Ordinal)
        {
            ["lr"] = Tensor.FromSpan<double>([lr], []),
        };
        for (var i = 0; i < parameters.Count; i++)
        {
            var prefix = string.Create(CultureInfo.InvariantCulture, $"state.{i}.");
            result[prefix + "step"] = Tensor.FromSpan<long>([steps[i]], []);
            for (var k = 0; k < stateNames.Length; k++)
                result[prefix + stateNames[k]] = stateTensors[k][i].to(Device.Cpu, copy: true);
        }
        return result;
    }

    /// <summary>Restores a state written by <see cref="state_dict"/> of an optimizer of the same kind over the same parameters.</summary>
    public void load_state_dict(IReadOnlyDictionary<string, Tensor> state)
    {
        Tensor Get(string key) => state.TryGetValue(key, out var t) ? t
            : throw new KeyNotFoundException($"optimizer state has no '{key}' ({GetType().Name} over {parameters.Count} parameters expects it)");
        // Validate everything before changing anything.
        var newSteps = new long[parameters.Count];
        var sources = new Tensor[stateNames.Length, parameters.Count];
        for (var i = 0; i < parameters.Count; i++)
        {
            var prefix = string.Create(CultureInfo.InvariantCulture, $"state.{i}.");
            newSteps[i] = Get(prefix + "step").item<long>();
            for (var k = 0; k < stateNames.Length; k++)
            {
                sources[k, i] = Get(prefix + stateNames[k]);
                if (!sources[k, i].shape.AsSpan().SequenceEqual(stateTensors[k][i].shape))
                    throw new TorchShapeException($"optimizer state {prefix}{stateNames[k]} has shape [{string.Join(", ", sources[k, i].shape)}], " +
                        $"the parameter [{string.Join(", ", stateTensors[k][i].shape)}]");
            }
        }
        var newLr = Get("lr").item<double>();
        var expectedKeys = 1 + parameters.Count * (1 + stateNames.Length);
        if (state.Count != expectedKeys)
            throw new ArgumentException($"optimizer state has {state.Count} entries, {GetType().Name} over {parameters.Count} parameters expects {expectedKeys}");
        for (var i = 0; i < parameters.Count; i++)
            for (var k = 0; k < stateNames.Length; k++)
                Tensor.Check(NativeMethods.ecg_nn_copy_into(stateTensors[k][i].Handle, sources[k, i].Handle));
        newSteps.CopyTo(steps, 0);
        lr = newLr;
    }

    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        foreach (var state in stateTensors)
            foreach (var t in state) t.Dispose();
        GC.SuppressFinalize(this);
    }
}

/// <summary>Stochastic gradient descent with optional momentum, dampening, Nesterov and L2 weight decay (torch.optim.SGD).</summary>
public sealed class SGD : Optimizer
{
    public double momentum { get; }
    public double dampening { get; }
    public double weight_decay { get; }
    public bool nesterov { get; }
    public bool maximize { get; }

    public SGD(IEnumerable<Tensor> parameters, double lr, double momentum = 0, double weightDecay = 0, bool nesterov = false, double dampening = 0,
        bool maximize = false) : base(parameters, lr, momentum != 0 ? ["momentum_buffer"] : [])
    {
        if (nesterov && (momentum <= 0 || dampening != 0)) throw new ArgumentException("Nesterov momentum requires a momentum and zero dampening");
        (this.momentum, this.dampening, weight_decay, this.nesterov, this.maximize) = (momentum, dampening, weightDecay, nesterov, maximize);
    }

    public override unsafe void step()
    {
        using var ps = new HandleArray(parameters);
        using var bufs = new HandleArray(momentum != 0 ? stateTensors[0] : parameters);
        fixed (IntPtr* p = ps.Raw)
        fixed (IntPtr* b = bufs.Raw)
        fixed (long* s = steps)
            Tensor.Check(NativeMethods.ecg_optim_sgd_step(p, b, s, parameters.Count, lr, momentum, dampening, weight_decay, nesterov, maximize));
    }
}

/// <summary>Adam (torch.optim.Adam); weightDecay is coupled L2 (added to the gradient).</summary>
public class Adam : Optimizer
{
    public double beta1 { get; }
    public double beta2 { get; }
    public double eps { get; }
    public double weight_decay { get; }
    public bool maximize { get; }
    private readonly bool decoupled;

    public Adam(IEnumerable<Tensor> parameters, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, double weightDecay = 0,
        bool maximize = false) : this(parameters, lr, beta1, beta2, eps, weightDecay, maximize, decoupled: false) { }

    private protected Adam(IEnumerable<Tensor> parameters, double lr, double beta1, double beta2, double eps, double weightDecay, bool maximize, bool decoupled)
        : base(parameters, lr, "exp_avg", "exp_avg_sq")
    {
        if (beta1 is < 0 or >= 1 || beta2 is < 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(beta1), "betas must be in [0, 1)");
        if (!(eps >= 0)) throw new ArgumentOutOfRangeException(nameof(eps), eps, "eps must be >= 0");
        (this.beta1, this.beta2, this.eps, weight_decay, this.maximize, this.decoupled) = (beta1, beta2, eps, weightDecay, maximize, decoupled);
    }

    public override unsafe void step()
    {
        using var ps = new HandleArray(parameters);
        using var m = new HandleArray(stateTensors[0]);
        using var v = new HandleArray(stateTensors[1]);
        fixed (IntPtr* p = ps.Raw)
        fixed (IntPtr* mp = m.Raw)
        fixed (IntPtr* vp = v.Raw)
        fixed (long* s = steps)
            Tensor.Check(NativeMethods.ecg_optim_adam_step(p, mp, vp, s, parameters.Count, lr, beta1, beta2, eps, weight_decay, decoupled, maximize));
    }
}

/// <summary>AdamW (torch.optim.AdamW): decoupled weight decay, the parameter shrinks by lr * weightDecay each step.</summary>
public sealed class AdamW(IEnumerable<Tensor> parameters, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8,
    double weightDecay = 0.01, bool maximize = false) : Adam(parameters, lr, beta1, beta2, eps, weightDecay, maximize, decoupled: true);
#pragma warning restore IDE1006
