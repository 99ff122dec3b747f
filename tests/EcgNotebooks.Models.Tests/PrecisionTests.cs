using EcgNotebooks.Experiments;
using EcgNotebooks.Engine;
using TorchSharp;
using static TorchSharp.torch;
using EcgNotebooks.Training;

namespace EcgNotebooks.Models.Tests;

[Collection(TorchState.Name)]
public class PrecisionTests
{
    private static string TempDir() => Directory.CreateTempSubdirectory("ecg-precision-").FullName;

    [Fact]
    public void Reading_the_loss_every_few_steps_gives_the_same_run_as_every_step()
    {
        var config = TrainingTests.Tiny(epochs: 2);
        var arrays = TrainingTests.Synthetic(72, 9);

        TrainingResult Train(int every)
        {
            using var data = arrays.ToTensors(config.Data, true, torch.CPU);
            using var model = Trainer.CreateModel(config, data, torch.CPU);
            return new Trainer(config, new TrainerOptions(torch.CPU, TempDir(), LossCheckEvery: every)).Fit(model, data, data);
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
        using var bad = poisoned.ToTensors(config.Data, true, torch.CPU);
        using var model = Trainer.CreateModel(config, bad, torch.CPU);
        // Beat 0 is in the epoch's first batches or later; whichever step it is, the loss is read only every 10 steps.
        var error = Assert.Throws<TrainingDivergedException>(() =>
            new Trainer(config, new TrainerOptions(torch.CPU, dir, LossCheckEvery: 10)).Fit(model, bad, bad));
        Assert.Contains("epoch 1, step ", error.Message);
        Assert.Contains("none (first epoch)", error.Message);
        Assert.False(File.Exists(Path.Combine(dir, Checkpoint.Last)));
        Assert.False(File.Exists(Path.Combine(dir, Checkpoint.Selected)));
    }

    [Theory]
    [InlineData("bf16")]
    [InlineData(" BF16 ")]
    [InlineData("fp16")]
    [InlineData("half")]
    public void Reduced_precision_is_refused_with_the_reason(string text)
    {
        var error = Assert.Throws<ArgumentException>(() => TrainingPrecisions.Parse(text));
        Assert.Contains("no autocast", error.Message);
        Assert.Contains($"--precision {text}", error.Message);
    }

    [Fact]
    public void Precision_and_tf32_parse_and_describe_the_device()
    {
        Assert.Equal(TrainingPrecision.Fp32, TrainingPrecisions.Parse("fp32"));
        Assert.Contains("expected fp32", Assert.Throws<ArgumentException>(() => TrainingPrecisions.Parse("int8")).Message);
        Assert.True(TrainingPrecisions.ParseSwitch("on", "--tf32"));
        Assert.False(TrainingPrecisions.ParseSwitch("off", "--tf32"));
        Assert.Contains("--tf32 maybe", Assert.Throws<ArgumentException>(() => TrainingPrecisions.ParseSwitch("maybe", "--tf32")).Message);
        Assert.Equal("cuda:0 (fp32, no tf32)", TrainingPrecisions.Describe(new Device(DeviceType.CUDA, 0), TrainingPrecision.Fp32, false));
        Assert.Equal("cpu (fp32)", TrainingPrecisions.Describe(torch.CPU, TrainingPrecision.Fp32, true));
    }

    [Fact]
    public void Asking_for_cuda_without_a_gpu_says_why_and_what_to_do()
    {
        Assert.Contains("expected auto, cpu", Assert.Throws<ArgumentException>(() => TrainingDevice.Resolve("tpu")).Message);
        if (cuda.is_available())
        {
            Assert.Equal(DeviceType.CUDA, TrainingDevice.Resolve("auto").type);
            return;
        }
        var error = Assert.Throws<ArgumentException>(() => TrainingDevice.Resolve("cuda"));
        Assert.Contains("CUDA is not available", error.Message);
        Assert.Contains("TorchSharp-cuda-linux", error.Message);
        Assert.Equal(DeviceType.CPU, TrainingDevice.Resolve("auto").type);
    }
}
