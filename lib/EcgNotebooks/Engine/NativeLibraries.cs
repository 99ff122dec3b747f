using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using static TorchSharp.torch;

namespace EcgNotebooks.Engine;

/// <summary>
/// Finds TorchSharp's native libraries before TorchSharp looks for them, for two hosts it does not serve:
/// - a host that loads our DLLs without our deps.json (a notebook's <c>#r</c> in the .NET Interactive kernel,
///   a script): .NET then does not look in runtimes/&lt;rid&gt;/native/, and TorchSharp falls back to copying
///   ~0.5 GB of libtorch from the NuGet cache into bin/&lt;tfm&gt;/cpu/, with a LibTorchSharp that on Debian 12
///   does not load. Loading LibTorchSharp from beside TorchSharp.dll first makes every later load by name
///   find it (its SONAME);
/// - a machine with PyTorch but no libtorch package (the GPU bundle): <see cref="LibTorchDirVariable"/> names
///   a folder with libtorch.so (a PyTorch install's torch/lib), loaded first so LibTorchSharp links to it.
/// Nothing here is required where TorchSharp finds its natives itself (our CLI, tests, Windows, macOS).
/// </summary>
public static class NativeLibraries
{
    public const string LibTorchDirVariable = "ECG_LIBTORCH_DIR";

    /// <summary>The libtorch folder taken from <see cref="LibTorchDirVariable"/>, or null.</summary>
    public static string? LibTorchDir { get; private set; }

#pragma warning disable CA2255 // must run before TorchSharp's static constructor looks for its natives.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Preload()
    {
        if (Environment.GetEnvironmentVariable(LibTorchDirVariable) is { Length: > 0 } dir)
        {
            var libtorch = Path.Combine(dir, OperatingSystem.IsWindows() ? "torch.dll" : OperatingSystem.IsMacOS() ? "libtorch.dylib" : "libtorch.so");
            if (!File.Exists(libtorch))
                throw new DllNotFoundException($"{LibTorchDirVariable}={dir}: no {Path.GetFileName(libtorch)} there (expected a PyTorch install's torch/lib folder)");
            NativeLibrary.Load(libtorch);
            LibTorchDir = dir;
        }
        var folder = Path.GetDirectoryName(typeof(nn.Module).Assembly.Location);
        if (string.IsNullOrEmpty(folder)) return;   // single-file publish: the host resolves natives itself
        var name = OperatingSystem.IsWindows() ? "LibTorchSharp.dll" : OperatingSystem.IsMacOS() ? "libLibTorchSharp.dylib" : "libLibTorchSharp.so";
        var rid = $"{(OperatingSystem.IsWindows() ? "win" : OperatingSystem.IsMacOS() ? "osx" : "linux")}-{RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant()}";
        foreach (var candidate in new[] { Path.Combine(folder, "runtimes", rid, "native", name), Path.Combine(folder, name) })
            if (File.Exists(candidate) && NativeLibrary.TryLoad(candidate, out _)) return;
    }
}
