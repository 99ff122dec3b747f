using System.Reflection;
using System.Runtime.InteropServices;

namespace EcgNotebooks.Torch.Native;

/// <summary>
/// Finds libecgtorch.so next to this assembly (where the build copies it), so no LD_LIBRARY_PATH
/// is needed; the shim's RPATH then finds libtorch.
/// </summary>
internal static class NativeLoader
{
    internal const string LibraryName = "ecgtorch";

    private static int installed;

    /// <summary>Installs the resolver once; NativeMethods' static constructor calls it before any P/Invoke.</summary>
    internal static void EnsureInstalled()
    {
        if (Interlocked.Exchange(ref installed, 1) == 0)
            NativeLibrary.SetDllImportResolver(typeof(NativeLoader).Assembly, Resolve);
    }

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (name != LibraryName) return IntPtr.Zero;
        var candidates = new[]
        {
            Path.GetDirectoryName(assembly.Location),
            AppContext.BaseDirectory,
        };
        foreach (var dir in candidates)
        {
            if (string.IsNullOrEmpty(dir)) continue;
            var path = Path.Combine(dir, "libecgtorch.so");
            if (File.Exists(path))
            {
                if (NativeLibrary.TryLoad(path, out var handle)) return handle;
                // Loading failed although the file is there: usually libtorch itself is missing.
                throw new DllNotFoundException(
                    $"{path} exists but could not be loaded ({LoadError(path)}). " +
                    "Is libtorch installed (bash environment/setup.sh) or TORCH_DIR pointing at the libtorch it was built with?");
            }
        }
        throw new DllNotFoundException(
            $"libecgtorch.so was not found next to {assembly.Location} or in {AppContext.BaseDirectory}. " +
            "Build the solution (dotnet build) so the native shim is compiled and copied.");
    }

    private static string LoadError(string path)
    {
        try { NativeLibrary.Load(path); return "unknown error"; }
        catch (Exception e) { return e.Message; }
    }
}
