using System.Diagnostics;
using System.Text.Json;
using EcgNotebooks.Experiments;
using EcgNotebooks.Engine;
using TorchSharp;
using static TorchSharp.torch;
using EcgNotebooks.Training;

namespace EcgNotebooks.Models.Tests;

/// <summary>Python with PyTorch for the twins: ECG_PYTHON, else /usr/bin/python3 (Debian's python3-torch).</summary>
public static class PythonTorch
{
    public static readonly string Python =
        Environment.GetEnvironmentVariable("ECG_PYTHON") ?? (File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3");

    private static readonly Lazy<string?> unavailable = new(() =>
    {
        try
        {
            var (code, _, error) = Run(Python, ["-c", "import torch"]);
            return code == 0 ? null : $"{Python} cannot import torch ({error.Trim().Split('\n')[^1]}); install python3-torch or set ECG_PYTHON";
        }
        catch (Exception e)
        {
            return $"{Python} could not be started: {e.Message}";
        }
    });

    public static string? UnavailableReason => unavailable.Value;

    public static (int Code, string Output, string Error) Run(string file, IEnumerable<string> args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["OMP_NUM_THREADS"] = "1";
        using var process = Process.Start(psi)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output, error.Result);
    }
}

/// <summary>A [Fact] skipped, with the reason, only when the Python interpreter cannot import torch.</summary>
public sealed class PythonTorchFactAttribute : FactAttribute
{
    public PythonTorchFactAttribute()
    {
        if (PythonTorch.UnavailableReason is { } reason) Skip = reason;
    }
}

/// <summary>
/// Our models are the architectures the PyTorch twins (tests/benchmarks/resunet.py, macnn.py) describe:
/// our weights, loaded into the twin by name, give the same eval-mode logits on the same input.
/// </summary>
[Collection(TorchState.Name)]
public class TwinTests
{
    private static string Benchmarks =>
        Path.Combine(EcgNotebooks.Data.DataDirectory.FindRepositoryRoot() ?? throw new InvalidOperationException("repository root not found"), "tests", "benchmarks");

    private static void AssertTwinAgrees(ExperimentConfig config, string[] twinArgs)
    {
        var early = config.Model.Fusion.EarlyRr ? config.Data.EarlyRrFeatures.Length : 0;
        torch.manual_seed(11);
        using var model = new EcgClassifier(config.Model, 1, config.Data.InputLength, config.Data.HeadRrFeatures().Length, early);
        using var scope = torch.NewDisposeScope();
        const int batch = 5;
        var input = new ModelInput(torch.randn([batch, 1, config.Data.InputLength]), torch.randn([batch, model.RrFeatures]),
            early > 0 ? torch.randn([batch, early]) : null);
        // A few training-mode passes move BatchNorm's running statistics away from 0 and 1, so eval mode tests them too.
        model.train();
        using (torch.no_grad())
            for (var i = 0; i < 3; i++) _ = model.call(input with { Ecg = input.Ecg * (1.0 + i) + 0.3 });
        model.eval();
        float[] ours;
        using (torch.no_grad()) ours = model.call(input).Logits.contiguous().data<float>().ToArray();

        var dir = Directory.CreateTempSubdirectory("ecg-twin-").FullName;
        var weights = Path.Combine(dir, "weights.safetensors");
        var inputs = Path.Combine(dir, "inputs.safetensors");
        EcgNotebooks.Training.Checkpoint.SaveWeights(weights, model);
        var tensors = new Dictionary<string, Tensor> { ["ecg"] = input.Ecg, ["rr"] = input.Rr! };
        if (input.EarlyRr is { } e) tensors["early"] = e;
        TorchSharp.PyBridge.Safetensors.SaveStateDict(inputs, tensors);

        var (code, output, error) = PythonTorch.Run(PythonTorch.Python,
            [Path.Combine(Benchmarks, "twin_check.py"), .. twinArgs, "--weights", weights, "--inputs", inputs]);
        Assert.True(code == 0, $"twin_check.py failed ({code}): {error}");
        using var json = JsonDocument.Parse(output.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1]);
        Assert.Equal(model.ParameterCount(), json.RootElement.GetProperty("parameters").GetInt64());
        var theirs = json.RootElement.GetProperty("logits").EnumerateArray().Select(v => v.GetSingle()).ToArray();
        Assert.Equal(ours.Length, theirs.Length);
        for (var i = 0; i < ours.Length; i++)
            Assert.True(Math.Abs(ours[i] - theirs[i]) <= 1e-4 + 1e-4 * Math.Abs(ours[i]), $"logit {i}: ours {ours[i]}, PyTorch {theirs[i]}");
    }

    [PythonTorchFact]
    public void ResUNet_B2_quick_gives_the_twins_logits()
    {
        var config = NamedExperiments.Get("resunet/B2", Profile.Quick);
        var r = config.Model.ResUNet!;
        AssertTwinAgrees(config, ["resunet", "--variant", "B2", "--channels", $"{r.Width}", "--mid", $"{r.Mid}", "--heads", $"{config.Model.Fusion.Heads}"]);
    }

    [PythonTorchFact]
    public void ResUNet_A0_quick_gives_the_twins_logits()
    {
        var config = NamedExperiments.Get("resunet/A0", Profile.Quick);
        var r = config.Model.ResUNet!;
        AssertTwinAgrees(config, ["resunet", "--variant", "A0", "--channels", $"{r.Width}", "--mid", $"{r.Mid}", "--heads", $"{r.SelfAttentionHeads}"]);
    }

    [PythonTorchFact]
    public void Macnn_Hybrid_quick_gives_the_twins_logits()
    {
        var config = NamedExperiments.Get("macnn/Hybrid", Profile.Quick);
        AssertTwinAgrees(config, ["macnn", "--width", $"{config.Model.Macnn!.Width}"]);
    }
}
