using EcgNotebooks.Data;

namespace EcgNotebooks.Data.Tests;

public class KachueeTests
{
    private static readonly string[] Few = ["100", "102", "114", "208"];
    private static readonly Lazy<KachueeDataset> FewBuilt = new(() => KachueeBuilder.Build(TestData.Source, Few));

    [Fact]
    public void Counts_of_all_48_records_equal_the_papers()
    {
        // Annotations only (no signal): the beat list Build makes.
        var ours = KachueeBuilder.Count(TestData.Source, MitBih.AllRecords);
        var paper = KachueeDataset.PaperCounts;
        Assert.Equal(109446, paper.Total);
        foreach (var c in Enum.GetValues<AamiClass>())
            Assert.InRange(ours[c], paper[c] * 0.99, paper[c] * 1.01);
        // Today they are identical: every AAMI beat of the 48 records but each record's last.
        Assert.Equal(paper.AsList(), ours.AsList());
        var all = KachueeBuilder.Count(TestData.Source, MitBih.AllRecords, KachueeOptions.Default with { DropLastBeatOfRecord = false });
        Assert.Equal(109446 + 48, all.Total);
    }

    [Fact]
    public void Beats_are_187_samples_in_0_1_then_zeros_and_match_the_beat_list()
    {
        var ds = FewBuilt.Value;
        Assert.Equal([ds.Count, 187], ds.Shape);
        var (records, samples, labels) = KachueeBuilder.BeatList(TestData.Source, Few);
        Assert.Equal(records, ds.Records);
        Assert.Equal(samples, ds.RSamples);
        Assert.Equal(labels, ds.Labels);
        for (int i = 0; i < ds.Count; i++)
        {
            var b = ds.Beat(i);
            int n = ds.ValidLengths[i];
            Assert.InRange(n, 1, 187);
            Assert.InRange(ds.FullLengths[i], n, 187);
            for (int t = 0; t < 187; t++)
            {
                if (t < n) Assert.InRange(b[t], 0f, 1f);
                else Assert.Equal(0f, b[t]);
            }
        }
        // 1.2 × a median RR at 125 Hz: about 0.8–1.1 s for these records.
        Assert.InRange(ds.ValidLengths.Average(), 80, 140);
        Assert.Equal("MLII", ds.LeadOfRecord["114"]);
        Assert.Equal("V5", ds.LeadOfRecord["102"]); // no MLII in 102 and 104
        // The beat starts at the R peak: in record 100 (upright MLII R waves) it is near the window's maximum.
        var first100 = Enumerable.Range(0, ds.Count).Where(i => ds.Records[i] == "100").ToArray();
        Assert.True(first100.Average(i => ds.Beat(i)[0]) > 0.7, "R peaks of record 100 are near the top of their windows");
    }

    [Fact]
    public void Build_is_deterministic_and_the_cache_returns_the_same_data()
    {
        // One record, built alone and single-threaded, equals its rows of the four-record build.
        var a = FewBuilt.Value;
        var rows = a.IndicesOf(["114"]);
        var b = KachueeBuilder.Build(TestData.Source, ["114"], maxParallelism: 1);
        Assert.Equal(a.Subset(rows).Beats, b.Beats);
        Assert.Equal(a.Subset(rows).Labels, b.Labels);
        using var dir = new TempDir();
        var cache = new DatasetCache(dir.Path);
        var first = KachueeBuilder.Load(source: TestData.Source, records: ["114"], cache: cache);
        Assert.Single(Directory.GetFiles(dir.Path, "kachuee-*.bin"));
        var second = KachueeBuilder.Load(source: TestData.Source, records: ["114"], cache: cache);
        Assert.Equal(b.Beats, second.Beats);
        Assert.Equal(first.Records, second.Records);
        Assert.Equal(first.RSamples, second.RSamples);
        Assert.Equal(first.ValidLengths, second.ValidLengths);
        Assert.Equal(first.FullLengths, second.FullLengths);
        Assert.Equal(first.LeadOfRecord, second.LeadOfRecord);
        // A damaged cache file is rebuilt, not trusted.
        var file = Directory.GetFiles(dir.Path, "kachuee-*.bin")[0];
        using (var f = new FileStream(file, FileMode.Open)) f.SetLength(f.Length / 2);
        Assert.Equal(b.Beats, KachueeBuilder.Load(source: TestData.Source, records: ["114"], cache: cache).Beats);
    }

    [Fact]
    public void Inter_patient_split_keeps_patients_apart_and_leaves_out_the_paced_records()
    {
        var ds = FewBuilt.Value;
        var (ds1, ds2) = ds.InterPatient();
        Assert.Equal(["114", "208"], ds1.Records.Distinct().Order());
        Assert.Equal(["100"], ds2.Records.Distinct());
        Assert.Empty(ds1.Records.Intersect(ds2.Records));
        Assert.DoesNotContain("102", ds1.Records.Concat(ds2.Records));
        Assert.Equal(ds.IndicesOf(["114", "208"]).Length, ds1.Count);
    }

    [Fact]
    public void Stored_intra_patient_split_is_8_1_1_stratified_over_every_beat()
    {
        var (records, samples, labels) = KachueeBuilder.BeatList(TestData.Source, MitBih.AllRecords);
        var split = StoredSplits.Kachuee();
        Assert.Equal(StoredSplits.BeatsSha256(records, samples, labels), split.BeatsSha256);
        Assert.Equal(48, split.ByRecord.Count);
        var parts = new List<SplitPart>();
        foreach (var r in MitBih.AllRecords) parts.AddRange(split.ByRecord[r]);
        Assert.Equal(labels.Length, parts.Count);
        for (int c = 0; c < 5; c++)
        {
            int n = labels.Count(l => l == c);
            int train = Enumerable.Range(0, labels.Length).Count(i => labels[i] == c && parts[i] == SplitPart.Train);
            int test = Enumerable.Range(0, labels.Length).Count(i => labels[i] == c && parts[i] == SplitPart.Test);
            Assert.InRange(train, 0.8 * n - 1, 0.8 * n + 1);
            Assert.InRange(test, 0.1 * n - 1, 0.1 * n + 1);
        }
        // A data set built from other records is refused, not silently mis-split.
        Assert.Throws<InvalidDataFileException>(() => FewBuilt.Value.IntraPatientParts());
    }
}
