using System.Globalization;
using System.Text;
using CsvHelper;
using EcgNotebooks.Evaluation;

namespace EcgNotebooks.Results;

/// <summary>One cell: ours (percent, mean ± std over seeds) beside the paper's printed value (percent), if any.</summary>
public sealed record ResultCell(MeanStd Ours, double? Paper);

/// <summary>One table row and the seeds/profiles of the runs behind it (no runs: every cell is "–").</summary>
public sealed record ResultRow(
    string RowKey, string Label, string? PaperRow, IReadOnlyList<int> Seeds, IReadOnlyList<string> Profiles,
    IReadOnlyList<ResultCell> Cells);

/// <summary>A table ready to print: the spec, which checkpoint's metrics it shows, its rows and all notes.</summary>
public sealed record ResultTable(TableSpec Spec, string Checkpoint, IReadOnlyList<ResultRow> Rows, IReadOnlyList<string> Notes)
{
    public bool HasQuickRuns => Rows.Any(r => r.Profiles.Contains(Profiles.Quick));
}

/// <summary>
/// Builds the result tables from stored runs and writes them as results/tables/&lt;name&gt;.md and .csv
/// (&lt;name&gt;-last.* for the last-epoch checkpoint). Values are percent; ours are mean ± sample std over seeds.
/// </summary>
public static class TableWriter
{
    /// <summary>
    /// Writes every table of <see cref="ResultTables.All"/> from the store's completed runs (<see cref="RunSelection.ForTables"/>:
    /// no reduced runs, the latest per row and seed), and the five-class variant
    /// (<see cref="ResultTables.FiveClass"/>) of each table that has a five-class run; returns the files written.
    /// </summary>
    public static IReadOnlyList<string> WriteAll(RunStore store, string checkpoint = Checkpoints.Selected) =>
        WriteAll(RunSelection.ForTables(store.ListCompleted(), checkpoint).Chosen, store.TablesDirectory, checkpoint);

    /// <param name="tables">The four-class tables to write (default <see cref="ResultTables.All"/>), each with its five-class variant when it has a five-class run.</param>
    public static IReadOnlyList<string> WriteAll(IEnumerable<RunRecord> runs, string tablesDirectory, string checkpoint = Checkpoints.Selected,
        IReadOnlyList<TableSpec>? tables = null, string? profile = null)
    {
        var list = runs.ToList();
        tables ??= ResultTables.All;
        var fiveClass = tables.Select(ResultTables.FiveClass)
            .Where(spec => Build(spec, list, checkpoint).Rows.Any(r => r.Seeds.Count > 0));
        return tables.Concat(fiveClass).SelectMany(spec => Write(spec, list, tablesDirectory, checkpoint, profile)).ToList();
    }

    /// <summary>Writes one table as Markdown and CSV; returns both paths.</summary>
    /// <param name="profile">The runs' profile: "quick" (or null) writes &lt;name&gt;.md, any other &lt;name&gt;-&lt;profile&gt;.md, so no profile overwrites another's tables.</param>
    public static IReadOnlyList<string> Write(TableSpec spec, IEnumerable<RunRecord> runs, string tablesDirectory, string checkpoint = Checkpoints.Selected,
        string? profile = null)
    {
        var table = Build(spec, runs, checkpoint);
        var name = profile is null or Profiles.Quick ? spec.Name : $"{spec.Name}-{profile}";
        string stem = Path.Combine(tablesDirectory, checkpoint == Checkpoints.Selected ? name : $"{name}-{checkpoint}");
        AtomicFile.WriteAllText(stem + ".md", ToMarkdown(table));
        AtomicFile.WriteText(stem + ".csv", w => WriteCsv(table, w));
        return [stem + ".md", stem + ".csv"];
    }

