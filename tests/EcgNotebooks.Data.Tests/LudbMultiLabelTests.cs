using EcgNotebooks.Data;

namespace EcgNotebooks.Data.Tests;

public class LudbMultiLabelTests
{
    internal static readonly Lazy<LudbMultiLabelDataset> Data = new(() => LudbMultiLabel.Load(new Ludb(TestData.LudbDir)));

    [Fact]
    public void Eight_leads_age_sex_and_labels_of_all_200_records()
    {
        var ds = Data.Value;
        Assert.Equal([200, 8, 5000], ds.SignalShape);
        Assert.Equal(200 * 8 * 5000, ds.Signals.Length);
        Assert.Equal(["i", "ii", "v1", "v2", "v3", "v4", "v5", "v6"], LudbMultiLabelDataset.LeadNames);
        Assert.Equal((1, 51, Sex.Female), (ds.RecordIds[0], ds.Ages[0]!.Value, ds.Sexes[0]!.Value));
        Assert.All(ds.Ages, a => Assert.InRange(a!.Value, 11, 90));
        Assert.Equal(115, ds.Sexes.Count(s => s == Sex.Male));
        // Same samples as the 12-lead reader, lead by lead.
        var r = new Ludb(TestData.LudbDir).ReadRecord(ds.RecordIds[7]);
        for (int j = 0; j < 8; j++)
            Assert.Equal(r.Signals[Ludb.LeadNames.ToList().IndexOf(LudbMultiLabelDataset.LeadNames[j])], ds.Signal(7).Slice(j * 5000, 5000).ToArray());

        Assert.Equal(19, ds.LabelCount);
        Assert.Equal(["Rhythm: Sinus rhythm", "Rhythm: Sinus bradycardia", "Rhythm: Atrial fibrillation"], ds.Labels.Take(3));
        Assert.All(ds.LabelCounts, c => Assert.True(c >= 10));
        Assert.Equal(143, ds.LabelCounts[0]);
        for (int l = 0; l < ds.LabelCount; l++)
            Assert.Equal(ds.LabelCounts[l], Enumerable.Range(0, ds.Count).Count(i => ds.Target(i)[l] == 1));
        // Exactly one rhythm statement per record.
        Assert.All(ds.Statements, s => Assert.Single(s, x => x.StartsWith("Rhythm:", StringComparison.Ordinal)));
        int first = 0;
        Assert.Contains("Rhythm: Sinus bradycardia", ds.Statements[first]);
        Assert.Contains("Non-specific repolarization abnormalities: posterior wall", ds.Statements[first]);
        Assert.Equal(1, ds.Target(first)[ds.Labels.ToList().IndexOf("Non-specific repolarization abnormalities")]);
    }

    [Theory]
    [InlineData("Rhythm: Sinus rhythm", "Rhythm: Sinus rhythm")]
    [InlineData("Electric axis of the heart: left axis deviation", "Electric axis of the heart: left axis deviation")]
    [InlineData("Ischemia: inferior wall", "Ischemia")]
    [InlineData("Ventricular extrasystole, type: single PVC", "Ventricular extrasystole")]
    [InlineData("Left ventricular hypertrophy", "Left ventricular hypertrophy")]
    public void Grouping_keeps_rhythm_and_axis_and_cuts_locations(string statement, string label) =>
        Assert.Equal(label, LudbMultiLabel.LabelOf(statement, LudbLabelGrouping.Grouped));

    [Fact]
    public void Stored_folds_are_patient_level_stratified_and_what_the_generator_makes()
    {
        var ds = Data.Value;
        Assert.Equal(200, StoredSplits.Ludb().ById.Count);
        var sizes = Enumerable.Range(0, 5).Select(f => ds.Folds.Count(x => x == f)).ToArray();
        Assert.All(sizes, s => Assert.InRange(s, 38, 42));
        for (int f = 0; f < 5; f++)
        {
            var (train, test) = ds.FoldSplit(f);
            Assert.Equal(200, train.Length + test.Length);
            Assert.Empty(train.Select(i => ds.RecordIds[i]).Intersect(test.Select(i => ds.RecordIds[i])));
            // Every label has positives in every test fold.
            for (int l = 0; l < ds.LabelCount; l++)
                Assert.Contains(test, i => ds.Target(i)[l] == 1);
        }
        var stored = StoredSplits.ReadText(StoredSplits.LudbFileName).Text;
        Assert.Equal(stored, StoredSplits.FormatLudb(ds.RecordIds, ds.Targets, ds.Labels));
        var sub = ds.Subset(ds.FoldSplit(2).Test);
        Assert.All(sub.Folds, f => Assert.Equal(2, f));
        Assert.Equal(sub.Count * 8 * 5000, sub.Signals.Length);
    }

    [Fact]
    public void A_header_without_diagnoses_is_a_typed_error_naming_the_file()
    {
        var path = Path.Combine(TestData.LudbDir, "data", "1.hea");
        var text = File.ReadAllText(path);
        var header = WfdbHeader.Parse(text.Replace("#<diagnoses>:", "#<notes>:"), path);
        Assert.Equal(path, Assert.Throws<InvalidDataFileException>(() => LudbMultiLabel.Statements(header, path)).FilePath);
        var noRhythm = WfdbHeader.Parse(text.Replace("#Rhythm: Sinus bradycardia.", ""), path);
        Assert.Contains("Rhythm", Assert.Throws<InvalidDataFileException>(() => LudbMultiLabel.Statements(noRhythm, path)).Message);
    }
}
