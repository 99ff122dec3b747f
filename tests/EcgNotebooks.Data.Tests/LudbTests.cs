using EcgNotebooks.Data;

namespace EcgNotebooks.Data.Tests;

public class LudbTests
{
    [Fact]
    public void Record_1_has_12_verified_leads_at_500_Hz_with_wave_annotations()
    {
        var ludb = new Ludb(TestData.LudbDir);
        Assert.Equal(200, ludb.RecordIds.Count);
        var r = ludb.ReadRecord(1);
        Assert.Equal(Ludb.LeadNames, r.Leads);
        Assert.Equal(500, r.SampleRate);
        Assert.All(r.Signals, s => Assert.Equal(5000, s.Length));
        Assert.Equal(51, r.Age);
        Assert.Equal(Sex.Female, r.Sex);
        var spec = r.Header.Signals[0];
        Assert.Equal(16, spec.Format);
        Assert.Equal((float)((-120 - spec.Baseline) / spec.Gain), r.Signals[0][0], 5);
        foreach (var lead in r.Leads)
        {
            var waves = r.Waves[lead];
            Assert.NotEmpty(waves);
            Assert.All(waves, w => Assert.Contains(w.Kind, "pNt"));
            Assert.All(waves.Where(w => w.Onset >= 0 && w.Offset >= 0), w => Assert.True(w.Onset <= w.Peak && w.Peak <= w.Offset));
            Assert.Contains(waves, w => w.Kind == 'N');
        }
    }

    [Fact]
    public void Every_LUDB_record_reads_and_verifies()
    {
        var ludb = new Ludb(TestData.LudbDir);
        Parallel.ForEach(ludb.RecordIds, id =>
        {
            var r = ludb.ReadRecord(id);
            Assert.Equal(12, r.Signals.Length);
        });
    }

    [Fact]
    public void Csv_is_a_multi_label_target_table()
    {
        var table = new Ludb(TestData.LudbDir).ReadTable();
        Assert.Equal(200, table.Patients.Count);
        var p1 = table.Patients[0];
        Assert.Equal((1, Sex.Female, (int?)51), (p1.Id, p1.Sex, p1.Age));
        Assert.Contains("Sinus bradycardia", p1.Diagnoses);
        Assert.Contains("Left ventricular hypertrophy", p1.Diagnoses);
        Assert.Contains("Left ventricular overload", p1.Diagnoses);
        Assert.Equal(table.Patients.Count * table.Labels.Count, table.Targets.Length);
        int sinus = table.Labels.ToList().IndexOf("Sinus bradycardia");
        Assert.Equal("Rhythms", table.LabelCategories[sinus]);
        Assert.Equal(1, table.Targets[sinus]);
        for (int p = 0; p < table.Patients.Count; p++)
            Assert.Equal(table.Patients[p].Diagnoses.Distinct().Count(), (int)Enumerable.Range(0, table.Labels.Count).Sum(l => table.Targets[p * table.Labels.Count + l]));
        // Every patient's header agrees with the table on sex.
        var ludb = new Ludb(TestData.LudbDir);
        Assert.Equal(ludb.ReadRecord(2).Sex, table.Patients[1].Sex);
    }
}