    /// <summary>
    /// Groups runs by <see cref="RunRecord.RowKey"/> and summarises each declared row over its seeds. Only runs with the
    /// table's class count (<see cref="TableSpec.Classes"/>) count.
    /// Two runs of one row with the same seed are an error (mixed profiles or a duplicate): pass one set of runs.
    /// </summary>
    public static ResultTable Build(TableSpec spec, IEnumerable<RunRecord> runs, string checkpoint = Checkpoints.Selected)
    {
        var byRow = runs.Where(spec.Admits)
            .GroupBy(r => r.RowKey).ToDictionary(g => g.Key, g => g.ToList());
        foreach (var (rowKey, rowRuns) in byRow)
        {
            var duplicate = rowRuns.GroupBy(r => r.Seed).FirstOrDefault(g => g.Count() > 1);
            if (duplicate is not null)
                throw new InvalidOperationException(
                    $"Row {rowKey} has several runs with seed {duplicate.Key} ({string.Join(", ", duplicate.Select(r => r.RunId))}); " +
                    "pass one run per seed (e.g. filter by profile).");
        }

        var rowSpecs = spec.Rows ?? byRow.Keys.Order(StringComparer.Ordinal).Select(k => new TableRowSpec(k, k)).ToList();
        var seedMetrics = byRow.ToDictionary(kv => kv.Key, kv => kv.Value.ToDictionary(r => r.Seed, r => MetricsOf(r, checkpoint)));

        var rows = new List<ResultRow>();
        foreach (var rowSpec in rowSpecs)
        {
            var rowRuns = byRow.GetValueOrDefault(rowSpec.RowKey) ?? [];
            var perSeed = seedMetrics.GetValueOrDefault(rowSpec.RowKey) ?? new Dictionary<int, IReadOnlyDictionary<string, double>>();
            var cells = spec.Columns.Select(column =>
            {
                var values = column.DeltaFromRow is null
                    ? perSeed.Values.Select(m => Get(m, column.MetricKey))
                    : PairedDeltas(rowSpec.RowKey, column, perSeed, seedMetrics.GetValueOrDefault(column.DeltaFromRow));
                var ours = MeanStd.Of(values.Select(v => 100 * v));
                return new ResultCell(ours, spec.Paper?.Value(rowSpec.PaperRow, column.PaperKey));
            }).ToList();
            rows.Add(new ResultRow(
                rowSpec.RowKey, rowSpec.Label, rowSpec.PaperRow,
                rowRuns.Select(r => r.Seed).Order().ToList(),
                rowRuns.Select(r => r.Profile).Distinct().Order(StringComparer.Ordinal).ToList(),
                cells));
        }

        var notes = new List<string>();
        var table = new ResultTable(spec, checkpoint, rows, notes);
        if (table.HasQuickRuns) notes.Add(ResultTables.QuickProfileNote);
        notes.Add(checkpoint == Checkpoints.Selected
            ? "Checkpoint shown: the validation-selected one (rule per run in run.json, fixed before training)."
            : $"Checkpoint shown: \"{checkpoint}\".");
        var missing = rows.Where(r => r.Seeds.Count == 0).Select(r => r.RowKey).ToList();
        if (missing.Count > 0) notes.Add($"Not run yet (shown as \"–\"): {string.Join(", ", missing)}.");
        if (spec.Classes > 4) notes.Add(QNote(byRow.Values.SelectMany(r => r), checkpoint));
        notes.AddRange(spec.Notes);
        notes.AddRange(ResultTables.ProtocolDifferencesFor(spec.Classes));
        return table;
    }

    public static string ToMarkdown(ResultTable table)
    {
        var spec = table.Spec;
        bool hasPaper = spec.Paper is not null;
        var sb = new StringBuilder();
        sb.Append("# ").AppendLine(spec.Title).AppendLine();
        if (table.HasQuickRuns) sb.Append("> **").Append(ResultTables.QuickProfileNote).AppendLine("**").AppendLine();
        if (hasPaper) sb.Append("Paper values: ").Append(spec.Paper!.Source).AppendLine(".").AppendLine();

        sb.Append("| Row | n | ");
        foreach (var c in spec.Columns)
            sb.Append(c.Header).Append(hasPaper ? $" ours | {c.Header} paper | " : " | ");
        sb.AppendLine();
        sb.Append("|---|---:|").Append(string.Concat(Enumerable.Repeat(hasPaper ? "---:|---:|" : "---:|", spec.Columns.Count))).AppendLine();
        foreach (var row in table.Rows)
        {
            string label = row.PaperRow is null || !hasPaper ? row.Label : $"{row.Label} ↔ paper \"{row.PaperRow}\"";
            string profile = row.Profiles.Count == 0 ? "" : $" [{string.Join(", ", row.Profiles)}]";
            sb.Append("| ").Append(Escape(label)).Append(profile).Append(" | ").Append(row.Seeds.Count).Append(" | ");
            for (int i = 0; i < row.Cells.Count; i++)
            {
                var cell = row.Cells[i];
                bool delta = spec.Columns[i].DeltaFromRow is not null;
                sb.Append(cell.Ours.Count == 0 ? "–" : cell.Ours.Format(2, scale: 1, signed: delta)).Append(" | ");
                if (hasPaper) sb.Append(cell.Paper is { } p ? Fixed(p, delta) : "–").Append(" | ");
            }
            sb.AppendLine();
        }
        sb.AppendLine().AppendLine("## Notes").AppendLine();
        foreach (var note in table.Notes) sb.Append("- ").AppendLine(note);
        return sb.ToString();
    }

