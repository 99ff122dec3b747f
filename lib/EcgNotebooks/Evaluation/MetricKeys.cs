namespace EcgNotebooks.Evaluation;

/// <summary>
/// Names of scalar metrics, used wherever metrics travel as a dictionary (per-epoch validation metrics,
/// seed summaries, table columns). Per-class keys are "&lt;class&gt;.&lt;metric&gt;", e.g. "S.f1";
/// averages are "macro.&lt;metric&gt;" and "weighted.&lt;metric&gt;", e.g. "macro.auprc".
/// </summary>
public static class MetricKeys
{
    public const string OverallAccuracy = "oa";
    /// <summary>The paper's "Acc": mean one-vs-rest accuracy over the classes (= macro.acc).</summary>
    public const string PaperAcc = "paper_acc";

    public const string Sensitivity = "se";
    public const string Precision = "pr";
    public const string Specificity = "sp";
    public const string F1 = "f1";
    public const string Accuracy = "acc";
    public const string Auroc = "auroc";
    public const string Auprc = "auprc";

    public const string Macro = "macro";
    public const string Weighted = "weighted";
    /// <summary>Macro over N, S, V, F only, in a report with more classes (five: the Q class left out of the average).</summary>
    public const string MacroNsvf = "macro_nsvf";

    public static readonly IReadOnlyList<string> PerClassMetrics =
        [Sensitivity, Precision, Specificity, F1, Accuracy, Auroc, Auprc];

    public static string Of(string scope, string metric) => $"{scope}.{metric}";

    /// <summary>Adds "&lt;scope&gt;.se" … "&lt;scope&gt;.auprc" of <paramref name="m"/> to a metric dictionary.</summary>
    public static void AddScope(IDictionary<string, double> d, string scope, AveragedMetrics m)
    {
        d[Of(scope, Sensitivity)] = m.Sensitivity;
        d[Of(scope, Precision)] = m.Precision;
        d[Of(scope, Specificity)] = m.Specificity;
        d[Of(scope, F1)] = m.F1;
        d[Of(scope, Accuracy)] = m.Accuracy;
        d[Of(scope, Auroc)] = m.Auroc;
        d[Of(scope, Auprc)] = m.Auprc;
    }

    /// <summary>Adds every class's metrics under its name, and its support ("&lt;class&gt;.support").</summary>
    public static void AddClasses(IDictionary<string, double> d, IEnumerable<ClassMetrics> classes)
    {
        foreach (var m in classes)
        {
            AddScope(d, m.Name, new AveragedMetrics(m.Sensitivity, m.Precision, m.Specificity, m.F1, m.Accuracy, m.Auroc, m.Auprc));
            d[Of(m.Name, "support")] = m.Support;
        }
    }
    public static string MacroOf(string metric) => Of(Macro, metric);
    public static string WeightedOf(string metric) => Of(Weighted, metric);
    public static string ClassOf(string className, string metric) => Of(className, metric);
}

/// <summary>AAMI class names in the order of the label ids the pipeline uses (N0, S1, V2, F3, Q4).</summary>
public static class AamiClasses
{
    public static readonly IReadOnlyList<string> Four = ["N", "S", "V", "F"];
    public static readonly IReadOnlyList<string> Five = ["N", "S", "V", "F", "Q"];

    /// <summary>The class names of a 4-class (N, S, V, F) or 5-class (N, S, V, F, Q) model.</summary>
    public static IReadOnlyList<string> For(int count) => count switch
    {
        4 => Four,
        5 => Five,
        _ => throw new ArgumentOutOfRangeException(nameof(count), count, "the AAMI classes are 4 (N, S, V, F) or 5 (N, S, V, F, Q)"),
    };
}
