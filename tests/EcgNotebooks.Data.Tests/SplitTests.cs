using EcgNotebooks.Data;

namespace EcgNotebooks.Data.Tests;

public class SplitTests
{
    [Fact]
    public void SplitMix64_is_pinned_to_its_published_sequence()
    {
        // Reference values of SplitMix64 from seed 0 (Vigna's splitmix64.c).
        var r = new SplitMix64(0);
        Assert.Equal(0xE220A8397B1DCDAFUL, r.NextUInt64());
        Assert.Equal(0x6E789E6AA1B965F4UL, r.NextUInt64());
    }

    [Fact]
    public void Generators_are_deterministic_and_stratified()
    {
        var classes = Enumerable.Range(0, 1000).Select(i => i % 7 == 0 ? 1 : i % 31 == 0 ? 2 : 0).ToArray();
        var a = SplitMaker.Stratified(classes, 0.8, 0.1, 5);
        Assert.Equal(a, SplitMaker.Stratified(classes, 0.8, 0.1, 5));
        Assert.NotEqual(a, SplitMaker.Stratified(classes, 0.8, 0.1, 6));
        foreach (var c in classes.Distinct())
        {
            int n = classes.Count(x => x == c);
            Assert.InRange(Enumerable.Range(0, 1000).Count(i => classes[i] == c && a[i] == SplitPart.Train), 0.8 * n - 1, 0.8 * n + 1);
        }
        var folds = SplitMaker.StratifiedFolds(classes, 5, 5);
        Assert.Equal(folds, SplitMaker.StratifiedFolds(classes, 5, 5));
        Assert.All(Enumerable.Range(0, 5), f => Assert.Equal(200, folds.Count(x => x == f)));
    }

    [Fact]
    public void Committed_CinC_and_Kachuee_split_files_are_what_the_generator_makes_from_the_data()
    {
        var generated = StoredSplits.Generate(TestData.Root, [StoredSplits.Cinc2017FileName, StoredSplits.KachueeFileName]);
        Assert.Equal(2, generated.Count);
        foreach (var (file, text) in generated)
            Assert.True(StoredSplits.ReadText(file).Text == text, $"{file}: the committed split differs from what `ecg data splits --write` would write");
    }

    [Fact]
    public void A_malformed_split_file_names_the_file_and_line()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("s.csv"), "# c\nrecord,label,split,fold\nA00001,N,train,0\nA00002,N,dev,1\n");
        var e = Assert.Throws<MalformedHeaderException>(() => StoredSplits.Cinc2017(dir.File("s.csv")));
        Assert.Equal((dir.File("s.csv"), 4), (e.FilePath, e.LineNumber));
    }
}
