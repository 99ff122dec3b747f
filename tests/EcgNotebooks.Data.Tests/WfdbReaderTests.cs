using EcgNotebooks.Data;

namespace EcgNotebooks.Data.Tests;

public class WfdbReaderTests
{
    [Fact]
    public void Every_mitdb_record_verifies_its_checksums_and_initial_values()
    {
        Assert.Equal(48, MitBih.AllRecords.Count);
        Parallel.ForEach(MitBih.AllRecords, record =>
        {
            var header = TestData.Source.ReadHeader(record);
            Assert.Equal(2, header.SignalCount);
            Assert.Equal(360, header.SamplingFrequency);
            Assert.Equal(650000, header.SampleCount);
            // Read throws SignalChecksumException on any disagreement; check the values ourselves as well.
            var signals = WfdbSignalReader.Read(header, TestData.MitDb, [0, 1]);
            for (int s = 0; s < 2; s++)
            {
                Assert.Equal(650000, signals[s].Length);
                Assert.Equal(header.Signals[s].InitialValue, (int?)signals[s][0]);
                Assert.Equal((short)header.Signals[s].Checksum!.Value, (short)signals[s].Sum(v => (int)v));
            }
        });
    }

    [Fact]
    public void Header_fields_and_patient_facts_are_parsed()
    {
        var h = TestData.Source.ReadHeader("100");
        Assert.Equal("100", h.RecordName);
        var mlii = h.Signals[0];
        Assert.Equal(("100.dat", 212, 200.0, 11, 1024, 995, -22131, "MLII"),
            (mlii.FileName, mlii.Format, mlii.Gain, mlii.AdcResolution, mlii.AdcZero, mlii.InitialValue!.Value, mlii.Checksum!.Value, mlii.Description));
        Assert.Equal("mV", mlii.Units);
        Assert.Equal(1024, mlii.Baseline); // no explicit baseline: ADC zero
        Assert.Equal(69, h.Age);
        Assert.Equal(Sex.Male, h.Sex);
        Assert.Equal("Aldomet, Inderal", h.Comments[1]);
        var h103 = TestData.Source.ReadHeader("103");
        Assert.Null(h103.Age); // "-1": unknown
        Assert.Equal(Sex.Male, h103.Sex);
    }

    [Fact]
    public void Record_114_has_MLII_second_and_the_reader_picks_it_by_name()
    {
        var h = TestData.Source.ReadHeader("114");
        Assert.Equal(1, h.IndexOfLead("MLII"));
        var both = WfdbSignalReader.Read(h, TestData.MitDb, [0, 1]);
        var mlii = TestData.Source.ReadLeads("114", ["MLII"])[0];
        Assert.Equal(both[1], mlii);
        Assert.NotEqual(both[0], mlii);
        Assert.Throws<LeadNotFoundException>(() => TestData.Source.ReadLeads("114", ["V1"]));
    }

    [Fact]
    public void Formats_16_and_80_decode_the_same_samples_as_212()
    {
        var header = TestData.Source.ReadHeader("100");
        var samples = WfdbSignalReader.Read(header, TestData.MitDb, [0, 1]);
        using var dir = new TempDir();
        int n = 5000;
        // Format 16: interleaved little-endian int16.
        var bytes16 = new byte[n * 4];
        for (int t = 0; t < n; t++)
            for (int s = 0; s < 2; s++)
            {
                bytes16[(t * 2 + s) * 2] = (byte)samples[s][t];
                bytes16[(t * 2 + s) * 2 + 1] = (byte)(samples[s][t] >> 8);
            }
        File.WriteAllBytes(dir.File("r16.dat"), bytes16);
        int sum0 = samples[0].Take(n).Sum(v => (int)v), sum1 = samples[1].Take(n).Sum(v => (int)v);
        File.WriteAllText(dir.File("r16.hea"),
            $"r16 2 360 {n}\nr16.dat 16 200 11 1024 {samples[0][0]} {(short)sum0} 0 MLII\nr16.dat 16 200 11 1024 {samples[1][0]} {(short)sum1} 0 V5\n");
        var read16 = WfdbSignalReader.Read(WfdbHeader.Read(dir.File("r16.hea")), dir.Path, [1, 0]);
        Assert.Equal(samples[1].Take(n), read16[0]);
        Assert.Equal(samples[0].Take(n), read16[1]);

        // Format 80: offset binary bytes; use values shifted into −128..127.
        var small = samples[0].Take(n).Select(v => (short)Math.Clamp(v - 1000, -128, 127)).ToArray();
        File.WriteAllBytes(dir.File("r80.dat"), small.Select(v => (byte)(v + 128)).ToArray());
        File.WriteAllText(dir.File("r80.hea"), $"r80 1 360 {n}\nr80.dat 80 100 8 0 {small[0]} {(short)small.Sum(v => (int)v)} 0 ECG\n");
        Assert.Equal(small, WfdbSignalReader.Read(WfdbHeader.Read(dir.File("r80.hea")), dir.Path, [0])[0]);
    }

