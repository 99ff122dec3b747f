namespace EcgNotebooks.Data.Tests;

/// <summary>
/// The dataset cache is shared by every process of a grid (Slurm array tasks on one results folder): tasks that build
/// the same entry at once, and readers that load it while another task replaces it, must never see a partial file.
/// </summary>
public class DatasetCacheConcurrencyTests
{
    [Fact]
    public void Builders_racing_on_one_entry_and_readers_during_rewrites_always_get_the_whole_dataset()
    {
        using var dir = new TempDir();
        var cache = new DatasetCache(dir.Path);
        string[] records = ["100"];
        var options = BeatDatasetOptions.Paper;
        var key = DatasetCache.Key(TestData.Source, records, options);

        // Four builders start together on an empty cache, as the array tasks of a grid do.
        const int builders = 4;
        using var start = new Barrier(builders);
        var built = Enumerable.Range(0, builders)
            .Select(_ => Task.Run(() => { start.SignalAndWait(); return BeatDatasetBuilder.Load(TestData.Source, records, options, cache); }))
            .ToArray();
        Task.WaitAll(built);
        var reference = built[0].Result;
        foreach (var b in built) Assert.Equal(reference.Beats, b.Result.Beats);
        Assert.Equal([cache.PathFor(key)], Directory.GetFiles(dir.Path));

        // Writers replace the entry again and again while a reader loads it: every load is the complete dataset.
        int writing = 3, loads = 0;
        var writers = Enumerable.Range(0, writing).Select(_ => Task.Run(() =>
        {
            for (int i = 0; i < 8; i++) cache.Save(key, reference);
            Interlocked.Decrement(ref writing);
        })).ToArray();
        while (Volatile.Read(ref writing) > 0)
        {
            var loaded = cache.TryLoad(key, options);
            Assert.NotNull(loaded);   // a partial or damaged file would read as null (a miss)
            Assert.Equal(reference.Count, loaded.Count);
            Assert.Equal(reference.Labels, loaded.Labels);
            loads++;
        }
        Task.WaitAll(writers);
        Assert.True(loads > 0);
        Assert.Equal(reference.Beats, cache.TryLoad(key, options)!.Beats);
        Assert.Equal([cache.PathFor(key)], Directory.GetFiles(dir.Path)); // no temp file left behind
    }
}
