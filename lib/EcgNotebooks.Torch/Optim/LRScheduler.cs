namespace EcgNotebooks.Torch.Optim;

/// <summary>
/// Learning-rate schedules as torch.optim.lr_scheduler: built after the optimizer (which sets the
/// lr for epoch 0), then step() once per epoch or per batch as the schedule is meant. Each schedule is
/// a closed form lr(epoch) of the optimizer's initial lr, so restoring last_epoch restores the schedule.
/// </summary>
#pragma warning disable IDE1006 // PyTorch's names on purpose
public abstract class LRScheduler
{
    public Optimizer optimizer { get; }
    public double base_lr { get; private set; }
    public int last_epoch { get; private set; }

    protected LRScheduler(Optimizer optimizer)
    {
        this.optimizer = optimizer;
        base_lr = optimizer.initial_lr;
    }

    /// <summary>Sets the lr of epoch 0; every concrete scheduler calls it at the end of its constructor.</summary>
    protected void Start() => Apply(0);

    /// <summary>The learning rate at <paramref name="epoch"/> (0 = before the first step()).</summary>
    public abstract double lr_at(int epoch);

    public void step() => Apply(last_epoch + 1);

    public double get_last_lr() => optimizer.lr;

    private void Apply(int epoch)
    {
        last_epoch = epoch;
        optimizer.lr = lr_at(epoch);
    }

    /// <summary>last_epoch and base_lr, as tensors (to save next to the optimizer's state).</summary>
    public Dictionary<string, Tensor> state_dict() => new(StringComparer.Ordinal)
    {
        ["last_epoch"] = Tensor.FromSpan<long>([last_epoch], []),
        ["base_lr"] = Tensor.FromSpan<double>([base_lr], []),
    };

    public void load_state_dict(IReadOnlyDictionary<string, Tensor> state)
    {
        if (!state.TryGetValue("last_epoch", out var epoch) || !state.TryGetValue("base_lr", out var lr))
            throw new KeyNotFoundException("scheduler state needs 'last_epoch' and 'base_lr'");
        base_lr = lr.item<double>();
        Apply(checked((int)epoch.item<long>()));
    }
}

/// <summary>lr = base · gamma^⌊epoch / stepSize⌋.</summary>
public sealed class StepLR : LRScheduler
{
    private readonly int stepSize;
    private readonly double gamma;

    public StepLR(Optimizer optimizer, int stepSize, double gamma = 0.1) : base(optimizer)
    {
        if (stepSize < 1) throw new ArgumentOutOfRangeException(nameof(stepSize), stepSize, "step size must be >= 1");
        (this.stepSize, this.gamma) = (stepSize, gamma);
        Start();
    }

    public override double lr_at(int epoch) => base_lr * Math.Pow(gamma, epoch / stepSize);
}

/// <summary>lr = base · gamma^epoch.</summary>
public sealed class ExponentialLR : LRScheduler
{
    private readonly double gamma;

    public ExponentialLR(Optimizer optimizer, double gamma) : base(optimizer)
    {
        this.gamma = gamma;
        Start();
    }

    public override double lr_at(int epoch) => base_lr * Math.Pow(gamma, epoch);
}

/// <summary>lr = etaMin + (base − etaMin)(1 + cos(π · epoch / tMax)) / 2 (PyTorch's closed form; it keeps cycling past tMax).</summary>
public sealed class CosineAnnealingLR : LRScheduler
{
    private readonly int tMax;
    private readonly double etaMin;

    public CosineAnnealingLR(Optimizer optimizer, int tMax, double etaMin = 0) : base(optimizer)
    {
        if (tMax < 1) throw new ArgumentOutOfRangeException(nameof(tMax), tMax, "T_max must be >= 1");
        (this.tMax, this.etaMin) = (tMax, etaMin);
        Start();
    }

    public override double lr_at(int epoch) => etaMin + (base_lr - etaMin) * (1 + Math.Cos(Math.PI * epoch / tMax)) / 2;
}

/// <summary>
/// Linear warm-up: lr = base · (epoch + 1) / warmupSteps for the first warmupSteps epochs (reaching
/// base at epoch warmupSteps − 1, which is the <c>after</c> schedule's epoch 0), then the <c>after</c>
/// schedule, or the base lr when there is none.
/// </summary>
public sealed class LinearWarmup : LRScheduler
{
    private readonly int warmupSteps;
    private readonly LRScheduler? after;

    public LinearWarmup(Optimizer optimizer, int warmupSteps, LRScheduler? after = null) : base(optimizer)
    {
        if (warmupSteps < 1) throw new ArgumentOutOfRangeException(nameof(warmupSteps), warmupSteps, "warm-up steps must be >= 1");
        if (after is not null && !ReferenceEquals(after.optimizer, optimizer)) throw new ArgumentException("the following schedule must drive the same optimizer", nameof(after));
        (this.warmupSteps, this.after) = (warmupSteps, after);
        Start();
    }

    public override double lr_at(int epoch) =>
        epoch < warmupSteps - 1 ? base_lr * (epoch + 1) / warmupSteps : after?.lr_at(epoch - warmupSteps + 1) ?? base_lr;
}

/// <summary>
/// The Transformer schedule (Vaswani et al., "Noam"): lr = factor · modelSize^−½ · min(s^−½, s · warmup^−³⁄₂)
/// with s = epoch + 1. It is absolute: the optimizer's initial lr is not used.
/// </summary>
public sealed class NoamLR : LRScheduler
{
    private readonly int modelSize;
    private readonly int warmupSteps;
    private readonly double factor;

    public NoamLR(Optimizer optimizer, int modelSize, int warmupSteps, double factor = 1) : base(optimizer)
    {
        if (modelSize < 1 || warmupSteps < 1) throw new ArgumentOutOfRangeException(nameof(modelSize), "model size and warm-up steps must be >= 1");
        (this.modelSize, this.warmupSteps, this.factor) = (modelSize, warmupSteps, factor);
        Start();
    }

    public override double lr_at(int epoch)
    {
        double s = epoch + 1;
        return factor * Math.Pow(modelSize, -0.5) * Math.Min(Math.Pow(s, -0.5), s * Math.Pow(warmupSteps, -1.5));
    }
}

/// <summary>lr = base · lambda(epoch).</summary>
public sealed class LambdaLR : LRScheduler
{
    private readonly Func<int, double> lambda;

    public LambdaLR(Optimizer optimizer, Func<int, double> lrLambda) : base(optimizer)
    {
        lambda = lrLambda;
        Start();
    }

    public override double lr_at(int epoch) => base_lr * lambda(epoch);
}

/// <summary>torch.nn.utils.clip_grad_norm_.</summary>
public static class GradientClipping
{
    /// <summary>Scales all gradients so their joint norm is at most maxNorm; returns the norm before clipping.</summary>
    public static unsafe double clip_grad_norm_(IEnumerable<Tensor> parameters, double maxNorm, double normType = 2)
    {
        var list = parameters as IReadOnlyList<Tensor> ?? parameters.ToList();
        using var handles = new Native.HandleArray(list);
        fixed (IntPtr* p = handles.Raw)
        {
            Tensor.Check(Native.NativeMethods.ecg_nn_clip_grad_norm(p, list.Count, maxNorm, normType, out var total));
            return total;
        }
    }
}
#pragma warning restore IDE1006
