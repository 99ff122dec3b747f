using EcgNotebooks.Experiments;
using EcgNotebooks.Engine;
using TorchSharp;
using EcgNotebooks.Training;

namespace EcgNotebooks.Models.Tests.Experiments;

/// <summary>The standard profile: every table row, recipes for class imbalance, balanced epochs, unchanged quick/paper hashes.</summary>
[Collection(TorchState.Name)]
public class StandardProfileTests
{
    /// <summary>DS1-training-like imbalance: 2,000 N, 40 S, 190 V, 22 F, interleaved.</summary>
    private static int[] ImbalancedLabels()
    {
        var labels = new List<int>();
        labels.AddRange(Enumerable.Repeat(0, 2000));
        labels.AddRange(Enumerable.Repeat(1, 40));
        labels.AddRange(Enumerable.Repeat(2, 190));
        labels.AddRange(Enumerable.Repeat(3, 22));
        var random = new Random(3);
        var array = labels.ToArray();
        random.Shuffle(array);
        return array;
    }

    [Fact]
    public void A_balanced_epoch_contains_every_minority_beat_and_a_fresh_capped_draw_of_the_majority()
    {
        var labels = ImbalancedLabels();
        var minority = Enumerable.Range(0, labels.Length).Where(i => labels[i] != 0).Select(i => (long)i).ToHashSet();
        var previousN = new HashSet<long>();
        for (var epoch = 0; epoch < 4; epoch++)
        {
            var order = Trainer.BalancedEpochOrder(labels, 4, cap: 256, seed: 7, epoch);
            Assert.Equal(order.Length, order.Distinct().Count());                     // no beat twice
            Assert.True(minority.IsSubsetOf(order), $"epoch {epoch} misses a minority beat");
            var n = order.Where(i => labels[i] == 0).ToHashSet();
            Assert.Equal(256, n.Count);                                                // N capped
            Assert.Equal(190, order.Count(i => labels[i] == 2));                       // V below the cap: all of them
            Assert.Equal(256 + 40 + 190 + 22, order.Length);
            Assert.NotEqual(previousN, n);                                             // N drawn afresh each epoch
            previousN = n;
            Assert.Equal(order, Trainer.BalancedEpochOrder(labels, 4, 256, 7, epoch)); // a pure function of (seed, epoch): resume replays it
        }
        Assert.NotEqual(Trainer.BalancedEpochOrder(labels, 4, 256, 7, 0), Trainer.BalancedEpochOrder(labels, 4, 256, 8, 0));
        Assert.Equal([256L, 40, 190, 22], Trainer.EpochClassCounts(labels, 4, 256));
    }

    [Fact]
    public void Power_weights_interpolate_between_unweighted_and_inverse_frequency()
    {
        int[] labels = [0, 0, 0, 0, 1, 2, 2];
        var counts = Trainer.EpochClassCounts(labels, 4, cap: 0);
        Assert.Equal(Trainer.InverseFrequencyWeights(labels, 4), Trainer.PowerWeights(counts, 1.0));
        var sqrt = Trainer.PowerWeights(counts, 0.5);
        Assert.Equal(4f, sqrt.Sum(), 5);
        Assert.Equal(2f * sqrt[0], sqrt[1], 5);   // √(4/1)
        Assert.Equal(0f, sqrt[3]);
        Assert.All(Trainer.PowerWeights([5, 5, 5, 5], 0.5), w => Assert.Equal(1f, w, 6));
    }

