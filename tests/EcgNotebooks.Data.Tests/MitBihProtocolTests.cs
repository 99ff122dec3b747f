using EcgNotebooks.Data;

namespace EcgNotebooks.Data.Tests;

public class MitBihProtocolTests
{
    [Fact]
    public void Splits_are_the_inter_patient_lists()
    {
        Assert.Equal(22, MitBih.DS1.Count);
        Assert.Equal(22, MitBih.DS2.Count);
        Assert.Empty(MitBih.DS1.Intersect(MitBih.DS2));
        Assert.Empty(MitBih.Paced.Intersect(MitBih.DS1AndDS2));
        Assert.Equal(["114", "124", "205", "207", "220"], MitBih.ValidationRecords);
        Assert.Equal(17, MitBih.TrainRecords.Count);
        Assert.Empty(MitBih.TrainRecords.Intersect(MitBih.ValidationRecords));
        Assert.Equal(MitBih.DS1.Order(), MitBih.TrainRecords.Concat(MitBih.ValidationRecords).Order());
        Assert.Equal(File.ReadAllLines(Path.Combine(TestData.MitDb, "RECORDS")).Where(l => l.Length > 0), MitBih.AllRecords);
    }

    [Fact]
    public void Aami_mapping_covers_exactly_the_listed_symbols()
    {
        var expected = new Dictionary<string, AamiClass>
        {
            ["N"] = AamiClass.N, ["L"] = AamiClass.N, ["R"] = AamiClass.N, ["e"] = AamiClass.N, ["j"] = AamiClass.N,
            ["A"] = AamiClass.S, ["a"] = AamiClass.S, ["J"] = AamiClass.S, ["S"] = AamiClass.S,
            ["V"] = AamiClass.V, ["E"] = AamiClass.V, ["F"] = AamiClass.F, ["/"] = AamiClass.Q, ["f"] = AamiClass.Q, ["Q"] = AamiClass.Q,
        };
        for (byte code = 0; code <= AnnotationCodes.MaxCode; code++)
        {
            var symbol = AnnotationCodes.Symbol(code);
            Assert.Equal(expected.TryGetValue(symbol, out var c) ? c : null, MitBih.ToAami(code));
        }
        foreach (var notBeat in new[] { "+", "~", "|", "x", "!", "[", "]", "\"" }) Assert.Null(MitBih.ToAami(notBeat));
    }

    [Theory]
    [InlineData("DS1", 45866, 944, 3788, 415, 8)]
    [InlineData("DS2", 44259, 1837, 3221, 388, 7)]
    public void Aami_counts_before_edge_dropping_match_the_protocol(string split, int n, int s, int v, int f, int q)
    {
        var ds = BeatDatasetBuilder.Build(TestData.Source, MitBih.Split(split), TestData.CountsOnly());
        var annotated = new ClassCounts(Enumerable.Range(0, 5).Select(c => ds.PerRecord.Sum(r => r.Annotated.AsList()[c])));
        Assert.Equal([n, s, v, f, q], annotated.AsList());
        // Kept + dropped = annotated, per record and class.
        foreach (var r in ds.PerRecord)
            for (int c = 0; c < 5; c++)
                Assert.Equal(r.Annotated.AsList()[c], r.Kept.AsList()[c] + r.DroppedAtEdges.AsList()[c]);
        Assert.Equal(ds.ClassCounts.Total, ds.PerRecord.Sum(r => r.Kept.Total));
    }

    [Fact]
    public void Per_record_counts_match_the_annotation_files()
    {
        var ds = BeatDatasetBuilder.Build(TestData.Source, MitBih.DS1AndDS2, TestData.CountsOnly());
        foreach (var r in ds.PerRecord)
        {
            var symbols = TestData.Source.ReadAnnotations(r.Record).Select(a => a.Symbol).ToArray();
            Assert.Equal(symbols.Count(x => x is "N" or "L" or "R" or "e" or "j"), r.Annotated[AamiClass.N]);
            Assert.Equal(symbols.Count(x => x is "A" or "a" or "J" or "S"), r.Annotated[AamiClass.S]);
            Assert.Equal(symbols.Count(x => x is "V" or "E"), r.Annotated[AamiClass.V]);
            Assert.Equal(symbols.Count(x => x is "F"), r.Annotated[AamiClass.F]);
            Assert.Equal(symbols.Count(x => x is "/" or "f" or "Q"), r.Annotated[AamiClass.Q]);
            Assert.Equal(ds.Records.Count(x => x == r.Record), r.Kept.Total);
        }
    }

