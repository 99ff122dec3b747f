using EcgNotebooks.Experiments;
using EcgNotebooks.Models;
using EcgNotebooks.Engine;
using TorchSharp;
using static TorchSharp.torch;

namespace EcgNotebooks.Models.Tests;

/// <summary>Parameter counts of the named paper-profile models against protocol §3 (computed there by hand), and shapes.</summary>
[Collection(TorchState.Name)]
public class ModelShapeTests
{
    private static EcgClassifier Build(string name, Profile profile = Profile.Paper)
    {
        var config = NamedExperiments.Get(name, profile);
        var early = config.Model.Fusion.EarlyRr ? config.Data.EarlyRrFeatures.Length : 0;
        return new EcgClassifier(config.Model, 1, config.Data.InputLength, config.Data.HeadRrFeatures().Length, early);
    }

    [Theory]
    [InlineData("resunet/B0", 1_117_564)]
    [InlineData("resunet/B1", 1_120_084)]
    [InlineData("resunet/B2", 1_249_324)]
    [InlineData("resunet/A0", 1_280_284)]
    [InlineData("resunet/A1", 1_282_804)]
    [InlineData("resunet/A2", 1_281_724)]
    [InlineData("macnn/Baseline", 90_556)]
    [InlineData("macnn/NaiveConcat", 123_072)]
    [InlineData("macnn/ProjConcat", 123_941)]
    [InlineData("macnn/MHCA-h1", 140_644)]
    [InlineData("macnn/Hybrid", 140_668)]
    public void Paper_profile_parameter_counts_match_the_protocol(string name, long expected)
    {
        using var model = Build(name);
        Assert.Equal(expected, model.ParameterCount());
    }

    [Fact]
    public void Backbone_parameter_counts_match_the_protocol()
    {
        using var resunet = new ResUNet(new ResUNetOptions(), 1, 720);
        Assert.Equal(3_060 + 552_000 + 495_180, resunet.ParameterCount());
        using var a = new ResUNet(new ResUNetOptions(DownsampleLast: true), 1, 720);
        Assert.Equal(3_060 + 552_000 + 527_580, a.ParameterCount());
        using var macnn = new MacnnSe(new MacnnOptions(), 3, 128);
        Assert.Equal(89_528, macnn.ParameterCount());
    }

    [Theory]
    [InlineData("resunet/B2", 180, 180)]
    [InlineData("resunet/A2", 90, 180)]
    [InlineData("macnn/Hybrid", 64, 256)]
    [InlineData("grid/efficientecg/none", 23, 1280)]
    public void Backbones_expose_their_token_sequence_and_pooled_vector(string name, int tokens, int dim)
    {
        using var model = Build(name);
        Assert.Equal(tokens, model.Backbone.Tokens);
        Assert.Equal(dim, model.Backbone.Dim);
        var channels = model.Backbone.InChannels;
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(1);
        var features = model.Backbone.call(torch.randn([2, channels, model.Backbone.InputLength]));
        Assert.Equal([2L, tokens, dim], features.Tokens.shape);
        Assert.Equal([2L, dim], features.Pooled.shape);
    }

    /// <summary>EfficientNet-B0's stage table in 1-D, counted independently of the model code.</summary>
    [Fact]
    public void EfficientEcg_parameter_count_follows_the_stage_table()
    {
        long Bn(long c) => 2 * c;
        long expected = 1 * 32 * 3 + Bn(32);                     // stem
        var inCh = 32L;
        foreach (var (e, c, n, _, k) in EfficientEcg1d.Stages)
            for (var r = 0; r < n; r++)
            {
                var mid = inCh * e;
                if (e != 1) expected += inCh * mid + Bn(mid);       // expansion 1×1
                expected += mid * k + Bn(mid);                      // depthwise
                var sq = Math.Max(1, inCh / 4);
                expected += mid * sq + sq + sq * mid + mid;         // SE with biases
                expected += mid * c + Bn(c);                        // projection
                inCh = c;
            }
        expected += inCh * 1280 + Bn(1280);                         // head conv
        using var backbone = new EfficientEcg1d(new EfficientEcgOptions(), 1, 720);
        Assert.Equal(expected, backbone.ParameterCount());
    }

