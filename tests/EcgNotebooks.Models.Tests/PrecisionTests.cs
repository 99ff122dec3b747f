using EcgNotebooks.Experiments;
using EcgNotebooks.Torch;
using EcgNotebooks.Training;

namespace EcgNotebooks.Models.Tests;

[Collection(TorchState.Name)]
public class PrecisionTests
{
    private static string TempDir() => Directory.CreateTempSubdirectory("ecg-precision-").FullName;

    /// <summary>
    /// Tiny MACNN without LayerNorm (early RR rows, plain Linear classifier): libtorch 1.13's CPU
    /// autocast runs Linear in bf16 but not LayerNorm, which then rejects the bf16 input; on CUDA,
    /// and in libtorch 2.x on the CPU, LayerNorm is autocast to fp32.
    /// </summary>
    private static ExperimentConfig TinyWithoutLayerNorm() =>
        TrainingTests.Tiny(epochs: 1) with
        {
            Model = TrainingTests.Tiny().Model with { Fusion = new FusionOptions(FusionKind.None, EarlyRr: true) },
        };

    [Fact]
    public void A_bf16_training_epoch_has_a_finite_loss_and_closes_the_autocast_scope()
    {
        var config = TinyWithoutLayerNorm();
        using var data = TrainingTests.Synthetic(48, 7).ToTensors(config.Data, earlyRr: true, Device.Cpu);
        using var model = Trainer.CreateModel(config, data, Device.Cpu);
        var result = new Trainer(config, new TrainerOptions(Device.Cpu, TempDir(), Precision: TrainingPrecision.Bf16)).Fit(model, data, data);
        Assert.False(torch.is_autocast_enabled(Device.Cpu));
        Assert.True(double.IsFinite(result.History[0].TrainLoss) && result.History[0].TrainLoss > 0, $"loss {result.History[0].TrainLoss}");
        Assert.All(model.parameters(), p => Assert.Equal(ScalarType.Float32, p.dtype));   // autocast leaves the weights in fp32
        Assert.Null(result.PeakGpuMemoryBytes);
    }

    [Fact]
    public void Bf16_inference_runs_under_autocast_and_fp32_inference_does_not()
    {
        var config = TinyWithoutLayerNorm();
        using var data = TrainingTests.Synthetic(16, 8).ToTensors(config.Data, earlyRr: true, Device.Cpu);
        using var model = Trainer.CreateModel(config, data, Device.Cpu);
        var fp32 = Inference.Predict(model, data);
        var bf16 = Inference.Predict(model, data, precision: TrainingPrecision.Bf16);
        Assert.False(torch.is_autocast_enabled(Device.Cpu));
        // bf16 keeps 8 bits of mantissa: close to fp32, but not equal (so autocast did act).
        Assert.NotEqual(fp32.Probabilities, bf16.Probabilities);
        for (var i = 0; i < fp32.Probabilities.Length; i++) Assert.InRange(bf16.Probabilities[i] - fp32.Probabilities[i], -0.05f, 0.05f);
    }

    [Fact]
    public void Reading_the_loss_every_few_steps_gives_the_same_run_as_every_step()
    {
        var config = TrainingTests.Tiny(epochs: 2);
        var arrays = TrainingTests.Synthetic(72, 9);

        TrainingResult Train(int every)
        {
            using var data = arrays.ToTensors(config.Data, true, Device.Cpu);
            using var model = Trainer.CreateModel(config, data, Device.Cpu);
            return new Trainer(config, new TrainerOptions(Device.Cpu, TempDir(), Deterministic: true, LossCheckEvery: every)).Fit(model, data, data);
        }

        var each = Train(1);
        var batched = Train(4);   // 72 / 16 = 5 steps an epoch: one read after step 4, one at the epoch's end
        for (var e = 0; e < each.History.Count; e++)
        {
            Assert.Equal(each.History[e].TrainLoss, batched.History[e].TrainLoss);
            Assert.Equal(each.History[e].ValidationMetrics, batched.History[e].ValidationMetrics);
        }
    }

    [Fact]
    public void A_non_finite_loss_read_late_still_names_its_step_and_writes_no_checkpoint()
    {
        var config = TrainingTests.Tiny(epochs: 2);
        var arrays = TrainingTests.Synthetic(64, 4);
        var poisoned = arrays with { Rr = arrays.Rr.Select((v, i) => i == 0 ? float.PositiveInfinity : v).ToArray() };
        var dir = TempDir();
        using var bad = poisoned.ToTensors(config.Data, true, Device.Cpu);
        using var model = Trainer.CreateModel(config, bad, Device.Cpu);
        // Beat 0 is in the epoch's first batches or later; whichever step it is, the loss is read only every 10 steps.
        var error = Assert.Throws<TrainingDivergedException>(() =>
            new Trainer(config, new TrainerOptions(Device.Cpu, dir, LossCheckEvery: 10)).Fit(model, bad, bad));
        Assert.Contains("epoch 1, step ", error.Message);
        Assert.Contains("none (first epoch)", error.Message);
        Assert.False(File.Exists(Path.Combine(dir, Checkpoint.Last)));
        Assert.False(File.Exists(Path.Combine(dir, Checkpoint.Selected)));
    }

    [Theory]
    [InlineData("fp16")]
    [InlineData("FP16")]
    [InlineData("half")]
    public void Fp16_is_refused_because_it_needs_a_gradient_scaler(string text)
    {
        var error = Assert.Throws<ArgumentException>(() => TrainingPrecisions.Parse(text));
        Assert.Contains("gradient scaler", error.Message);
        Assert.Contains("bf16", error.Message);
    }

    [Fact]
    public void Precision_and_tf32_parse_and_describe_the_device()
    {
        Assert.Equal(TrainingPrecision.Fp32, TrainingPrecisions.Parse("fp32"));
        Assert.Equal(TrainingPrecision.Bf16, TrainingPrecisions.Parse(" BF16 "));
        Assert.Contains("expected fp32 or bf16", Assert.Throws<ArgumentException>(() => TrainingPrecisions.Parse("int8")).Message);
        Assert.True(TrainingPrecisions.ParseSwitch("on", "--tf32"));
        Assert.False(TrainingPrecisions.ParseSwitch("off", "--tf32"));
        Assert.Contains("--tf32 maybe", Assert.Throws<ArgumentException>(() => TrainingPrecisions.ParseSwitch("maybe", "--tf32")).Message);
        Assert.Equal("cuda:0 (bf16, tf32)", TrainingPrecisions.Describe(Device.Cuda(0), TrainingPrecision.Bf16, true));
        Assert.Equal("cuda:0 (fp32, no tf32)", TrainingPrecisions.Describe(Device.Cuda(0), TrainingPrecision.Fp32, false));
        Assert.Equal("cpu (fp32)", TrainingPrecisions.Describe(Device.Cpu, TrainingPrecision.Fp32, true));
    }
}
