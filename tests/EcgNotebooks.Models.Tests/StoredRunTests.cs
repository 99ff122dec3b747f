using EcgNotebooks.Data;
using EcgNotebooks.Experiments;
using EcgNotebooks.Results;
using EcgNotebooks.Training;
using static TorchSharp.torch;

namespace EcgNotebooks.Models.Tests;

/// <summary>
/// Faithfulness of the engine move: runs trained and scored by our former libtorch binding, committed in
/// results/runs, keep their configuration hashes, load into today's TorchSharp models and give back their
/// stored DS2 probabilities. Scored on three DS2 records (100, 213 with most F beats, 232 with most S beats)
/// to keep CI time small; the beats of a record do not depend on which other DS2 records are loaded.
/// </summary>
[Collection(TorchState.Name)]
public class StoredRunTests
{
    private static readonly string[] Records = ["100", "213", "232"];

    private static RunStore Store => new(Path.Combine(
        DataDirectory.FindRepositoryRoot() ?? throw new InvalidOperationException("repository root not found"), "results"));

    [Theory]
    [InlineData("resunet/B2", 1)]
    [InlineData("resunet/A0", 2)]
    [InlineData("macnn/Hybrid", 1)]
    [InlineData("grid/efficientecg/mhca", 0)]
    public void A_stored_run_keeps_its_hash_and_reproduces_its_predictions(string experiment, int seed)
    {
        var store = Store;
        var config = NamedExperiments.Get(experiment, Profile.Quick, seed);
        var hash = ExperimentRunner.NewRecord(config, CPU).ConfigHash;
        var run = store.FindCompleted(hash);
        Assert.True(run is not null, $"no stored run of {experiment} seed {seed} has configuration hash {hash}: the hash changed");

        var data = new MitBihExperimentData(testRecords: Records);
        var runner = new ExperimentRunner(store, data, new RunnerOptions(CPU));
        var test = data.Load(config.Data, config.Model.Classes).Test;
        using var tensors = test.ToTensors(config.Data, config.Model.Fusion.EarlyRr, CPU);
        using var model = runner.LoadModel(run, tensors);
        var ours = Inference.Predict(model, tensors, config.Training.EvalBatchSize);

        var stored = store.ReadPredictions(run).Predictions
            .Where(p => Records.Contains(p.Record)).ToDictionary(p => (p.Record, p.Sample));
        Assert.Equal(test.Count, stored.Count);
        var sameArgMax = 0;
        var worst = 0f;
        for (var i = 0; i < test.Count; i++)
        {
            var before = stored[(test.Records[i], test.RSamples[i])];
            for (var c = 0; c < ours.Classes; c++) worst = Math.Max(worst, Math.Abs(ours.Row(i)[c] - before.Probabilities[c]));
            if (ours.Predicted[i] == before.Predicted) sameArgMax++;
        }
        Assert.True(worst <= 1e-4f, $"largest probability difference {worst} over {test.Count} beats");
        Assert.True(sameArgMax >= 0.999 * test.Count, $"same arg-max on {sameArgMax} of {test.Count} beats");
    }
}
