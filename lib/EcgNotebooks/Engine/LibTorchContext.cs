using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;

namespace EcgNotebooks.Engine;

/// <summary>
/// Switches of libtorch's <c>at::globalContext()</c> that TorchSharp's API lacks (what <c>torch.backends.mkldnn.enabled</c>
/// and <c>torch.backends.nnpack.set_flags</c> set in Python), reached through libtorch_cpu's exported C++ symbols
/// (Itanium names on Linux and macOS, MSVC names on Windows). Missing symbols give false: nothing is changed.
/// </summary>
internal static unsafe class LibTorchContext
{
    private static string Library =>
        OperatingSystem.IsWindows() ? "torch_cpu.dll" : OperatingSystem.IsMacOS() ? "libtorch_cpu.dylib" : "libtorch_cpu.so";

    /// <summary>A boolean of the global context: <c>Context::setUserEnabled&lt;name&gt;(bool)</c> and its getter.</summary>
    internal sealed class Switch(nint context, delegate* unmanaged<nint, byte, void> set, delegate* unmanaged<nint, byte> get)
    {
        public bool Value
        {
            get => get(context) != 0;
            set => set(context, value ? (byte)1 : (byte)0);
        }
    }

    /// <summary>The switch <c>userEnabled&lt;name&gt;</c> ("Mkldnn", "NNPACK") in the loaded libtorch_cpu.</summary>
    internal static bool TryGetSwitch(string name, [NotNullWhen(true)] out Switch? found)
    {
        found = null;
        string setter = "setUserEnabled" + name, getter = "userEnabled" + name;
        var (global, set, get) = OperatingSystem.IsWindows()
            ? ("?globalContext@at@@YAAEAVContext@1@XZ", $"?{setter}@Context@at@@QEAAX_N@Z", $"?{getter}@Context@at@@QEBA_NXZ")
            : ("_ZN2at13globalContextEv", $"_ZN2at7Context{setter.Length}{setter}Eb", $"_ZNK2at7Context{getter.Length}{getter}Ev");
        if (!TryGetExports([global, set, get], out var exports)) return false;
        var context = ((delegate* unmanaged<nint>)exports[0])();
        found = new Switch(context, (delegate* unmanaged<nint, byte, void>)exports[1], (delegate* unmanaged<nint, byte>)exports[2]);
        return true;
    }

    /// <summary>Calls the operator <c>at::_ops::&lt;name&gt;::call()</c> of a bool-valued, argument-free op (e.g. "_nnpack_available").</summary>
    internal static bool? CallBoolOp(string name)
    {
        string symbol = OperatingSystem.IsWindows() ? $"?call@{name}@_ops@at@@SA_NXZ" : $"_ZN2at4_ops{name.Length}{name}4callEv";
        return TryGetExports([symbol], out var exports) ? ((delegate* unmanaged<byte>)exports[0])() != 0 : null;
    }

    private static bool TryGetExports(string[] names, out nint[] exports)
    {
        exports = new nint[names.Length];
        // Already loaded by TorchSharp: the name resolves to that copy (its SONAME); nothing new is loaded.
        if (!NativeLibrary.TryLoad(Library, out var handle)) return false;
        for (int i = 0; i < names.Length; i++)
            if (!NativeLibrary.TryGetExport(handle, names[i], out exports[i])) return false;
        return true;
    }
}
