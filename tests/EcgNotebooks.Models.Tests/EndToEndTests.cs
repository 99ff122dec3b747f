using EcgNotebooks.Experiments;
using EcgNotebooks.Models;
using EcgNotebooks.Results;
using EcgNotebooks.Engine;
using TorchSharp;
using static TorchSharp.torch;
using EcgNotebooks.Training;

namespace EcgNotebooks.Models.Tests;

/// <summary>
/// MIT-BIH end to end, small: train on two DS1 records, validate on one held-out DS1 record,
/// evaluate on one DS2 record, store the run, reuse it. Needs the data (ECG_DATA_DIR, as CI sets).
/// </summary>
[Collection(TorchState.Name)]
public class EndToEndTests
{
    private static ExperimentConfig Config() =>
        NamedExperiments.Get("macnn/Hybrid", Profile.Quick, seed: 1) with
        {
            Training = NamedExperiments.Get("macnn/Hybrid", Profile.Quick).Training with { Epochs = 2, MaxTrainBeatsPerEpoch = 512, BatchSize = 64 },
            Data = new DataConfig(InputLength: 128, EarlyRrFeatures: RrFeatureSets.Early, ValidationRecords: [114]),
        };

    [Fact]
    public void Train_on_two_DS1_records_evaluate_on_one_DS2_record_store_and_reuse()
    {
        var results = Directory.CreateTempSubdirectory("ecg-e2e-").FullName;
        var store = new RunStore(results);
        var data = new MitBihExperimentData(trainRecords: ["101", "106"], testRecords: ["100"], useCache: false);
        var steps = 0;
        var options = new RunnerOptions(torch.CPU, Progress: ProgressSinks.Of(p => { if (p.Kind == ProgressKind.Training && p.Epoch is null) steps++; }));
        var config = Config();

        var record = new ExperimentRunner(store, data, options).Run(config);

        Assert.Equal(2 * 8, steps);                                     // 2 epochs × ⌈512 / 64⌉
        Assert.Equal(2, record.History.Count);
        Assert.Contains(Checkpoints.Selected, record.TestMetrics.Keys);
        Assert.Contains(Checkpoints.Last, record.TestMetrics.Keys);
        var test = data.Load(config.Data).Test;
        Assert.True(test.Records.All(r => r == "100"));
        Assert.Equal(test.Count, record.TestMetrics[Checkpoints.Selected].Total);
        var (_, predictions) = store.ReadPredictions(record);
        Assert.Equal(test.Count, predictions.Count);
        Assert.Equal(record.ConfigHash, store.FindCompleted(record.ConfigHash)?.ConfigHash);
        Assert.True(File.Exists(Path.Combine(results, "checkpoints", ".gitignore")));

        // The same configuration again: reused, not retrained.
        steps = 0;
        var again = new ExperimentRunner(store, data, options).Run(config);
        Assert.Equal(0, steps);
        Assert.Equal(record.RunId, again.RunId);

        // A stored run gives back its model and attention weights, e.g. for a notebook.
        var runner = new ExperimentRunner(store, data, options);
        using var tensors = test.ToTensors(config.Data, earlyRr: true, torch.CPU);
        using var model = runner.LoadModel(again, tensors);
        var inspected = Inference.Predict(model, tensors, keepAttention: true);
        Assert.Equal(test.Count * inspected.Tokens, inspected.Attention!.Length);
        Assert.Equal(64, inspected.Tokens);
        Assert.Equal(ExperimentRunner.ConfigOf(again), config with { Notes = "" }, new JsonEquality());
        Assert.Equal(record.TestMetrics[Checkpoints.Selected].OverallAccuracy, runner.Evaluate(again).OverallAccuracy, 6);
    }

    private sealed class JsonEquality : IEqualityComparer<ExperimentConfig>
    {
        public bool Equals(ExperimentConfig? a, ExperimentConfig? b) => a?.ToJson() == b?.ToJson();
        public int GetHashCode(ExperimentConfig c) => c.ToJson().GetHashCode();
    }
}
