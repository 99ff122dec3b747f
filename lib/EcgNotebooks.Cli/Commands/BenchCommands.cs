using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using EcgNotebooks.Cli.Bench;
using EcgNotebooks.Experiments;
using EcgNotebooks.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace EcgNotebooks.Cli.Commands;

/// <summary>`ecg bench ...`: speed of our TorchSharp training steps against PyTorch eager on the same model.</summary>
public sealed class BenchCommands : ICommandGroup
{
    public Command Build()
    {
        var bench = new Command("bench", "Benchmarks of our TorchSharp training steps against PyTorch eager");
        bench.Subcommands.Add(TrainStep());
        bench.Subcommands.Add(ModelStep());
        return bench;
    }

    /// <summary>
    /// `ecg bench model-step --experiment resunet/B2 --profile paper --batch 1024 --device auto`: our training
    /// step of a named model against its PyTorch twin (tests/benchmarks/resunet.py, macnn.py), same batch,
    /// threads, device, precision and warm-up, in alternating rounds; medians and the ratio.
    /// </summary>
    private static Command ModelStep()
    {
        var experiment = new Option<string>("--experiment") { Description = "resunet/A0 … resunet/B2 or macnn/Hybrid", Required = true };
        var profile = new Option<string>("--profile") { Description = "paper or quick", DefaultValueFactory = _ => "paper" };
        var batch = new Option<int>("--batch") { Description = "beats per step", DefaultValueFactory = _ => 1024 };
        var device = new Option<string>("--device") { Description = "auto, cpu, cuda or cuda:N (the twin runs on the same)", DefaultValueFactory = _ => "auto" };
        var steps = new Option<int>("--steps") { Description = "timed steps per round", DefaultValueFactory = _ => 10 };
        var warmup = new Option<int>("--warmup") { Description = "untimed steps first", DefaultValueFactory = _ => 3 };
        var threads = new Option<int>("--threads") { Description = "intra-op threads for both (0 = libtorch's default)", DefaultValueFactory = _ => 0 };
        var rounds = new Option<int>("--rounds") { Description = "alternating rounds of both (median reported)", DefaultValueFactory = _ => 3 };
        var precision = new Option<string>("--precision") { Description = "fp32 (TorchSharp has no autocast)", DefaultValueFactory = _ => "fp32" };
        var tf32 = new Option<string>("--tf32") { Description = "on|off (CUDA), for both", DefaultValueFactory = _ => "on" };
        var python = new Option<string>("--python") { Description = "interpreter with torch for the PyTorch twin", DefaultValueFactory = _ => DefaultPython() };
        var blas = PeerBlasOption();
        var command = new Command("model-step", "Training step (forward, loss, backward, optimiser) of a named model: ours vs its PyTorch twin, beats/s and peak GPU memory")
        {
            experiment, profile, batch, device, steps, warmup, threads, rounds, precision, tf32, python, blas,
        };
        command.SetAction(parse =>
        {
            var config = NamedExperiments.Get(parse.GetValue(experiment)!, NamedExperiments.ParseProfile(parse.GetValue(profile)!));
            var twinArgs = TwinArguments(config);
            var prec = TrainingPrecisions.Parse(parse.GetValue(precision)!);
            var useTf32 = TrainingPrecisions.ParseSwitch(parse.GetValue(tf32)!, "--tf32");
            var (n, w, b, r) = (parse.GetValue(steps), parse.GetValue(warmup), parse.GetValue(batch), Math.Max(1, parse.GetValue(rounds)));
            if (n < 1 || w < 0 || b < 1 || parse.GetValue(threads) < 0)
                throw new ArgumentException("steps and batch must be >= 1, warm-up and threads >= 0");
            if (parse.GetValue(threads) > 0) torch.set_num_threads(parse.GetValue(threads));
            var dev = TrainingDevice.Resolve(parse.GetValue(device)!);
            TrainingPrecisions.ApplyTf32(dev, useTf32);
            var script = FindTwin(twinArgs.Script);
            var args = twinArgs.Arguments.Concat([
                "--bench", "--batch", $"{b}", "--steps", $"{n}", "--warmup", $"{w}", "--threads", $"{torch.get_num_threads()}",
                "--device", dev.ToString(), "--precision", prec.Name(), "--tf32", useTf32 ? "on" : "off"]).ToArray();
            Console.WriteLine($"{config.Name} ({parse.GetValue(profile)} profile) train step: batch {b}, {TrainingPrecisions.Describe(dev, prec, useTf32)}, " +
                $"{torch.get_num_threads()} threads, {w} warm-up + {n} timed steps, {r} rounds, libtorch {torch.__version__}");
            Console.WriteLine($"  twin: {parse.GetValue(python)} {script} {string.Join(' ', args)}");
            var peers = PeerBlas(parse.GetValue(blas));
            var ours = new List<StepTiming>();
            var theirs = peers.ToDictionary(pb => pb, _ => new List<JsonElement>());
            for (var i = 0; i < r; i++)
            {
                ours.Add(EcgNotebooks.Training.Throughput.TrainStep(config, dev, b, w, n));
                var line = string.Create(CultureInfo.InvariantCulture, $"  round {i + 1}: ours {ours[^1].BeatsPerSecond,9:F1} beats/s ({ours[^1].BeatsPerCpuSecond,8:F1} per CPU-s)");
                foreach (var peer in peers)
                {
                    var twin = RunTwin(parse.GetValue(python)!, script, args, peer);
                    theirs[peer].Add(twin);
                    if (twin.GetProperty("parameters").GetInt64() != ours[0].Parameters)
                        throw new InvalidOperationException($"the twin has {twin.GetProperty("parameters").GetInt64():N0} parameters, ours {ours[0].Parameters:N0}: not the same model");
                    line += string.Create(CultureInfo.InvariantCulture,
                        $"   PyTorch/{peer} {twin.GetProperty("beats_per_s").GetDouble(),9:F1} beats/s ({twin.GetProperty("beats_per_cpu_s").GetDouble(),8:F1} per CPU-s)");
                }
                Console.WriteLine(line);
            }
            var oursRate = Median(ours.Select(t => t.BeatsPerSecond));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  TorchSharp {TorchSharpVersion}: {oursRate,10:F1} beats/s (median), {ours[0].Parameters:N0} parameters"));
            foreach (var peer in peers)
            {
                var theirRate = Median(theirs[peer].Select(t => t.GetProperty("beats_per_s").GetDouble()));
                var theirPeak = theirs[peer][^1].GetProperty("peak_memory_bytes") is { ValueKind: JsonValueKind.Number } p ? p.GetInt64() : (long?)null;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  PyTorch {theirs[peer][0].GetProperty("torch").GetString()} eager, {peer} BLAS: {theirRate,10:F1} beats/s (median), peak GPU memory {EcgNotebooks.Training.Throughput.FormatMemory(theirPeak)}"));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  ratio wall-clock (ours / PyTorch {peer}): {oursRate / theirRate:F3}"));
                if (dev.type == DeviceType.CPU)
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"  ratio per CPU-second (ours / PyTorch {peer}): {Median(ours.Select(t => t.BeatsPerCpuSecond)) / Median(theirs[peer].Select(t => t.GetProperty("beats_per_cpu_s").GetDouble())):F3}"));
            }
            return 0;
        });
        return command;
    }

    /// <summary>The twin script and the arguments that make it the same model as <paramref name="config"/>'s.</summary>
    public static (string Script, string[] Arguments) TwinArguments(ExperimentConfig config)
    {
        var name = config.Name;
        if (name.StartsWith("resunet/", StringComparison.Ordinal) && config.Model.ResUNet is { } r)
        {
            var heads = Math.Max(r.SelfAttentionHeads, config.Model.Fusion.Kind == FusionKind.CrossAttention ? config.Model.Fusion.Heads : 0);
            return ("tests/benchmarks/resunet.py", ["--variant", name["resunet/".Length..], "--channels", $"{r.Width}", "--mid", $"{r.Mid}",
                "--heads", $"{(heads > 0 ? heads : 1)}", "--length", $"{config.Data.InputLength}"]);
        }
        if (name == "macnn/Hybrid")
            return ("tests/benchmarks/macnn.py", ["--width", $"{(config.Model.Macnn ?? new MacnnOptions()).Width}"]);
        throw new ArgumentException($"bench model-step: no PyTorch twin for '{name}'; supported: resunet/A0, A1, A2, B0, B1, B2 and macnn/Hybrid.");
    }

    /// <summary>
    /// Debian's PyTorch 1.13 runs its matrix products on whatever libblas.so.3 the loader finds: "installed" leaves
    /// that to the system's BLAS alternative, "reference" and "openblas" pin netlib's or OpenBLAS's for the twin's
    /// process only (LD_LIBRARY_PATH), so a ratio can be read against a fair peer.
    /// </summary>
    private static readonly Dictionary<string, string?> BlasFolders = new()
    {
        ["installed"] = null,
        ["reference"] = "/usr/lib/x86_64-linux-gnu/blas",
        ["openblas"] = "/usr/lib/x86_64-linux-gnu/openblas-openmp",
    };

    private static Option<string[]> PeerBlasOption() => new("--peer-blas")
    {
        Description = "the PyTorch twin's BLAS, one or more of installed, reference (netlib), openblas; each is run every round",
        DefaultValueFactory = _ => ["installed"],
        AllowMultipleArgumentsPerToken = true,
    };

    private static string[] PeerBlas(string[]? chosen)
    {
        var peers = (chosen is { Length: > 0 } ? chosen : ["installed"]).Distinct().ToArray();
        foreach (var peer in peers)
        {
            if (!BlasFolders.TryGetValue(peer, out var folder))
                throw new ArgumentException($"--peer-blas {peer}: expected installed, reference or openblas");
            if (folder is not null && !File.Exists(Path.Combine(folder, "libblas.so.3")))
                throw new ArgumentException($"--peer-blas {peer}: {folder}/libblas.so.3 is not installed (apt-get install {(peer == "openblas" ? "libopenblas0-openmp" : "libblas3")})");
        }
        return peers;
    }

    private static JsonElement RunTwin(string python, string script, string[] args, string peerBlas = "installed")
    {
        var psi = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true };
        if (BlasFolders[peerBlas] is { } blasFolder)
            psi.Environment["LD_LIBRARY_PATH"] = blasFolder + (psi.Environment.TryGetValue("LD_LIBRARY_PATH", out var old) && !string.IsNullOrEmpty(old) ? ":" + old : "");
        psi.ArgumentList.Add(script);
        foreach (var a in args) psi.ArgumentList.Add(a);
        // The same threading environment for both: no OMP/MKL overrides leak into one of them.
        psi.Environment.Remove("OMP_NUM_THREADS");
        psi.Environment.Remove("MKL_NUM_THREADS");
        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {python}");
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{python} {script} failed with exit code {process.ExitCode}: {stderr.Result}");
        using var doc = JsonDocument.Parse(stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Last());
        return doc.RootElement.Clone();
    }

    private static Command TrainStep()
    {
        var threads = new Option<int>("--threads") { Description = "intra-op threads for both runs", DefaultValueFactory = _ => 2 };
        var warmup = new Option<int>("--warmup") { Description = "untimed steps first", DefaultValueFactory = _ => 3 };
        var steps = new Option<int>("--steps") { Description = "timed steps", DefaultValueFactory = _ => 10 };
        var batch = new Option<int>("--batch") { Description = "beats per batch", DefaultValueFactory = _ => 256 };
        var length = new Option<int>("--length") { Description = "samples per beat", DefaultValueFactory = _ => 256 };
        var python = new Option<string>("--python") { Description = "interpreter with torch for the PyTorch twin", DefaultValueFactory = _ => DefaultPython() };
        var rounds = new Option<int>("--rounds") { Description = "alternating rounds of both (median reported), against load drift on a shared machine", DefaultValueFactory = _ => 3 };
        var script = new Option<string?>("--script") { Description = "the PyTorch twin (default: tests/benchmarks/resnet1d_train_step.py of this repository)" };
        var blas = PeerBlasOption();
        var command = new Command("train-step", "One training step (forward, backward, AdamW) of a 1D ResNet: TorchSharp vs PyTorch eager, beats/s")
        {
            threads, warmup, steps, batch, length, rounds, python, script, blas,
        };
        command.SetAction(parse =>
        {
            var settings = new Settings(parse.GetValue(threads), parse.GetValue(warmup), parse.GetValue(steps), parse.GetValue(batch), parse.GetValue(length));
            var twin = parse.GetValue(script) ?? FindTwin();
            if (settings.Threads < 1 || settings.Steps < 1 || settings.Batch < 1 || settings.Length < 8)
            {
                Console.Error.WriteLine("threads, steps and batch must be >= 1 and length >= 8");
                return 2;
            }
            Console.WriteLine($"1D ResNet train step: batch {settings.Batch} x 1 x {settings.Length}, {settings.Threads} threads, " +
                $"{settings.Warmup} warm-up + {settings.Steps} timed steps, libtorch {torch.__version__}");
            var peers = PeerBlas(parse.GetValue(blas));
            var ourRuns = new List<Throughput>();
            var theirRuns = peers.ToDictionary(pb => pb, _ => new List<Throughput>());
            for (var r = 0; r < Math.Max(1, parse.GetValue(rounds)); r++)
            {
                ourRuns.Add(RunOurs(settings));
                var line = string.Create(CultureInfo.InvariantCulture, $"  round {r + 1}: ours {ourRuns[^1].BeatsPerSecond,8:F1} beats/s ({ourRuns[^1].BeatsPerCpuSecond,7:F1} per CPU-s)");
                foreach (var peer in peers)
                {
                    theirRuns[peer].Add(RunPyTorch(parse.GetValue(python)!, twin, settings, peer));
                    line += string.Create(CultureInfo.InvariantCulture, $"   PyTorch/{peer} {theirRuns[peer][^1].BeatsPerSecond,8:F1} beats/s ({theirRuns[peer][^1].BeatsPerCpuSecond,7:F1} per CPU-s)");
                }
                Console.WriteLine(line);
            }
            var ours = Median(ourRuns.Select(t => t.BeatsPerSecond));
            var oursCpu = Median(ourRuns.Select(t => t.BeatsPerCpuSecond));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  TorchSharp {TorchSharpVersion}: {ours,9:F1} beats/s, {oursCpu,9:F1} beats/CPU-s (medians); {EcgNotebooks.Engine.HostAllocator.Describe()}; {EcgNotebooks.Engine.OneDnn.Describe()}"));
            foreach (var peer in peers)
            {
                var theirs = Median(theirRuns[peer].Select(t => t.BeatsPerSecond));
                var theirsCpu = Median(theirRuns[peer].Select(t => t.BeatsPerCpuSecond));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  PyTorch eager, {peer} BLAS: {theirs,9:F1} beats/s, {theirsCpu,9:F1} beats/CPU-s (medians)"));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  ratio per CPU-second (ours / PyTorch {peer}): {oursCpu / theirsCpu:F3}"));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  ratio wall-clock (ours / PyTorch {peer}): {ours / theirs:F3}"));
            }
            return 0;
        });
        return command;
    }

    /// <summary>Wall-clock throughput, and throughput per CPU-second of the whole process (robust when the machine is shared).</summary>
    private sealed record Throughput(double BeatsPerSecond, double BeatsPerCpuSecond);

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private sealed record Settings(int Threads, int Warmup, int Steps, int Batch, int Length);

    private static Throughput RunOurs(Settings s)
    {
        EcgNotebooks.Engine.OneDnn.Configure();   // the library's convolution policy, as in training
        EcgNotebooks.Engine.Nnpack.Configure();
        torch.set_num_threads(s.Threads);
        torch.manual_seed(0);
        using var model = new ResNet1d();
        using var opt = torch.optim.AdamW(model.parameters(), lr: 1e-3);
        var rng = new Random(0);
        var xs = new float[s.Batch * s.Length];
        for (var i = 0; i < xs.Length; i++) xs[i] = (float)(rng.NextDouble() * 2 - 1);
        var ys = Enumerable.Range(0, s.Batch).Select(_ => (long)rng.Next(5)).ToArray();
        using var x = torch.tensor(xs, [s.Batch, 1, s.Length]);
        using var y = torch.tensor(ys);

        void Step()
        {
            using var scope = torch.NewDisposeScope();
            opt.zero_grad();
            torch.nn.functional.cross_entropy(model.call(x), y).backward();
            opt.step();
        }

        for (var i = 0; i < s.Warmup; i++) Step();
        using var self = Process.GetCurrentProcess();
        var cpuStart = self.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < s.Steps; i++) Step();
        var wall = clock.Elapsed.TotalSeconds;
        self.Refresh();
        var cpu = (self.TotalProcessorTime - cpuStart).TotalSeconds;
        double beats = (double)s.Batch * s.Steps;
        return new Throughput(beats / wall, beats / cpu);
    }

    private static Throughput RunPyTorch(string python, string script, Settings s, string peerBlas)
    {
        var result = RunTwin(python, script,
            ["--threads", $"{s.Threads}", "--warmup", $"{s.Warmup}", "--steps", $"{s.Steps}", "--batch", $"{s.Batch}", "--length", $"{s.Length}"], peerBlas);
        return new Throughput(result.GetProperty("beats_per_s").GetDouble(), result.GetProperty("beats_per_cpu_s").GetDouble());
    }

    private static string TorchSharpVersion => typeof(torch).Assembly.GetName().Version?.ToString(3) ?? "?";

    private static string DefaultPython() =>
        Environment.GetEnvironmentVariable("ECG_PYTHON") ?? (File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3");

    /// <summary>A twin script: under ECG_TWIN_DIR (the GPU bundle's benchmarks/, set by run-on-gpu.sh), else above the current or the program's folder.</summary>
    private static string FindTwin(string relative = "tests/benchmarks/resnet1d_train_step.py")
    {
        if (Environment.GetEnvironmentVariable("ECG_TWIN_DIR") is { Length: > 0 } twins)
        {
            var candidate = Path.Combine(twins, Path.GetFileName(relative));
            if (File.Exists(candidate)) return candidate;
        }
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, relative);
                if (File.Exists(candidate)) return candidate;
            }
        throw new FileNotFoundException($"{relative} was not found under ECG_TWIN_DIR or above {Directory.GetCurrentDirectory()}; pass --script or set ECG_TWIN_DIR");
    }
}