    private static EcgClassifier Hannun(int inputLength, double width = 1.0) =>
        new(new ModelConfig(BackboneKind.HannunResNet, new FusionOptions(), new ClassifierOptions(),
            HannunResNet: new HannunResNetOptions(WidthMultiplier: width)), 1, inputLength, 0, 0);

    /// <summary>
    /// Hannun et al.'s ResNet counted from awni/ecg's layer list, independently of the model code: stem conv, 16 blocks
    /// of (BN) conv BN conv with channels start·2^(i/4), final BN, and the classifier Linear. Convolutions keep
    /// Keras' biases; BN counts its 2 trainable parameters per channel (Keras' summary would add 2 non-trainable ones).
    /// </summary>
    private static long HannunLayerList(int leads, int start, int classes, int blocks = 16, int kernel = 16)
    {
        long Conv(long i, long o) => i * o * kernel + o;
        long Bn(long c) => 2 * c;
        var total = Conv(leads, start) + Bn(start);
        long prev = start;
        for (var i = 0; i < blocks; i++)
        {
            long f = start << (i / 4);
            if (i > 0) total += Bn(prev);                  // pre-activation of the first conv (none in block 0)
            total += Conv(prev, f) + Bn(f) + Conv(f, f);
            prev = f;
        }
        return total + Bn(prev) + prev * classes + classes;  // final BN, classifier on the pooled tokens
    }

    [Fact]
    public void HannunResNet_parameter_count_follows_the_layer_list()
    {
        using var model = Hannun(9000);
        var expected = HannunLayerList(1, 32, 4);
        Assert.Equal(expected, model.ParameterCount());
        // 10,466,148 (10.47 M, as Deng et al.'s table; a PyTorch twin of awni/ecg's network counts the same).
        // Without conv biases it would be 10,462,276; with Keras' 2 non-trainable BN statistics per channel
        // (model.summary()'s total) 10,473,892: all three round to 10.47 M.
        Assert.Equal(10_466_148, expected);
        Assert.InRange(expected, 10_470_000 * 0.99, 10_470_000 * 1.01);
        Assert.Equal(256, model.Backbone.Dim);
    }

    [Theory]
    [InlineData(9000)]
    [InlineData(4500)]
    [InlineData(4501)]   // odd: "same" padding 7/8 and the ceil-mode shortcut pooling must still agree
    public void HannunResNet_gives_one_token_per_256_samples(int length)
    {
        using var model = Hannun(length);
        var tokens = (length + 255) / 256;
        Assert.Equal(tokens, model.Backbone.Tokens);
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(1);
        model.eval();
        var features = model.Backbone.call(torch.randn([2, 1, length]));
        Assert.Equal([2L, tokens, 256], features.Tokens.shape);
        Assert.Equal([2L, 256], features.Pooled.shape);
        Assert.Equal([2L, 4], model.call(new ModelInput(torch.randn([2, 1, length]))).Logits.shape);
    }

    [Theory]
    [InlineData(1000, 1, 7, 8)]
    [InlineData(1000, 2, 7, 7)]
    [InlineData(999, 2, 7, 8)]
    public void SameConv1d_pads_as_keras(int length, int stride, int left, int right)
    {
        Assert.Equal((left, right), ((int, int))SameConv1d.Padding(length, 16, stride));
        using var conv = new SameConv1d(3, 5, 16, stride);
        using var scope = torch.NewDisposeScope();
        Assert.Equal([1L, 5, (length + stride - 1) / stride], conv.call(torch.randn([1, 3, length])).shape);
    }

