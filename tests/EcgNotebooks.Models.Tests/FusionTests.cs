using EcgNotebooks.Experiments;
using EcgNotebooks.Models;
using EcgNotebooks.Engine;
using TorchSharp;
using static TorchSharp.torch;

namespace EcgNotebooks.Models.Tests;

/// <summary>
/// Every head that takes RR must react to RR (protocol §7.4: the authors' MACNN "MHCA" attended
/// over one pooled token, so its logits ignored RR). Same for age/sex.
/// </summary>
[Collection(TorchState.Name)]
public class FusionTests
{
    public static TheoryData<string> RrModels()
    {
        var data = new TheoryData<string>();
        foreach (var name in NamedExperiments.All)
        {
            var c = NamedExperiments.Get(name, Profile.Quick);
            if (c.Model.Fusion.Kind is FusionKind.Concat or FusionKind.CrossAttention || c.Model.Fusion.EarlyRr) data.Add(name);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(RrModels))]
    public void Changing_the_RR_input_changes_the_logits(string name)
    {
        var config = NamedExperiments.Get(name, Profile.Quick);
        var early = config.Model.Fusion.EarlyRr ? config.Data.EarlyRrFeatures.Length : 0;
        using var model = new EcgClassifier(config.Model, 1, config.Data.InputLength, config.Data.HeadRrFeatures().Length, early);
        // Training mode: BatchNorm normalises with batch statistics (at initialisation its running
        // statistics are the identity, and a deep untrained network in eval mode returns nearly the
        // same logits for any input). Dropout masks are made identical by re-seeding before each pass.
        model.train();
        using var scope = torch.NewDisposeScope();
        var input = Inputs.Random(config, model, batch: 4);
        torch.manual_seed(11);
        var before = model.call(input).Logits.data<float>();
        var changed = input with
        {
            Rr = input.Rr is null ? null : torch.zeros_like(input.Rr),
            EarlyRr = input.EarlyRr is null ? null : input.EarlyRr + 1.5,
        };
        torch.manual_seed(11);
        var after = model.call(changed).Logits.data<float>();
        var largest = before.Zip(after, (a, b) => Math.Abs(a - b)).Max();
        // A head that ignored RR would differ by float rounding only (< 1e-7); at initialisation a one-head
        // cross-attention's softmax is near uniform, so its real effect can be as small as ~1e-4 (grid/macnn/ca-h1).
        Assert.True(largest > 1e-5, $"{name}: logits moved by at most {largest} when RR changed");
    }

    [Fact]
    public void Cross_attention_weights_cover_the_real_token_sequence()
    {
        var config = NamedExperiments.Get("macnn/MHCA-h1", Profile.Paper);
        using var model = new EcgClassifier(config.Model, 1, 128, config.Data.RrFeatures.Length, 0);
        model.eval();
        using var scope = torch.NewDisposeScope();
        var output = model.call(Inputs.Random(config, model, batch: 3));
        var weights = output.Attention!;
        Assert.Equal([3L, 64], weights.shape);   // 64 stage-3 time steps, not one pooled token
        var sums = weights.sum(1).data<float>();
        Assert.All(sums, s => Assert.Equal(1f, s, 4));
    }

    [Fact]
    public void Age_and_sex_change_the_logits_of_the_age_sex_head()
    {
        var config = NamedExperiments.Get("grid/macnn/agesex", Profile.Quick);
        using var model = new EcgClassifier(config.Model, 1, 128, config.Data.RrFeatures.Length, 0);
        model.train();
        using var scope = torch.NewDisposeScope();
        var input = Inputs.Random(config, model, batch: 2);
        torch.manual_seed(11);
        var before = model.call(input).Logits.data<float>();
        var other = input with { Age = torch.tensor(new long[] { 80, 20 }), Sex = torch.tensor(new long[] { 2, 1 }) };
        torch.manual_seed(11);
        var after = model.call(other).Logits.data<float>();
        // At initialisation q·kᵀ/√D is small, so the softmax is near uniform and the effect is small but real
        // (a head that ignored age and sex would differ by float rounding only, < 1e-7).
        var largest = before.Zip(after, (a, b) => Math.Abs(a - b)).Max();
        Assert.True(largest > 1e-5, $"logits moved by at most {largest}");
    }
}