    [Fact]
    public void Paper_window_drops_edge_beats_to_the_reference_test_counts_and_pad_keeps_all()
    {
        var drop = BeatDatasetBuilder.Build(TestData.Source, MitBih.DS2, TestData.CountsOnly(classes: 4));
        // The reference code's DS2 test set: 44,208 / 1,837 / 3,219 / 388.
        Assert.Equal([44208, 1837, 3219, 388, 0], drop.ClassCounts.AsList());
        Assert.DoesNotContain(4, drop.Labels);
        Assert.Equal(720, drop.Length);
        Assert.Equal(360, drop.RIndex);

        var pad = BeatDatasetBuilder.Build(TestData.Source, MitBih.DS2, TestData.CountsOnly() with { Edge = EdgePolicy.Pad });
        Assert.Equal([44259, 1837, 3221, 388, 7], pad.ClassCounts.AsList());
        Assert.Equal(0, pad.DroppedAtEdges.Total);
    }

    [Fact]
    public void Beat_windows_hold_the_raw_signal_around_the_R_peak()
    {
        var options = TestData.CountsOnly() with { Window = new BeatWindow(0.25, 0.5, WindowUnit.Seconds) };
        var ds = BeatDatasetBuilder.Build(TestData.Source, ["114"], options);
        Assert.Equal((90, 270), (ds.RIndex, ds.Length));
        var header = TestData.Source.ReadHeader("114");
        var mlii = TestData.Source.ReadLeads("114", ["MLII"])[0];
        var spec = header.Signals[1];
        int i = ds.Count / 2;
        int r = ds.RSamples[i];
        var beat = ds.Beat(i);
        for (int t = 0; t < ds.Length; t++)
            Assert.Equal((float)((mlii[r - 90 + t] - spec.Baseline) / spec.Gain), beat[t], 5);
        Assert.Equal(72, ds.Ages[i]);
        Assert.Equal(Sex.Female, ds.Sexes[i]);
        Assert.All(ds.Records, x => Assert.Equal("114", x));
    }

    [Fact]
    public void Subset_splits_DS1_into_train_and_validation_by_patient()
    {
        var ds1 = BeatDatasetBuilder.Build(TestData.Source, MitBih.DS1, TestData.CountsOnly(4) with { Window = new BeatWindow(8, 8) });
        var train = ds1.Subset(MitBih.TrainRecords);
        var val = ds1.Subset(MitBih.ValidationRecords);
        Assert.Equal(ds1.Count, train.Count + val.Count);
        Assert.All(val.Records, r => Assert.Contains(r, MitBih.ValidationRecords));
        Assert.All(train.Records, r => Assert.DoesNotContain(r, MitBih.ValidationRecords));
        int j = Array.IndexOf(ds1.Records, "205");
        Assert.Equal(ds1.Beat(j).ToArray(), val.Beat(Array.IndexOf(val.Records, "205")).ToArray());
        Assert.Throws<ArgumentException>(() => ds1.Subset(["100"]));
    }

    [Fact]
    public void Options_hash_changes_with_every_setting()
    {
        var baseline = BeatDatasetOptions.Paper;
        var variants = new[]
        {
            baseline with { Leads = ["MLII", "V1"] }, baseline with { Window = new BeatWindow(360, 361) },
            baseline with { Window = new BeatWindow(360, 360, WindowUnit.Seconds) }, baseline with { Baseline = new MedianBaseline() },
            baseline with { Baseline = new MedianBaseline(0.2, 0.61) }, baseline with { Filter = null }, baseline with { Filter = new BandPass(0.1, 100, 255) },
            baseline with { TargetSampleRate = 250 }, baseline with { Normalisation = BeatNormalisation.MinMax }, baseline with { Edge = EdgePolicy.Pad },
            baseline with { RrFeatures = RrFeatureSet.EarlyFusionRatios }, baseline with { GlobalRr = GlobalRrMode.Trailing5Minutes },
            baseline with { Classes = 5 }, BeatDatasetOptions.Recommended,
        };
        var hashes = variants.Select(v => v.Hash).Append(baseline.Hash).ToArray();
        Assert.Equal(hashes.Length, hashes.Distinct().Count());
        Assert.Equal(baseline.Hash, (BeatDatasetOptions.Paper with { }).Hash);
        Assert.Equal(new BeatDatasetOptions { Leads = ["MLII"] }.Hash, baseline.Hash);
        Assert.Equal("0c7d9d6d0e0b3e5a".Length, baseline.Hash.Length);
    }
}