    [Fact]
    public void Every_table_row_and_grid_cell_has_a_standard_configuration_with_the_recipe_in_its_hash()
    {
        foreach (var table in new[] { "3", "4", "5", "6", "grid" })
            foreach (var row in NamedExperiments.Table(table))
            {
                var standard = NamedExperiments.Get(row.Experiment, Profile.Standard, seed: 0);
                Assert.Equal(Profile.Standard, standard.Profile);
                Assert.NotNull(standard.Training.Balance);
                Assert.Contains("\"balance\"", standard.ToJson());
                Assert.NotEqual(NamedExperiments.Get(row.Experiment, Profile.Quick, seed: 0).Hash(), standard.Hash());
                // The existing profiles hash no "balance" key (their stored runs keep their hashes; pinned in ClassCountTests).
                Assert.DoesNotContain("\"balance\"", NamedExperiments.Get(row.Experiment, Profile.Quick, seed: 0).ToJson());
                Assert.DoesNotContain("\"balance\"", NamedExperiments.Get(row.Experiment, Profile.Paper, seed: 0).ToJson());
            }
        var hashes = StandardRecipes.Names.Keys.Select(r => NamedExperiments.Get("resunet/B2", Profile.Standard, 0, recipe: r).Hash()).ToList();
        Assert.Equal(hashes.Count, hashes.Distinct().Count());
        Assert.Equal(NamedExperiments.Get("resunet/B2", Profile.Standard, 0, recipe: StandardRecipes.Default).Hash(),
            NamedExperiments.Get("resunet/B2", Profile.Standard, 0).Hash());
        Assert.Throws<ArgumentException>(() => NamedExperiments.Get("resunet/B2", Profile.Quick, 0, recipe: "balanced"));
        Assert.Throws<ArgumentException>(() => NamedExperiments.Get("resunet/B2", Profile.Standard, 0, recipe: "nope"));
        Assert.Equal(Profile.Standard, NamedExperiments.ParseProfile("standard"));
    }

    [Fact]
    public void The_authors_recipe_keeps_their_loss_and_every_recipe_costs_the_same_beats_per_epoch()
    {
        var resunet = NamedExperiments.Get("resunet/B2", Profile.Standard, 0, recipe: "authors").Training;
        var macnn = NamedExperiments.Get("macnn/Hybrid", Profile.Standard, 0, recipe: "authors").Training;
        Assert.Equal((ClassWeighting.None, (BalanceOptions?)null), (resunet.Weighting, resunet.Balance));
        Assert.Equal((ClassWeighting.InverseFrequency, (BalanceOptions?)null), (macnn.Weighting, macnn.Balance));
        Assert.Equal(StandardSizes.BeatsPerEpoch, Throughput.TrainClassBeats.Sum(n => Math.Min(n, StandardSizes.ClassCap)));
        foreach (var recipe in StandardRecipes.Names.Keys)
        {
            var t = NamedExperiments.Get("macnn/Hybrid", Profile.Standard, 0, recipe: recipe).Training;
            var perEpoch = t.Balance is { ClassCap: > 0 } b ? Throughput.TrainClassBeats.Sum(n => Math.Min(n, b.ClassCap)) : t.MaxTrainBeatsPerEpoch;
            Assert.Equal(StandardSizes.BeatsPerEpoch, perEpoch);
            Assert.False(t.Balance is { WeightPower: > 0 } && t.Weighting != ClassWeighting.None, $"{recipe} weights the loss twice");
        }
    }

    [Fact]
    public void A_balanced_weighted_run_trains_and_resumes_exactly()
    {
        var config = TrainingTests.Tiny(epochs: 3) with
        {
            Training = TrainingTests.Tiny().Training with
            {
                Epochs = 3, LearningRate = 1e-3, Weighting = ClassWeighting.None, Balance = new BalanceOptions(ClassCap: 12, WeightPower: 0.5),
            },
        };
        var trainArrays = TrainingTests.Synthetic(96, 2);
        var validationArrays = TrainingTests.Synthetic(40, 3);
        TrainingResult Train(string dir, int? stopAfter, bool resume)
        {
            using var train = trainArrays.ToTensors(config.Data, true, torch.CPU);
            using var validation = validationArrays.ToTensors(config.Data, true, torch.CPU);
            using var model = Trainer.CreateModel(config, train, torch.CPU);
            return new Trainer(config, new TrainerOptions(torch.CPU, dir, resume, StopAfterEpochs: stopAfter)).Fit(model, train, validation);
        }
        var whole = Train(Directory.CreateTempSubdirectory("ecg-train-").FullName, null, false);
        var dir = Directory.CreateTempSubdirectory("ecg-train-").FullName;
        Assert.False(Train(dir, 1, false).Finished);
        var resumed = Train(dir, null, true);
        Assert.Equal(whole.History.Select(h => h.TrainLoss), resumed.History.Select(h => h.TrainLoss));
        Assert.Equal(whole.History.Select(h => h.ValidationMetrics), resumed.History.Select(h => h.ValidationMetrics));
        Assert.All(whole.History, h => Assert.True(double.IsFinite(h.TrainLoss)));
    }
}