    /// <summary>
    /// CSV: row_key, label, paper_row, profiles, n, seeds (';'-separated), then &lt;stem&gt;_mean, &lt;stem&gt;_std and
    /// &lt;stem&gt;_paper per column (percent; empty when undefined or absent).
    /// </summary>
    public static void WriteCsv(ResultTable table, TextWriter writer)
    {
        using var csv = new CsvWriter(writer, CultureInfo.InvariantCulture, leaveOpen: true);
        foreach (var h in new[] { "row_key", "label", "paper_row", "profiles", "n", "seeds" }) csv.WriteField(h);
        foreach (var c in table.Spec.Columns)
        {
            csv.WriteField(c.CsvStem + "_mean");
            csv.WriteField(c.CsvStem + "_std");
            csv.WriteField(c.CsvStem + "_paper");
        }
        csv.NextRecord();
        foreach (var row in table.Rows)
        {
            csv.WriteField(row.RowKey);
            csv.WriteField(row.Label);
            csv.WriteField(row.PaperRow ?? "");
            csv.WriteField(string.Join(";", row.Profiles));
            csv.WriteField(row.Seeds.Count.ToString(CultureInfo.InvariantCulture));
            csv.WriteField(string.Join(";", row.Seeds));
            foreach (var cell in row.Cells)
            {
                csv.WriteField(Number(cell.Ours.Mean));
                csv.WriteField(Number(cell.Ours.Std));
                csv.WriteField(cell.Paper is { } p ? Number(p) : "");
            }
            csv.NextRecord();
        }
    }

    /// <summary>How many DS2 beats Q's numbers rest on (the same beat set for every run, so one count).</summary>
    private static string QNote(IEnumerable<RunRecord> runs, string checkpoint)
    {
        var counts = runs.Select(r => MetricsOf(r, checkpoint).TryGetValue(MetricKeys.Of("Q", "support"), out var n) ? (long)n : 0)
            .Distinct().Order().ToList();
        string beats = counts.Count == 0 ? "few" : string.Join(" or ", counts);
        return $"Q has {beats} DS2 beats: its per-class numbers rest on few beats.";
    }

    private static IReadOnlyDictionary<string, double> MetricsOf(RunRecord run, string checkpoint) =>
        run.TestMetrics.TryGetValue(checkpoint, out var report)
            ? report.ToMetricDictionary()
            : throw new InvalidOperationException(
                $"Run {run.RunId} has no \"{checkpoint}\" test metrics (has: {string.Join(", ", run.TestMetrics.Keys)}).");

    private static double Get(IReadOnlyDictionary<string, double> metrics, string key) =>
        metrics.TryGetValue(key, out var v) ? v : double.NaN;

    private static IEnumerable<double> PairedDeltas(
        string rowKey, TableColumnSpec column, IReadOnlyDictionary<int, IReadOnlyDictionary<string, double>> row,
        Dictionary<int, IReadOnlyDictionary<string, double>>? reference)
    {
        if (reference is null || rowKey == column.DeltaFromRow) return [];
        return row.Keys.Where(reference.ContainsKey).Order()
            .Select(seed => Get(row[seed], column.MetricKey) - Get(reference[seed], column.MetricKey));
    }

    private static string Fixed(double value, bool signed) =>
        signed ? MeanStd.FormatSigned(value) : value.ToString("0.00", CultureInfo.InvariantCulture);

    private static string Number(double value) =>
        double.IsNaN(value) ? "" : value.ToString("0.####", CultureInfo.InvariantCulture);

    private static string Escape(string text) => text.Replace("|", "\\|");
}