    /// <summary>Keras' he_normal, truncated at 2σ: TorchSharp 0.107's init.trunc_normal_ fills a constant σ instead.</summary>
    [Fact]
    public void HannunResNet_convolutions_start_he_normal()
    {
        torch.manual_seed(4);
        using var model = Hannun(4500);
        foreach (var (name, p) in model.named_parameters().Where(p => p.name.Contains(".conv.")))
        {
            if (name.EndsWith("bias")) { Assert.Equal(0.0, p.abs().max().item<float>()); continue; }
            var std = Math.Sqrt(2.0 / (p.size(1) * p.size(2)));
            Assert.True(p.abs().max().item<float>() <= 2 * std * (1 + 1e-6), name);
            // A normal truncated at ±2σ keeps 88.0 % of σ; the stem's 512 weights give the loosest estimate.
            Assert.InRange(p.std().item<float>() / std, 0.80, 0.96);
        }
    }

    [Fact]
    public void HannunResNet_at_half_width_builds_trains_and_counts()
    {
        using var model = Hannun(4500, width: 0.5);
        Assert.Equal(128, model.Backbone.Dim);
        Assert.Equal(18, model.Backbone.Tokens);
        Assert.Equal(HannunLayerList(1, 16, 4), model.ParameterCount());
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(2);
        model.train();
        var logits = model.call(new ModelInput(torch.randn([3, 1, 4500]))).Logits;
        Assert.Equal([3L, 4], logits.shape);
        var loss = torch.nn.functional.cross_entropy(logits, torch.tensor(new long[] { 0, 1, 3 }));
        loss.backward();
        Assert.True(double.IsFinite(loss.item<float>()));
        Assert.All(model.parameters(), p => Assert.True(p.grad is not null && p.grad.isfinite().all().item<bool>()));
    }

    [Fact]
    public void HannunResNet_options_stay_out_of_the_hashed_json_when_absent()
    {
        var config = NamedExperiments.Get("grid/efficientecg/none", Profile.Paper);
        Assert.DoesNotContain("hannunResNet", config.ToJson());
        var hannun = config with { Model = config.Model with { Backbone = BackboneKind.HannunResNet, HannunResNet = new HannunResNetOptions() } };
        Assert.Contains("\"hannunResNet\"", hannun.ToJson());
        var back = ExperimentConfig.FromJson(hannun.ToJson());
        Assert.Equal(BackboneKind.HannunResNet, back.Model.Backbone);
        Assert.Equal(new HannunResNetOptions(), back.Model.HannunResNet);
        Assert.NotEqual(config.Hash(), hannun.Hash());
    }

    [Fact]
    public void Every_named_model_gives_logits_in_the_quick_profile()
    {
        foreach (var name in NamedExperiments.All)
            foreach (var profile in new[] { Profile.Quick })
            {
                var config = NamedExperiments.Get(name, profile);
                using var model = Build(name, profile);
                using var scope = torch.NewDisposeScope();
                var input = Inputs.Random(config, model, batch: 2);
                model.eval();
                var output = model.call(input);
                Assert.Equal([2L, config.Model.Classes], output.Logits.shape);
                Assert.Equal(config.Model.Fusion.Kind is FusionKind.CrossAttention or FusionKind.AgeSexAttention, output.Attention is not null);
            }
    }
}

internal static class Inputs
{
    public static ModelInput Random(ExperimentConfig config, EcgClassifier model, int batch, int seed = 3)
    {
        torch.manual_seed(seed);
        return new ModelInput(
            torch.randn([batch, 1, config.Data.InputLength]),
            torch.randn([batch, model.RrFeatures]),
            model.EarlyRrFeatures > 0 ? torch.randn([batch, model.EarlyRrFeatures]) : null,
            torch.tensor(Enumerable.Range(0, batch).Select(i => (long)(40 + 7 * i)).ToArray()),
            torch.tensor(Enumerable.Range(0, batch).Select(i => (long)(1 + i % 2)).ToArray()));
    }
}
