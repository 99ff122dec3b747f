using System.Diagnostics;
using EcgNotebooks.Results;
using static TorchSharp.torch;
using EcgNotebooks.Training;

namespace EcgNotebooks.Experiments;

/// <summary>One configuration after <see cref="ExperimentSession.RunAll"/>: its stored record, and whether it was reused.</summary>
public sealed record SessionRun(ExperimentConfig Config, RunRecord Record, bool Reused, double Seconds)
{
    public bool Completed => Record.TestMetrics.ContainsKey(Checkpoints.Selected) || Record.LabelMetrics?.ContainsKey(Checkpoints.Selected) == true;
}

/// <summary>
/// What a notebook (or any front end) needs to train or reuse a list of named experiments at one scale: the
/// run store under a results folder, the data, the device, and a log line per run. A stored completed run with
/// the same configuration hash is reused unless <c>retrain</c> is set.
/// </summary>
public sealed class ExperimentSession
{
    public ExperimentSession(string resultsRoot, ExperimentScale scale, Device device, bool retrain = false, TextWriter? log = null)
    {
        Store = new RunStore(resultsRoot);
        Scale = scale;
        Device = device;
        Retrain = retrain;
        Log = log ?? TextWriter.Null;
        Runner = new ExperimentRunner(Store, scale.Data(), new RunnerOptions(device, Retrain: retrain, Progress: ProgressSinks.Lines(Log)));
    }

    public RunStore Store { get; }
    public ExperimentScale Scale { get; }
    public Device Device { get; }
    public bool Retrain { get; }
    public TextWriter Log { get; }
    public ExperimentRunner Runner { get; }

    /// <summary>A named experiment (e.g. "resunet/B2") in a profile and seed, with 4 or 5 classes, at this session's scale.</summary>
    public ExperimentConfig Config(string name, Profile profile, int seed = 0, int classes = 4) =>
        Scale.Apply(NamedExperiments.Get(name, profile, seed, classes: classes));

    /// <summary>Trains (or reuses) every configuration in order.</summary>
    public IReadOnlyList<SessionRun> RunAll(IEnumerable<ExperimentConfig> configs)
    {
        var runs = new List<SessionRun>();
        foreach (var config in configs)
        {
            var hash = ExperimentRunner.NewRecord(config, Device).ConfigHash;
            var reused = Store.Reusable(hash, Retrain) is not null;
            var clock = Stopwatch.StartNew();
            Log.WriteLine(reused ? $"{config.Name} seed {config.Seed}: reusing the stored run (configuration {hash[..8]})"
                                 : $"{config.Name} seed {config.Seed}: training on {Device} (configuration {hash[..8]})");
            var record = Runner.Run(config);
            runs.Add(new SessionRun(config, record, reused, clock.Elapsed.TotalSeconds));
        }
        return runs;
    }
}
