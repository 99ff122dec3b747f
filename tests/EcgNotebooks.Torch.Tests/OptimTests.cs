using EcgNotebooks.Torch.Optim;

namespace EcgNotebooks.Torch.Tests;

/// <summary>Optimizer steps against the update rules computed by hand (float64), schedulers' lr sequences, clipping.</summary>
public class OptimTests
{
    private static readonly double[] P0 = [1.0, -2.0, 0.5];
    private static readonly double[] G = [0.5, -1.5, 0.25];

    /// <summary>Sets p.grad = G through autograd (loss = sum(p · G)).</summary>
    private static void SetGrad(Tensor p)
    {
        using var scope = torch.NewDisposeScope();
        p.mul(torch.tensor(G)).sum().backward();
    }

    private static void AssertValues(double[] expected, Tensor actual)
    {
        var got = actual.data<double>();
        for (var i = 0; i < expected.Length; i++) Assert.Equal(expected[i], got[i], 12);
    }

    [Fact]
    public void SgdWithMomentumAndWeightDecayFollowsTheUpdateRule()
    {
        using var p = torch.tensor(P0).requires_grad_();
        using var opt = new SGD([p], lr: 0.1, momentum: 0.9, weightDecay: 0.1);
        var expected = (double[])P0.Clone();
        var buf = new double[3];
        for (var step = 0; step < 3; step++)
        {
            opt.zero_grad();
            SetGrad(p);
            opt.step();
            for (var i = 0; i < 3; i++)
            {
                var d = G[i] + 0.1 * expected[i];
                buf[i] = step == 0 ? d : 0.9 * buf[i] + d;
                expected[i] -= 0.1 * buf[i];
            }
            AssertValues(expected, p);
        }
    }

    [Fact]
    public void NesterovSgdFollowsTheUpdateRule()
    {
        using var p = torch.tensor(P0).requires_grad_();
        using var opt = new SGD([p], lr: 0.1, momentum: 0.5, nesterov: true);
        var expected = (double[])P0.Clone();
        var buf = new double[3];
        for (var step = 0; step < 2; step++)
        {
            opt.zero_grad();
            SetGrad(p);
            opt.step();
            for (var i = 0; i < 3; i++)
            {
                buf[i] = step == 0 ? G[i] : 0.5 * buf[i] + G[i];
                expected[i] -= 0.1 * (G[i] + 0.5 * buf[i]);
            }
            AssertValues(expected, p);
        }
    }

    private static double[] AdamReference(int steps, double lr, double wd, bool decoupled)
    {
        const double b1 = 0.9, b2 = 0.999, eps = 1e-8;
        var p = (double[])P0.Clone();
        var m = new double[3];
        var v = new double[3];
        for (var t = 1; t <= steps; t++)
            for (var i = 0; i < 3; i++)
            {
                var g = G[i];
                if (decoupled) p[i] *= 1 - lr * wd;
                else g += wd * p[i];
                m[i] = b1 * m[i] + (1 - b1) * g;
                v[i] = b2 * v[i] + (1 - b2) * g * g;
                var mHat = m[i] / (1 - Math.Pow(b1, t));
                var vHat = v[i] / (1 - Math.Pow(b2, t));
                p[i] -= lr * mHat / (Math.Sqrt(vHat) + eps);
            }
        return p;
    }

    [Theory]
    [InlineData(0.0, false)]
    [InlineData(0.1, false)] // Adam with coupled L2
    [InlineData(0.1, true)]  // AdamW, decoupled
    public void AdamFamilyFollowsTheUpdateRule(double weightDecay, bool decoupled)
    {
        using var p = torch.tensor(P0).requires_grad_();
        using Optimizer opt = decoupled ? new AdamW([p], lr: 0.01, weightDecay: weightDecay) : new Adam([p], lr: 0.01, weightDecay: weightDecay);
        for (var step = 1; step <= 3; step++)
        {
            opt.zero_grad();
            SetGrad(p);
            opt.step();
            var expected = AdamReference(step, 0.01, weightDecay, decoupled);
            var got = p.data<double>();
            for (var i = 0; i < 3; i++) Assert.Equal(expected[i], got[i], 10);
        }
    }

    [Fact]
    public void ParametersWithoutGradientsAreLeftAlone()
    {
        using var a = torch.tensor(P0).requires_grad_();
        using var b = torch.tensor(P0).requires_grad_();
        using var opt = new Adam([a, b], lr: 0.01);
        SetGrad(a);
        opt.step();
        AssertValues(P0, b);
        using var scope = torch.NewDisposeScope();
        var state = opt.state_dict();
        Assert.Equal(1L, state["state.0.step"].item<long>());
        Assert.Equal(0L, state["state.1.step"].item<long>());
    }

