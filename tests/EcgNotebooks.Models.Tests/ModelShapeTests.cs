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
                Assert.Equal([2L, 4], output.Logits.shape);
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
