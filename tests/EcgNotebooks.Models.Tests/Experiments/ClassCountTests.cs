using EcgNotebooks.Evaluation;
using EcgNotebooks.Experiments;
using EcgNotebooks.Engine;
using TorchSharp;
using static TorchSharp.torch;
using EcgNotebooks.Training;

namespace EcgNotebooks.Models.Tests.Experiments;

/// <summary>The class-count option: four-class configurations keep their stored hashes; five classes are a new run.</summary>
[Collection(TorchState.Name)]
public class ClassCountTests
{
    // The hashes of the stored runs results/runs/resunet_B2-ResUNet-quick-s0-9180035d and macnn_Hybrid-MACNN-quick-s0-69cf68c3:
    // if these change, every stored run stops being reused.
    [Theory]
    [InlineData("resunet/B2", "9180035d66ab696cb0249b6ab6376814c86f088874ccaaba3a0ca589edf38c8f", "resunet_B2-ResUNet-quick-s0-9180035d")]
    [InlineData("macnn/Hybrid", "69cf68c317b928c4995c1b3f5b5b1f4fc2ed7a092d81e3a5ed41555fc6b66662", "macnn_Hybrid-MACNN-quick-s0-69cf68c3")]
    public void Four_class_configurations_keep_the_hashes_of_the_stored_runs(string name, string hash, string runId)
    {
        var config = NamedExperiments.Get(name, Profile.Quick, seed: 0);
        var record = ExperimentRunner.NewRecord(config, torch.CPU);
        Assert.Equal((hash, runId), (record.ConfigHash, record.RunId));
        Assert.Equal(hash, config.Hash());
        Assert.Same(config, config.WithClasses(4));
        Assert.Equal(hash, NamedExperiments.Get(name, Profile.Quick, seed: 0, classes: 4).Hash());
    }

    [Fact]
    public void Five_classes_are_another_run_with_a_readable_id()
    {
        var four = NamedExperiments.Get("resunet/B2", Profile.Quick, seed: 0);
        var five = NamedExperiments.Get("resunet/B2", Profile.Quick, seed: 0, classes: 5);
        Assert.Equal(5, five.Model.Classes);
        Assert.Equal((four with { Model = four.Model with { Classes = 5 }, Notes = "" }).ToJson(), (five with { Notes = "" }).ToJson());
        Assert.Equal(five.Hash(), four.WithClasses(5).Hash());
        Assert.NotEqual(four.Hash(), five.Hash());
        var record = ExperimentRunner.NewRecord(five, torch.CPU);
        Assert.Equal($"resunet_B2-ResUNet-quick-5class-s0-{five.Hash()[..8]}", record.RunId);
        Assert.Equal("ResUNet/B2", record.RowKey);   // the same table row, in the five-class table
        Assert.Contains("5 classes (N, S, V, F, Q)", five.Notes);
        Assert.Throws<ArgumentOutOfRangeException>(() => four.WithClasses(3));
    }

    [Fact]
    public void A_five_class_model_is_validated_on_N_S_V_F()
    {
        var config = TrainingTests.Tiny().WithClasses(5);
        var split = TrainingTests.Synthetic(40, seed: 2);
        var withQ = split with { Labels = split.Labels.Select((label, i) => i % 10 == 9 ? 4 : label).ToArray() };
        using var data = withQ.ToTensors(config.Data, earlyRr: true, torch.CPU);
        using var model = Trainer.CreateModel(config, data, torch.CPU);

        var metrics = Trainer.Validate(model, data, batchSize: 16);
        var predictions = Inference.Predict(model, data, batchSize: 16);
        Assert.Equal(5, predictions.Classes);
        var report = ClassificationReport.Compute(data.LabelArray, predictions.Predicted, predictions.Probabilities, AamiClasses.Five);
        var four = report.MacroOver(AamiClasses.Four);
        Assert.Equal(four.Auprc, metrics[ValidationKeys.MacroAuprc], 12);
        Assert.Equal(four.F1, metrics[ValidationKeys.MacroF1], 12);
        Assert.NotEqual(report.Macro.Auprc, metrics[ValidationKeys.MacroAuprc]);
    }

    [Fact]
    public void Class_names_follow_the_count()
    {
        Assert.Equal(["N", "S", "V", "F"], AamiClasses.For(4));
        Assert.Equal(["N", "S", "V", "F", "Q"], AamiClasses.For(5));
        Assert.Throws<ArgumentOutOfRangeException>(() => AamiClasses.For(6));
    }

    [Fact]
    public void Five_class_data_adds_the_Q_beats_and_keeps_every_other_beat()
    {
        // 208 holds Q beats (and all four other classes).
        var data = new MitBihExperimentData(trainRecords: ["208"], testRecords: ["208"], useCache: false);
        var config = new DataConfig(InputLength: 128, ValidationRecords: [114]);
        var four = data.Load(config).Test;
        var five = data.Load(config, classes: 5).Test;
        Assert.DoesNotContain(4, four.Labels);
        int q = five.Labels.Count(l => l == 4);
        Assert.True(q > 0, "record 208 has Q beats");
        Assert.Equal(four.Count + q, five.Count);
        var kept = Enumerable.Range(0, five.Count).Where(i => five.Labels[i] != 4).ToArray();
        Assert.Equal(four.RSamples, kept.Select(i => five.RSamples[i]));
        Assert.Equal(four.Labels, kept.Select(i => five.Labels[i]));
    }
}