    [Fact]
    public void OptimizerStateRoundTripsExactly()
    {
        using var p = torch.tensor(P0).requires_grad_();
        using var opt = new Adam([p], lr: 0.01);
        SetGrad(p);
        opt.step();
        using var scope = torch.NewDisposeScope();
        var state = opt.state_dict();
        using var q = torch.tensor(p.data<double>()).requires_grad_();
        using var restored = new Adam([q], lr: 0.5);
        restored.load_state_dict(state);
        Assert.Equal(0.01, restored.lr);
        opt.zero_grad();
        SetGrad(p);
        opt.step();
        SetGrad(q);
        restored.step();
        Assert.Equal(p.data<double>(), q.data<double>());
        Assert.Throws<KeyNotFoundException>(() => new SGD([q], 0.1, momentum: 0.9).load_state_dict(state));
    }

    private static double[] Run(LRScheduler s, int steps)
    {
        var lrs = new List<double> { s.get_last_lr() };
        for (var i = 0; i < steps; i++)
        {
            s.step();
            lrs.Add(s.get_last_lr());
        }
        return [.. lrs];
    }

    private static void AssertSequence(double[] expected, double[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++) Assert.Equal(expected[i], actual[i], 12);
    }

    [Fact]
    public void SchedulersProduceTheirSequences()
    {
        using var p = torch.tensor(P0).requires_grad_();
        using var opt = new SGD([p], lr: 1.0);
        AssertSequence([1, 1, 0.5, 0.5, 0.25], Run(new StepLR(opt, 2, 0.5), 4));
        AssertSequence([1, 0.9, 0.81, 0.729], Run(new ExponentialLR(opt, 0.9), 3));
        AssertSequence([1, (1 + Math.Sqrt(0.5)) / 2, 0.5, (1 - Math.Sqrt(0.5)) / 2, 0], Run(new CosineAnnealingLR(opt, 4), 4));
        AssertSequence([1, 0.1 + 0.9 * 0.5, 0.1, 0.1 + 0.9 * 0.5, 1], Run(new CosineAnnealingLR(opt, 2, etaMin: 0.1), 4));
        AssertSequence([1.0 / 3, 2.0 / 3, 1, 0.5, 0.25], Run(new LinearWarmup(opt, 3, new ExponentialLR(opt, 0.5)), 4));
        AssertSequence([0.25, 0.5, 0.75, 1, 1, 1], Run(new LinearWarmup(opt, 4), 5));
        var noam = Run(new NoamLR(opt, 512, 4000, factor: 2), 4000);
        Assert.Equal(2 * Math.Pow(512, -0.5) * Math.Pow(4000, -1.5), noam[0], 15);
        Assert.Equal(2 * Math.Pow(512, -0.5) * Math.Pow(4000, -0.5), noam[3999], 15);
        Assert.Equal(noam.Max(), noam[3999]);
        AssertSequence([1, 0.5, 1.0 / 3], Run(new LambdaLR(opt, e => 1.0 / (e + 1)), 2));
    }

    [Fact]
    public void SchedulerStateRestoresTheSchedule()
    {
        using var p = torch.tensor(P0).requires_grad_();
        using var opt = new SGD([p], lr: 1.0);
        var s = new StepLR(opt, 2, 0.5);
        for (var i = 0; i < 5; i++) s.step();
        using var scope = torch.NewDisposeScope();
        var state = s.state_dict();
        using var opt2 = new SGD([p], lr: 1.0);
        var s2 = new StepLR(opt2, 2, 0.5);
        s2.load_state_dict(state);
        Assert.Equal(opt.lr, opt2.lr);
        s.step();
        s2.step();
        Assert.Equal(opt.lr, opt2.lr);
    }

    [Fact]
    public void ClipGradNormScalesToTheMaximumNorm()
    {
        using var a = torch.tensor(new double[] { 0, 0 }).requires_grad_();
        using var b = torch.tensor(new double[] { 0 }).requires_grad_();
        using (var scope = torch.NewDisposeScope())
            (a.mul(torch.tensor(new double[] { 3, 4 })).sum() + b.mul(torch.tensor(new double[] { 12 })).sum()).backward();
        var total = GradientClipping.clip_grad_norm_([a, b], 1.3);
        Assert.Equal(13, total, 12);
        var coef = 1.3 / (13 + 1e-6);
        using var ga = a.grad!;
        using var gb = b.grad!;
        Assert.Equal(3 * coef, ga.data<double>()[0], 12);
        Assert.Equal(4 * coef, ga.data<double>()[1], 12);
        Assert.Equal(12 * coef, gb.data<double>()[0], 12);
        Assert.Equal(13 * coef, GradientClipping.clip_grad_norm_([a, b], 100), 9);
        Assert.Equal(12 * coef, GradientClipping.clip_grad_norm_([a, b], 100, double.PositiveInfinity), 9);
    }
}
