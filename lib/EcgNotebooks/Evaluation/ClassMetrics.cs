namespace EcgNotebooks.Evaluation;

/// <summary>
/// One-vs-rest metrics of one class, all as fractions in [0, 1].
/// Sensitivity (Se, recall) = TP/(TP+FN); Precision (+P, PPV) = TP/(TP+FP); Specificity (Sp) = TN/(TN+FP);
/// F1 = 2·Pr·Se/(Pr+Se); Accuracy = (TP+TN)/N (one-vs-rest, the per-class term of the paper's "Acc").
/// A ratio whose denominator is 0 is 0 (sklearn's zero_division = 0, the reference code's rule for Pr);
/// F1 is 0 when Pr + Se = 0. Auroc/Auprc are NaN when the class is absent from the truth.
/// </summary>
public sealed record ClassMetrics(
    string Name,
    long Support,
    long TruePositives,
    long FalsePositives,
    long FalseNegatives,
    long TrueNegatives,
    double Sensitivity,
    double Precision,
    double Specificity,
    double F1,
    double Accuracy,
    double Auroc,
    double Auprc);

/// <summary>
/// An average of <see cref="ClassMetrics"/> over classes: either macro (unweighted mean) or weighted by
/// class support, as in the paper's "Macro" and "Weighted" columns. NaN entries (Auroc/Auprc of an absent
/// class) are left out of the mean; the value is NaN only when every class is NaN.
/// </summary>
public sealed record AveragedMetrics(
    double Sensitivity,
    double Precision,
    double Specificity,
    double F1,
    double Accuracy,
    double Auroc,
    double Auprc);
