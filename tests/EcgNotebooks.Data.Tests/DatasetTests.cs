using EcgNotebooks.Data;

namespace EcgNotebooks.Data.Tests;

public class DatasetTests
{
    private static void AssertSame(BeatDataset a, BeatDataset b)
    {
        Assert.Equal(a.BeatShape, b.BeatShape);
        Assert.Equal(a.Beats, b.Beats);
        Assert.Equal(a.Labels, b.Labels);
        Assert.Equal(a.Rr, b.Rr);
        Assert.Equal(a.RrFeatureNames, b.RrFeatureNames);
        Assert.Equal(a.Records, b.Records);
        Assert.Equal(a.RSamples, b.RSamples);
        Assert.Equal(a.Ages, b.Ages);
        Assert.Equal(a.Sexes, b.Sexes);
        Assert.Equal((a.Length, a.RIndex, a.SampleRate), (b.Length, b.RIndex, b.SampleRate));
        Assert.Equal(a.PerRecord.Select(r => (r.Record, r.Annotated.ToString(), r.Kept.ToString(), r.DroppedAtEdges.ToString())),
                     b.PerRecord.Select(r => (r.Record, r.Annotated.ToString(), r.Kept.ToString(), r.DroppedAtEdges.ToString())));
    }

    [Fact]
    public void Paper_profile_dataset_has_the_documented_shape()
    {
        var ds = BeatDatasetBuilder.Build(TestData.Source, ["100", "114"], BeatDatasetOptions.Paper);
        Assert.Equal([ds.Count, 1, 720], ds.BeatShape);
        Assert.Equal(ds.Count * 720, ds.Beats.Length);
        Assert.Equal([ds.Count, 7], ds.RrShape);
        Assert.Equal(["N", "S", "V", "F"], ds.ClassNames);
        Assert.All(Enumerable.Range(0, ds.Count), i =>
        {
            var b = ds.Beat(i);
            double mean = 0; foreach (var v in b) mean += v;
            Assert.InRange(mean / b.Length, -1e-3, 1e-3);
        });
        Assert.DoesNotContain(ds.Beats, float.IsNaN);
        Assert.DoesNotContain(ds.Rr, float.IsNaN);
    }

    [Fact]
    public void Resampled_multi_option_dataset_is_consistent()
    {
        var options = BeatDatasetOptions.Recommended with
        {
            TargetSampleRate = 128, Window = new BeatWindow(0.5, 0.5, WindowUnit.Seconds), Normalisation = BeatNormalisation.MinMax,
            RrFeatures = RrFeatureSet.PaperTable1 | RrFeatureSet.EarlyFusionRatios, Classes = 5, Edge = EdgePolicy.Pad,
        };
        var ds = BeatDatasetBuilder.Build(TestData.Source, ["208", "232"], options);
        Assert.Equal((64, 128, 128.0), (ds.RIndex, ds.Length, ds.SampleRate));
        Assert.Equal(9, ds.RrFeatureCount);
        Assert.InRange(ds.Beats.Min(), -1e-6f, 1e-6f);
        Assert.InRange(ds.Beats.Max(), 1 - 1e-5f, 1 + 1e-5f);
        Assert.Contains(4, ds.Labels); // 208 has Q beats
        Assert.Equal(ds.PerRecord.Sum(r => r.Annotated.Total), ds.Count);
        Assert.Equal(23, ds.Ages[Array.IndexOf(ds.Records, "208")]);
        Assert.Equal(Sex.Female, ds.Sexes[Array.IndexOf(ds.Records, "208")]);
    }

