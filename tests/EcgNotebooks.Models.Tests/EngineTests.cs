using System.Collections;
using System.Reflection;
using EcgNotebooks.Engine;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using static TorchSharp.torch;

namespace EcgNotebooks.Models.Tests;

/// <summary>TorchSharp loads here (CI's Debian 12), and the compatibility step that makes it load does exactly its one thing.</summary>
public class EngineTests
{
    private const string Version = "GLIBCXX_3.4.32";

    private static string Pristine => Path.Combine(
        typeof(EngineTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "NuGetPackageRoot").Value!,
        "torchsharp", "0.107.0", "runtimes", "linux-x64", "native", "libLibTorchSharp.so");

    private static string BuiltCopy => Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");

    private static bool SystemHasVersion()
    {
        var libstdcxx = File.ReadLines("/proc/self/maps").Select(l => l[(l.IndexOf('/') is var i and >= 0 ? i : l.Length)..])
            .First(p => Path.GetFileName(p).StartsWith("libstdc++.so.6", StringComparison.Ordinal));
        return ElfVersions.Defined(File.ReadAllBytes(libstdcxx)).Contains(Version);
    }

    [Fact]
    public void TorchSharp_loads_and_computes_with_libtorch_2_10()
    {
        Assert.StartsWith("2.10", __version__);
        using var x = tensor(new float[] { 1, 2, 3 });
        Assert.Equal(14f, (x * x).sum().item<float>());
        Assert.Equal(OperatingSystem.IsLinux(), HostAllocator.Tuned);
    }

    [Fact]
    public void The_build_output_differs_from_the_package_in_the_one_flag_and_only_where_the_system_needs_it()
    {
        if (!OperatingSystem.IsLinux()) return;
        var pristine = File.ReadAllBytes(Pristine);
        var built = File.ReadAllBytes(BuiltCopy);
        var need = Assert.Single(ElfVersions.Needed(pristine), n => n.File == "libstdc++.so.6" && n.Version == Version);
        Assert.False(need.Weak);   // the NuGet cache keeps the file as shipped (the output is a hard link otherwise)
        var differences = Enumerable.Range(0, pristine.Length).Where(i => pristine[i] != built[i]).ToList();
        if (SystemHasVersion())
        {
            Assert.Empty(differences);
            return;
        }
        Assert.Equal([need.FlagsOffset], differences.Select(i => (long)i));
        Assert.True(Assert.Single(ElfVersions.Needed(built), n => n.Version == Version).Weak);
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "link", SetLastError = true)]
    private static extern int Link(string existing, string newName);

    [Fact]
    public void The_step_is_idempotent_and_never_writes_through_a_hard_link()
    {
        if (!OperatingSystem.IsLinux() || SystemHasVersion()) return;
        var dir = Directory.CreateTempSubdirectory("ecg-elf-").FullName;
        var original = Path.Combine(dir, "original.so");
        var linked = Path.Combine(dir, "libLibTorchSharp.so");
        File.Copy(Pristine, original);
        Assert.Equal(0, Link(original, linked));   // .NET 10 has no File.CreateHardLink: libc's link(2)

        var engine = new RecordingEngine();
        Assert.True(new MakeVersionNeedWeak { BuildEngine = engine, Files = [new TaskItem(linked)] }.Execute());
        Assert.Equal(File.ReadAllBytes(Pristine), File.ReadAllBytes(original));          // the link's other name is untouched
        Assert.True(ElfVersions.Needed(File.ReadAllBytes(linked)).Single(n => n.Version == Version).Weak);
        Assert.Contains(engine.Messages, m => m.Contains("marked GLIBCXX_3.4.32 weak"));

        var patched = File.ReadAllBytes(linked);
        var written = File.GetLastWriteTimeUtc(linked);
        Assert.True(new MakeVersionNeedWeak { BuildEngine = engine, Files = [new TaskItem(linked)] }.Execute());
        Assert.Equal(patched, File.ReadAllBytes(linked));
        Assert.Equal(written, File.GetLastWriteTimeUtc(linked));
    }

    [Fact]
    public void A_file_that_is_not_ELF_fails_the_step_with_its_reason()
    {
        if (!OperatingSystem.IsLinux() || SystemHasVersion()) return;
        var path = Path.Combine(Directory.CreateTempSubdirectory("ecg-elf-").FullName, "libLibTorchSharp.so");
        File.WriteAllText(path, "not a library");
        var engine = new RecordingEngine();
        Assert.False(new MakeVersionNeedWeak { BuildEngine = engine, Files = [new TaskItem(path)] }.Execute());
        Assert.Contains(engine.Errors, e => e.Contains("not an ELF file"));
        Assert.Throws<InvalidDataException>(() => ElfVersions.Needed(File.ReadAllBytes(Pristine)[..4096]));   // truncated
    }

    private sealed class RecordingEngine : IBuildEngine
    {
        public List<string> Messages { get; } = [];
        public List<string> Errors { get; } = [];
        public bool ContinueOnError => false;
        public int LineNumberOfTaskNode => 0;
        public int ColumnNumberOfTaskNode => 0;
        public string ProjectFileOfTaskNode => "test";
        public bool BuildProjectFile(string projectFileName, string[] targetNames, IDictionary globalProperties, IDictionary targetOutputs) => false;
        public void LogCustomEvent(CustomBuildEventArgs e) { }
        public void LogErrorEvent(BuildErrorEventArgs e) => Errors.Add(e.Message ?? "");
        public void LogMessageEvent(BuildMessageEventArgs e) => Messages.Add(e.Message ?? "");
        public void LogWarningEvent(BuildWarningEventArgs e) => Messages.Add(e.Message ?? "");
    }
}
