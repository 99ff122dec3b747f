using EcgNotebooks.Experiments;

namespace EcgNotebooks.Training;

/// <summary>
/// The papers' schedules as pure functions of (epoch, optimiser step): the learning rate is set
/// before every step, so a resumed run needs no scheduler state to continue exactly.
/// </summary>
public static class LearningRateSchedule
{
    /// <param name="epoch">0-based epoch.</param>
    /// <param name="step">0-based optimiser step over the whole run.</param>
    public static double At(TrainingConfig config, int epoch, long step) => config.Schedule switch
    {
        ScheduleKind.Constant => config.LearningRate,
        // PyTorch StepLR stepped once per epoch.
        ScheduleKind.StepEpochs => config.LearningRate * Math.Pow(config.Gamma, epoch / Math.Max(1, config.StepEpochs)),
        // LambdaLR per iteration: lr·γ^(step/every) (MACNN: 0.99^(step/200)).
        ScheduleKind.ExponentialPerIteration => config.LearningRate * Math.Pow(config.Gamma, (double)step / Math.Max(1, config.Every)),
        // Vaswani: min(s^-0.5, s·w^-1.5), normalised so that its peak (s = w) is the configured lr.
        ScheduleKind.Noam => config.LearningRate * Math.Sqrt(config.WarmupSteps)
                             * Math.Min(1.0 / Math.Sqrt(step + 1), (step + 1) * Math.Pow(config.WarmupSteps, -1.5)),
        _ => throw new ArgumentOutOfRangeException(nameof(config), config.Schedule, "unknown schedule"),
    };
}
