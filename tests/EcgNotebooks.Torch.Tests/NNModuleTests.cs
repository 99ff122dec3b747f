using EcgNotebooks.Torch.NN;
using EcgNotebooks.Torch.Optim;

namespace EcgNotebooks.Torch.Tests;

public class NNModuleTests
{
    /// <summary>A two-level model: names become dotted paths.</summary>
    private sealed class Net : Module<Tensor, Tensor>
    {
        private readonly Sequential features;
        private readonly Linear head;

        public Net()
        {
            features = register_module("features", new Sequential(new Conv1d(1, 4, 3, padding: 1), new BatchNorm1d(4), new ReLU(), new AdaptiveAvgPool1d(1), new Flatten()));
            head = register_module("head", new Linear(4, 2));
        }

        public override Tensor forward(Tensor input) => head.call(features.call(input));
    }

    [Fact]
    public void ParameterCountsMatchPyTorch()
    {
        using var conv = new Conv1d(4, 8, 3);
        Assert.Equal(8 * 4 * 3 + 8, conv.parameter_count());
        using var grouped = new Conv1d(4, 8, 3, groups: 2, bias: false);
        Assert.Equal(8 * 2 * 3, grouped.parameter_count());
        using var conv2 = new Conv2d(3, 6, (3, 2));
        Assert.Equal(6 * 3 * 3 * 2 + 6, conv2.parameter_count());
        using var convT = new ConvTranspose1d(4, 6, 5, groups: 2);
        Assert.Equal(4 * 3 * 5 + 6, convT.parameter_count());
        using var linear = new Linear(10, 5);
        Assert.Equal(55, linear.parameter_count());
        using var bn = new BatchNorm1d(8);
        Assert.Equal(16, bn.parameter_count());
        Assert.Equal(["running_mean", "running_var", "num_batches_tracked"], bn.named_buffers().Select(b => b.Name));
        using var ln = new LayerNorm(6);
        Assert.Equal(12, ln.parameter_count());
        using var lstm = new LSTM(3, 4);
        Assert.Equal(4 * 4 * 3 + 4 * 4 * 4 + 2 * 16, lstm.parameter_count());
        using var mha = new MultiheadAttention(8, 2);
        Assert.Equal(3 * 64 + 24 + 64 + 8, mha.parameter_count());
        using var emb = new Embedding(10, 3);
        Assert.Equal(30, emb.parameter_count());
    }

    [Fact]
    public void NamesAreDottedPathsAndModesPropagate()
    {
        using var net = new Net();
        Assert.Equal(["features.0.weight", "features.0.bias", "features.1.weight", "features.1.bias", "head.weight", "head.bias"],
            net.named_parameters().Select(p => p.Name));
        Assert.Equal(["features.1.running_mean", "features.1.running_var", "features.1.num_batches_tracked"], net.named_buffers().Select(b => b.Name));
        Assert.Equal(["", "features", "features.0", "features.1", "features.2", "features.3", "features.4", "head"], net.named_modules().Select(m => m.Name));
        Assert.All(net.parameters(), p => Assert.True(p.requires_grad));
        net.eval();
        Assert.All(net.modules(), m => Assert.False(m.training));
        net.train();
        Assert.All(net.modules(), m => Assert.True(m.training));
    }

    [Fact]
    public void ModuleTensorsOutliveDisposeScopesAndDieWithTheModule()
    {
        Net net;
        Tensor weight;
        using (var scope = torch.NewDisposeScope())
        {
            net = new Net();
            weight = net.parameters().First();
            var state = net.state_dict();
            Assert.Equal(9, state.Count);
        }
        Assert.False(weight.IsDisposed);
        using (var scope = torch.NewDisposeScope())
            Assert.Equal(new long[] { 2, 2 }, net.call(torch.tensor(new float[16], 2, 1, 8)).shape);
        net.Dispose();
        Assert.True(weight.IsDisposed);
    }

