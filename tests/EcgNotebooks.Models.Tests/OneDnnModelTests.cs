using System.Runtime.InteropServices;
using EcgNotebooks.Engine;
using EcgNotebooks.Experiments;
using EcgNotebooks.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace EcgNotebooks.Models.Tests;

/// <summary>
/// A backbone that declares itself safe for oneDNN (channel counts multiples of 16) trains with it on: its float32
/// gradients must then still match float64 (ATen's kernels; oneDNN has no float64). The switch is process-wide, so
/// these run alone (<see cref="TorchState"/>).
/// </summary>
[Collection(TorchState.Name)]
public class OneDnnModelTests
{
    private static EcgClassifier Hannun(double width) =>
        new(new ModelConfig(BackboneKind.HannunResNet, new FusionOptions(), new ClassifierOptions(),
            HannunResNet: new HannunResNetOptions(WidthMultiplier: width)), 1, 1024, 0, 0);

    [Theory]
    [InlineData(1.0, true)]
    [InlineData(0.5, true)]
    [InlineData(0.25, false)]   // 8 channels: oneDNN's backward is wrong there (EngineTests)
    public void HannunResNet_is_oneDnn_safe_only_at_multiples_of_16_channels(double width, bool safe)
    {
        using var model = Hannun(width);
        Assert.Equal(safe, model.Backbone.OneDnnSafe);
    }

    [Fact]
    public void Unsafe_backbones_keep_oneDnn_off()
    {
        System.Runtime.CompilerServices.RuntimeHelpers.RunClassConstructor(typeof(Backbone).TypeHandle);
        using var model = new EcgClassifier(new ModelConfig(BackboneKind.ResUNet, new FusionOptions(), new ClassifierOptions()), 1, 256, 0, 0);
        var before = OneDnn.Enabled;
        using (OneDnn.EnableWhile(model.Backbone.OneDnnSafe)) Assert.Equal(before, OneDnn.Enabled);
    }

    /// <summary>
    /// Relative L2 error of each parameter's gradient (a ReLU network's float32 and float64 passes may differ at a few kinks,
    /// so the largest single element is no measure). Measured over 8 initialisations: ≤ 9e-4 at half width with oneDNN on
    /// or off alike; 0.05–0.27 in 5 of 8 at width ×0.25 (8 channels) with oneDNN forced on.
    /// </summary>
    [Fact]
    public void Half_width_Hannun_trains_with_oneDnn_and_its_gradients_match_float64()
    {
        manual_seed(5);
        using var model = Hannun(0.5);
        var switchable = OneDnn.Enabled == false && OperatingSystem.IsLinux() && RuntimeInformation.ProcessArchitecture == Architecture.X64;
        using (OneDnn.EnableWhile(model.Backbone.OneDnnSafe))
        {
            if (switchable) Assert.True(OneDnn.Enabled);
            using var scope = NewDisposeScope();
            model.eval();   // no dropout; batch norm on its running statistics, so both precisions see the same function
            var x = randn(8, 1, 1024);
            for (var call = 0; call < 3; call++)
            {
                var grads32 = Gradients(model, x, ScalarType.Float32);
                model.to(ScalarType.Float64);
                var grads64 = Gradients(model, x.to(ScalarType.Float64), ScalarType.Float64);
                model.to(ScalarType.Float32);
                foreach (var (name, g32) in grads32)
                {
                    var g64 = grads64[name];
                    var error = (g32.to(ScalarType.Float64) - g64).norm().item<double>() / Math.Max(g64.norm().item<double>(), 1e-12);
                    Assert.True(error < 5e-3, $"call {call}, {name}: gradient off by {error:G3} (relative L2) against float64");
                }
            }
        }
        if (switchable) Assert.False(OneDnn.Enabled);   // the scope puts the process back as it was
    }

    private static Dictionary<string, Tensor> Gradients(EcgClassifier model, Tensor x, ScalarType type)
    {
        model.zero_grad();
        var input = new ModelInput(x);
        var logits = model.call(input).Logits;
        (logits * logits).sum().backward();
        return model.named_parameters().Where(p => p.parameter.grad is not null).ToDictionary(p => p.name, p => p.parameter.grad!.detach().clone());
    }
}
