using System.Reflection;
using System.Runtime.InteropServices;
using EcgNotebooks.Engine;
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
        var libstdcxx = ElfVersions.FindLoaded("libstdc++.so.6") ?? throw new InvalidOperationException("libstdc++.so.6 is not loaded");
        return ElfVersions.Defined(File.ReadAllBytes(libstdcxx)).Contains(Version);
    }

    [Fact]
    public void TorchSharp_loads_and_computes_with_libtorch_2_10()
    {
        Assert.StartsWith("2.10", __version__);
        using var x = tensor(new float[] { 1, 2, 3 });
        Assert.Equal(14f, (x * x).sum().item<float>());
        Assert.Equal(OperatingSystem.IsLinux() && Environment.GetEnvironmentVariable(HostAllocator.OptOut) != "0"
                     && Environment.GetEnvironmentVariable("MALLOC_MMAP_THRESHOLD_") is null && Environment.GetEnvironmentVariable("MALLOC_TRIM_THRESHOLD_") is null,
            HostAllocator.Tuned);
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

    [Fact]
    public void The_step_is_idempotent_and_never_writes_through_a_hard_link()
    {
        if (!OperatingSystem.IsLinux() || SystemHasVersion()) return;
        var dir = Directory.CreateTempSubdirectory("ecg-elf-").FullName;
        var original = Path.Combine(dir, "original.so");
        var linked = Path.Combine(dir, "libLibTorchSharp.so");
        File.Copy(Pristine, original);
        using (var ln = System.Diagnostics.Process.Start("ln", [original, linked])) ln.WaitForExit();   // a hard link, as the build makes
        Assert.True(File.Exists(linked));

        Assert.True(ElfVersions.MakeWeak(linked, "libstdc++.so.6", Version));
        Assert.Equal(File.ReadAllBytes(Pristine), File.ReadAllBytes(original));          // the link's other name is untouched
        Assert.True(ElfVersions.Needed(File.ReadAllBytes(linked)).Single(n => n.Version == Version).Weak);

        var patched = File.ReadAllBytes(linked);
        var written = File.GetLastWriteTimeUtc(linked);
        Assert.False(ElfVersions.MakeWeak(linked, "libstdc++.so.6", Version));          // nothing left to do
        Assert.Equal(patched, File.ReadAllBytes(linked));
        Assert.Equal(written, File.GetLastWriteTimeUtc(linked));
        Assert.False(ElfVersions.MakeWeak(linked, "libstdc++.so.6", "GLIBCXX_9.9"));    // a version it does not need
    }

    [Fact]
    public void A_file_that_is_not_ELF_or_is_truncated_is_refused_with_its_reason()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("ecg-elf-").FullName, "libLibTorchSharp.so");
        File.WriteAllText(path, "not a library");
        Assert.Contains("not an ELF file", Assert.Throws<InvalidDataException>(() => ElfVersions.MakeWeak(path, "libstdc++.so.6", Version)).Message);
        if (OperatingSystem.IsLinux())
            Assert.Throws<InvalidDataException>(() => ElfVersions.Needed(File.ReadAllBytes(Pristine)[..4096]));   // truncated
    }

    /// <summary>
    /// Once a backbone type is loaded, NNPACK is off exactly where it cannot start (where it can, it is left on): the
    /// symbols are found, and a convolution that would otherwise log a warning per call runs on ATen's kernels.
    /// </summary>
    [Fact]
    public void Nnpack_is_turned_off_exactly_where_it_cannot_start()
    {
        System.Runtime.CompilerServices.RuntimeHelpers.RunClassConstructor(typeof(Backbone).TypeHandle);
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64) return;
        Assert.NotNull(Nnpack.Available);
        Assert.Equal(Nnpack.Available, Nnpack.Enabled);
    }

    /// <summary>
    /// With oneDNN on, libtorch 2.10 got these wrong on this machine in nearly every call (max error ~30, NaN in some):
    /// Engine/OneDnn.cs. Channel counts off the 8/16 SIMD blocks, as in our ResUNet and MACNN layers.
    /// </summary>
    [Theory]
    [InlineData(8, 1)]
    [InlineData(12, 1)]
    [InlineData(24, 1)]
    [InlineData(8, 2)]
    public void Convolution_input_gradients_match_float64_once_a_backbone_type_is_loaded(int channels, int stride)
    {
        System.Runtime.CompilerServices.RuntimeHelpers.RunClassConstructor(typeof(Backbone).TypeHandle);
        if (OperatingSystem.IsLinux() && RuntimeInformation.ProcessArchitecture == Architecture.X64)
            Assert.Equal(Environment.GetEnvironmentVariable(OneDnn.KeepVariable) == "1", OneDnn.Enabled);
        using var scope = NewDisposeScope();
        manual_seed(3);
        for (var call = 0; call < 5; call++)
        {
            var weight = randn(channels, channels, 9);
            var x = randn(64, channels, 45).requires_grad_(true);
            var y = nn.functional.conv1d(x, weight, stride: stride, padding: 4);
            var upstream = randn(y.shape);
            y.backward([upstream]);
            var x64 = x.detach().to(ScalarType.Float64).requires_grad_(true);
            nn.functional.conv1d(x64, weight.to(ScalarType.Float64), stride: stride, padding: 4).backward([upstream.to(ScalarType.Float64)]);
            var error = (x.grad!.to(ScalarType.Float64) - x64.grad!).abs().max().item<double>();
            Assert.True(error < 1e-3, $"{channels} channels, stride {stride}, call {call}: input gradient off by {error} against float64");
        }
    }
}
