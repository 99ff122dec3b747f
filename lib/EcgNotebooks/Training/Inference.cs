using EcgNotebooks.Engine;
using EcgNotebooks.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace EcgNotebooks.Training;

/// <summary>
/// Class probabilities for a split, row-major [beat, class], with arg-max labels and optional attention. For a
/// multi-label model (<see cref="BeatTensors.MultiLabel"/>) each column is that label's own sigmoid probability.
/// </summary>
/// <param name="Attention">Row-major [beat, token] RR-query attention weights, when asked for and the head has them.</param>
public sealed record Predictions(float[] Probabilities, int[] Predicted, int Classes, float[]? Attention, int Tokens)
{
    public ReadOnlySpan<float> Row(int beat) => Probabilities.AsSpan(beat * Classes, Classes);
}

public static class Inference
{
    /// <summary>
    /// Runs the model in eval mode without gradients, batch by batch; restores the previous mode.
    /// </summary>
    /// <param name="afterBatch">Called with the number of beats scored so far after every batch (progress; it may throw to stop).</param>
    public static Predictions Predict(EcgClassifier model, BeatTensors data, int batchSize = 2048, bool keepAttention = false,
        Action<int>? afterBatch = null)
    {
        var wasTraining = model.training;
        model.eval();
        try
        {
            using var noGrad = torch.no_grad();
            var classes = model.Config.Classes;
            var probabilities = new float[data.Count * classes];
            List<float>? attention = keepAttention ? new() : null;
            var tokens = 0;
            for (var start = 0; start < data.Count; start += batchSize)
            {
                using var scalars = ScalarLifetime.Protect();
                using var scope = torch.NewDisposeScope();
                var length = Math.Min(batchSize, data.Count - start);
                var index = torch.arange(start, start + length, 1, ScalarType.Int64, device: data.Labels.device);
                var output = model.call(data.Batch(index));
                var probability = data.MultiLabel ? output.Logits.sigmoid() : output.Logits.softmax(1);
                probability.to(ScalarType.Float32).cpu().data<float>().CopyTo(probabilities.AsSpan(start * classes, length * classes));
                if (attention is not null && output.Attention is { } w)
                {
                    tokens = (int)w.size(-1);
                    attention.AddRange(w.to(ScalarType.Float32).cpu().data<float>());
                }
                afterBatch?.Invoke(start + length);
            }
            var predicted = Evaluation.ClassificationReport.ArgMax(probabilities, classes);
            return new Predictions(probabilities, predicted, classes, attention?.ToArray(), tokens);
        }
        finally
        {
            model.train(wasTraining);
        }
    }
}