    [Fact]
    public void BatchNormUpdatesRunningStatisticsOnlyInTraining()
    {
        using var bn = new BatchNorm1d(2, momentum: 0.5);
        using var scope = torch.NewDisposeScope();
        // Channel 0 holds 1..4 (mean 2.5, unbiased var 5/3), channel 1 holds 10 everywhere.
        var x = torch.tensor(new float[] { 1, 2, 10, 10, 3, 4, 10, 10 }, 2, 2, 2);
        var y = bn.call(x).data<float>();
        Assert.Equal(-1.5 / Math.Sqrt(1.25 + 1e-5), y[0], 5);
        Assert.Equal(new[] { 0.5f * 2.5f, 0.5f * 10 }, bn.running_mean!.data<float>());
        Assert.Equal(0.5 + 0.5 * 5 / 3.0, bn.running_var!.data<float>()[0], 5);
        Assert.Equal(1L, bn.num_batches_tracked!.item<long>());
        bn.eval();
        var before = bn.running_mean.data<float>();
        var z = bn.call(x).data<float>();
        Assert.Equal(before, bn.running_mean.data<float>());
        Assert.Equal(1L, bn.num_batches_tracked.item<long>());
        Assert.Equal((1 - 1.25) / Math.Sqrt(bn.running_var.data<float>()[0] + 1e-5), z[0], 5);
    }

    [Fact]
    public void ToDtypeConvertsInPlaceKeepingIntegerBuffersAndOptimizers()
    {
        using var net = new Net();
        var first = net.parameters().First();
        using var opt = new SGD(net.parameters(), 0.1);
        net.to(ScalarType.Float64);
        Assert.Same(first, net.parameters().First());
        Assert.All(net.parameters(), p => Assert.Equal(ScalarType.Float64, p.dtype));
        Assert.Equal(ScalarType.Int64, net.named_buffers().Single(b => b.Name.EndsWith("num_batches_tracked")).Buffer.dtype);
        using var scope = torch.NewDisposeScope();
        var before = first.data<double>();
        Functional.cross_entropy(net.call(NNFunctionalTests.V(0.37, 0.1, ScalarType.Float64, 2, 1, 8)), torch.tensor(new long[] { 0, 1 })).backward();
        opt.step();
        Assert.NotEqual(before, first.data<double>());
        net.zero_grad();
        Assert.All(net.parameters(), p => Assert.Null(p.grad));
    }

    [Fact]
    public void StateDictRoundTripsThroughSafetensorsBitIdentically()
    {
        var path = Path.Combine(Path.GetTempPath(), $"ecg-nn-{Guid.NewGuid():N}.safetensors");
        try
        {
            using var scope = torch.NewDisposeScope();
            torch.manual_seed(1);
            using var a = new Net();
            var x = NNFunctionalTests.V(0.37, 0.1, 3, 1, 8);
            for (var i = 0; i < 3; i++) a.call(x); // move the running statistics
            a.eval();
            a.save(path, new Dictionary<string, string> { ["note"] = "test" });
            torch.manual_seed(2);
            using var b = new Net();
            b.eval();
            Assert.NotEqual(a.call(x).data<float>(), b.call(x).data<float>());
            b.load(path);
            Assert.Equal(a.call(x).data<float>(), b.call(x).data<float>());
            Assert.Equal(3L, b.named_buffers().Single(t => t.Name.EndsWith("num_batches_tracked")).Buffer.item<long>());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void LoadStateDictReportsMismatches()
    {
        using var net = new Net();
        using var scope = torch.NewDisposeScope();
        var state = net.state_dict();
        state.Remove("head.bias");
        state["extra"] = torch.tensor(new float[] { 1 });
        var e = Assert.Throws<StateDictMismatchException>(() => net.load_state_dict(state));
        Assert.Equal(["head.bias"], e.MissingKeys);
        Assert.Equal(["extra"], e.UnexpectedKeys);
        net.load_state_dict(state, strict: false);
        state["head.weight"] = torch.tensor(new float[6], 2, 3);
        var shape = Assert.Throws<TorchShapeException>(() => net.load_state_dict(state, strict: false));
        Assert.Contains("head.weight", shape.Message);
    }

    private sealed class BadNames : Module
    {
        public BadNames(string name) => register_parameter(name, torch.tensor(new float[] { 1 }));
    }

    [Fact]
    public void InvalidNamesAreRejected()
    {
        Assert.Throws<ArgumentException>(() => new BadNames("a.b"));
        Assert.Throws<ArgumentException>(() => new BadNames(""));
    }
}