    [Fact]
    public void Cache_round_trips_and_never_returns_a_stale_dataset()
    {
        using var dir = new TempDir();
        var cache = new DatasetCache(dir.Path);
        string[] records = ["101", "106"];
        var options = BeatDatasetOptions.Paper with { Window = new BeatWindow(90, 90) };
        var built = BeatDatasetBuilder.Load(TestData.Source, records, options, cache);
        var key = DatasetCache.Key(TestData.Source, records, options);
        Assert.True(File.Exists(cache.PathFor(key)));
        Assert.Single(Directory.GetFiles(dir.Path)); // no temp files left behind
        var loaded = cache.TryLoad(key, options)!;
        AssertSame(built, loaded);
        AssertSame(built, BeatDatasetBuilder.Load(TestData.Source, records, options, cache));

        // Any changed setting or record list is a different key.
        var changed = options with { Normalisation = BeatNormalisation.MinMax };
        Assert.NotEqual(key, DatasetCache.Key(TestData.Source, records, changed));
        Assert.NotEqual(key, DatasetCache.Key(TestData.Source, ["101"], options));
        var other = BeatDatasetBuilder.Load(TestData.Source, records, changed, cache);
        Assert.NotEqual(built.Beats, other.Beats);
        // A file with another key's content is never accepted under this key.
        File.Copy(cache.PathFor(key), cache.PathFor(DatasetCache.Key(TestData.Source, records, changed)), overwrite: true);
        Assert.Null(cache.TryLoad(DatasetCache.Key(TestData.Source, records, changed), changed));
        // A damaged file is rebuilt, not trusted.
        using (var f = new FileStream(cache.PathFor(key), FileMode.Open)) f.SetLength(f.Length - 10);
        Assert.Null(cache.TryLoad(key, options));
        AssertSame(built, BeatDatasetBuilder.Load(TestData.Source, records, options, cache));
    }

    [Fact]
    public void Changed_source_file_changes_the_cache_key()
    {
        using var dir = new TempDir();
        dir.CopyRecord("100");
        var src = new WfdbDirectorySource(dir.Path);
        var key = DatasetCache.Key(src, ["100"], BeatDatasetOptions.Paper);
        File.SetLastWriteTimeUtc(dir.File("100.atr"), DateTime.UtcNow.AddMinutes(-5));
        Assert.NotEqual(key, DatasetCache.Key(src, ["100"], BeatDatasetOptions.Paper));
    }

    [Fact]
    public void Dataset_from_a_pack_equals_the_dataset_from_the_WFDB_files()
    {
        using var dir = new TempDir();
        var records = MitBih.DS1AndDS2;
        var pack = dir.File("mitdb.pack");
        MitBihPack.Write(pack, TestData.Source, records);
        Assert.InRange(new FileInfo(pack).Length, 1, 16L << 20); // the GPU bundle carries it: well under 20 MiB
        var source = MitBih.Open(pack);
        Assert.IsType<MitBihPack>(source);
        Assert.Equal(records, source.Records);
        // Raw windows (no filter) compare the decoded samples exactly; the paper profile on a few records checks the rest.
        var raw = TestData.CountsOnly() with { RrFeatures = RrFeatureSet.PaperTable1 | RrFeatureSet.EarlyFusionRatios };
        AssertSame(BeatDatasetBuilder.Build(TestData.Source, records, raw), BeatDatasetBuilder.Build(source, records, raw));
        string[] few = ["100", "114", "208"];
        AssertSame(BeatDatasetBuilder.Build(TestData.Source, few, BeatDatasetOptions.Paper), BeatDatasetBuilder.Build(source, few, BeatDatasetOptions.Paper));
        Assert.Equal(TestData.Source.ReadAnnotations("208"), source.ReadAnnotations("208"));
        Assert.Equal(TestData.Source.ReadHeader("114").Signals, source.ReadHeader("114").Signals);
        Assert.Throws<LeadNotFoundException>(() => source.ReadLeads("100", ["V5"]));
        Assert.Throws<DataFileMissingException>(() => source.ReadHeader("102"));

        var broken = dir.File("broken.pack");
        var bytes = File.ReadAllBytes(pack);
        File.WriteAllBytes(broken, bytes.AsSpan(0, bytes.Length - 5000).ToArray());
        Assert.Throws<InvalidDataFileException>(() => MitBihPack.Open(broken));
        bytes[bytes.Length - 100] ^= 0xFF;
        File.WriteAllBytes(broken, bytes);
        var damaged = MitBihPack.Open(broken);
        Assert.ThrowsAny<EcgDataException>(() => damaged.ReadLeads(records[^1], ["MLII"]));
    }
}
