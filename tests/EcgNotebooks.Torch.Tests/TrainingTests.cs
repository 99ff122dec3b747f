using EcgNotebooks.Torch.NN;
using EcgNotebooks.Torch.Optim;
using EcgNotebooks.Torch.Serialization;

namespace EcgNotebooks.Torch.Tests;

/// <summary>End to end: a small CNN learns a separable task, and a resumed run continues bit-identically.</summary>
[Collection(GlobalRngCollection.Name)]
public class TrainingTests
{
    private sealed class SmallCnn : Module<Tensor, Tensor>
    {
        private readonly Sequential body;

        public SmallCnn(double dropout = 0)
        {
            body = register_module("body", new Sequential(
                new Conv1d(1, 8, 5, padding: 2), new BatchNorm1d(8), new ReLU(), new MaxPool1d(2),
                new Conv1d(8, 16, 5, padding: 2), new ReLU(), new AdaptiveAvgPool1d(1), new Flatten(),
                new Dropout(dropout), new Linear(16, 2)));
        }

        public override Tensor forward(Tensor input) => body.call(input);
    }

    /// <summary>Class 0: a slow sine, class 1: a fast one; random phase, amplitude and noise.</summary>
    private static (float[] X, long[] Y) Data(int n, int length, int seed)
    {
        var rng = new Random(seed);
        var x = new float[n * length];
        var y = new long[n];
        for (var i = 0; i < n; i++)
        {
            y[i] = i % 2;
            var freq = y[i] == 0 ? 2.0 : 5.0;
            var phase = rng.NextDouble() * 2 * Math.PI;
            var amp = 0.5 + rng.NextDouble();
            for (var t = 0; t < length; t++)
                x[i * length + t] = (float)(amp * Math.Sin(2 * Math.PI * freq * t / length + phase) + 0.3 * (rng.NextDouble() - 0.5));
        }
        return (x, y);
    }

    private static void TrainSteps(Module<Tensor, Tensor> model, Optimizer opt, float[] x, long[] y, int length, int batch, int firstStep, int steps)
    {
        var n = y.Length;
        for (var s = firstStep; s < firstStep + steps; s++)
        {
            using var scope = torch.NewDisposeScope();
            var start = s * batch % n;
            var xb = torch.tensor(x[(start * length)..((start + batch) * length)], batch, 1, length);
            var yb = torch.tensor(y[start..(start + batch)]);
            opt.zero_grad();
            Functional.cross_entropy(model.call(xb), yb).backward();
            opt.step();
        }
    }

    [Fact]
    public void SmallCnnLearnsASeparableTask()
    {
        const int length = 64, batch = 32;
        torch.manual_seed(3);
        var (x, y) = Data(512, length, 1);
        var (tx, ty) = Data(256, length, 2);
        using var model = new SmallCnn();
        using var opt = new Adam(model.parameters(), lr: 0.01);
        TrainSteps(model, opt, x, y, length, batch, 0, 80);
        model.eval();
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var logits = model.call(torch.tensor(tx, 256, 1, length)).data<float>();
        var correct = Enumerable.Range(0, 256).Count(i => (logits[2 * i + 1] > logits[2 * i] ? 1 : 0) == ty[i]);
        Assert.True(correct >= 254, $"accuracy {correct}/256");
    }

    [Fact]
    public void ResumedTrainingContinuesBitIdentically()
    {
        const int length = 32, batch = 16;
        var (x, y) = Data(128, length, 5);
        var path = Path.Combine(Path.GetTempPath(), $"ecg-ckpt-{Guid.NewGuid():N}.safetensors");
        try
        {
            torch.manual_seed(11);
            using var a = new SmallCnn(dropout: 0.3);
            using var optA = new AdamW(a.parameters(), lr: 0.01);
            var schedA = new CosineAnnealingLR(optA, 10);
            TrainSteps(a, optA, x, y, length, batch, 0, 3);
            schedA.step();
            Checkpoint.Save(path, a, optA, schedA, new Dictionary<string, string> { ["step"] = "3" });
            TrainSteps(a, optA, x, y, length, batch, 3, 3);

            torch.manual_seed(99); // a different init and generator state: the checkpoint must restore both
            using var b = new SmallCnn(dropout: 0.3);
            using var optB = new AdamW(b.parameters(), lr: 0.01);
            var schedB = new CosineAnnealingLR(optB, 10);
            Assert.Equal("3", Checkpoint.Load(path, b, optB, schedB)["step"]);
            Assert.Equal(optA.lr, optB.lr);
            TrainSteps(b, optB, x, y, length, batch, 3, 3);

            using var scope = torch.NewDisposeScope();
            var sa = a.state_dict();
            var sb = b.state_dict();
            foreach (var (name, t) in sa)
                if (t.dtype == ScalarType.Float32) Assert.Equal(t.data<float>(), sb[name].data<float>());
                else Assert.Equal(t.data<long>(), sb[name].data<long>());
        }
        finally
        {
            File.Delete(path);
        }
    }
}