    [Fact]
    public void Annotations_decode_symbols_times_and_aux_text()
    {
        var ann = TestData.Source.ReadAnnotations("100");
        Assert.Equal(("+", 18L, "(N"), (ann[0].Symbol, ann[0].Sample, ann[0].Aux));
        Assert.Equal(new long[] { 77, 370, 662, 946, 1231, 1515, 1809, 2044, 2402 }, ann.Skip(1).Take(9).Select(a => a.Sample));
        Assert.Equal("A", ann[8].Symbol);
        // Record 100: 2239 N, 33 A, 1 V.
        Assert.Equal(2239, ann.Count(a => a.Symbol == "N"));
        Assert.Equal(33, ann.Count(a => a.Symbol == "A"));
        Assert.Equal(1, ann.Count(a => a.Symbol == "V"));
        Assert.True(ann.Zip(ann.Skip(1)).All(p => p.First.Sample <= p.Second.Sample));
    }

    [Fact]
    public void Annotation_modifier_codes_SKIP_NUM_SUB_CHN_AUX_are_applied()
    {
        var w = new List<byte>();
        void Word(int code, int value) { int x = (code << 10) | (value & 0x3FF); w.Add((byte)x); w.Add((byte)(x >> 8)); }
        Word(1, 100);                      // N at 100
        Word(61, 3);                       // SUB 3
        Word(62, 1);                       // CHN 1
        Word(60, 5);                       // NUM 5
        Word(59, 0);                       // SKIP 70000 (PDP-11 order: high word, low word)
        w.AddRange([0x01, 0x00, 0x70, 0x11]);
        Word(5, 10);                       // V at 100 + 70000 + 10
        Word(63, 3);                       // AUX "abc" (+ pad byte)
        w.AddRange("abc\0"u8.ToArray());
        Word(28, 20);                      // + at 70130
        Word(0, 0);
        var ann = WfdbAnnotationReader.Parse(w.ToArray(), "synthetic.atr");
        Assert.Equal(3, ann.Length);
        Assert.Equal(new Annotation(100, 1, 3, 1, 5, null), ann[0]);
        Assert.Equal(new Annotation(70110, 5, 0, 1, 5, "abc"), ann[1]); // CHN and NUM persist, SUB does not
        Assert.Equal((70130L, "+", (string?)null), (ann[2].Sample, ann[2].Symbol, ann[2].Aux));
    }

    [Fact]
    public void Stream_and_path_readers_agree()
    {
        using var hea = File.OpenRead(Path.Combine(TestData.MitDb, "101.hea"));
        Assert.Equal(TestData.Source.ReadHeader("101").Signals, WfdbHeader.Read(hea, "101.hea").Signals);
        using var atr = File.OpenRead(Path.Combine(TestData.MitDb, "101.atr"));
        Assert.Equal(TestData.Source.ReadAnnotations("101"), WfdbAnnotationReader.Read(atr, "101.atr"));
    }
}
