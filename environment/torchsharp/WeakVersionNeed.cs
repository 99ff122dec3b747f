// Compiled by MSBuild's RoslynCodeTaskFactory (environment/torchsharp/TorchSharpCompat.targets): keep it to
// one file, the BCL and Microsoft.Build.Utilities. The tests compile it with ECG_ELF_ONLY (no MSBuild types).
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
#if !ECG_ELF_ONLY
using Microsoft.Build.Framework;
#endif

/// <summary>One version requirement of an ELF shared object (an entry of .gnu.version_r).</summary>
public sealed class ElfVersionNeed
{
    public string File = "";
    public string Version = "";
    public ushort Flags;
    /// <summary>Absolute file offset of the entry's 16-bit vna_flags.</summary>
    public long FlagsOffset;
    public bool Weak => (Flags & ElfVersions.WeakFlag) != 0;
}

/// <summary>
/// Just enough of the ELF format (64-bit, little-endian) to read the GNU symbol-version sections:
/// the versions a library defines (.gnu.version_d) and the ones it needs (.gnu.version_r).
/// Every offset read from the file is bounds-checked; a malformed file is an InvalidDataException.
/// </summary>
public static class ElfVersions
{
    public const ushort WeakFlag = 0x2;              // VER_FLG_WEAK
    private const uint VerDef = 0x6ffffffd, VerNeed = 0x6ffffffe;

    public static IReadOnlyList<string> Defined(byte[] elf) =>
        Sections(elf, VerDef).SelectMany(s => ReadVerDef(elf, s)).ToList();

    public static IReadOnlyList<ElfVersionNeed> Needed(byte[] elf) =>
        Sections(elf, VerNeed).SelectMany(s => ReadVerNeed(elf, s)).ToList();

    /// <summary>
    /// Marks <paramref name="library"/>'s <paramref name="version"/> requirement of the ELF at <paramref name="path"/> weak.
    /// False when there was nothing to do (no such requirement, or already weak). Verified after patching; written to a new
    /// file that replaces the old by rename, so a hard link to the original (the NuGet cache) keeps the original.
    /// </summary>
    public static bool MakeWeak(string path, string library, string version)
    {
        var bytes = File.ReadAllBytes(path);
        var needs = Needed(bytes).Where(n => n.File == library && n.Version == version).ToList();
        if (needs.Count == 0 || needs.All(n => n.Weak)) return false;
        foreach (var n in needs)
            BitConverter.GetBytes((ushort)(n.Flags | WeakFlag)).CopyTo(bytes, n.FlagsOffset);
        if (!Needed(bytes).Where(n => n.File == library && n.Version == version).All(n => n.Weak))
            throw new InvalidDataException($"{path}: the {version} requirement is still strong after patching");
        var temp = path + ".weak-tmp";
        File.WriteAllBytes(temp, bytes);
        File.Replace(temp, path, null);
        return true;
    }

    /// <summary>The path of <paramref name="library"/> as the dynamic loader resolved it for this process (Linux), or null.</summary>
    public static string? FindLoaded(string library)
    {
        const string maps = "/proc/self/maps";
        if (!File.Exists(maps)) return null;
        return File.ReadLines(maps)
            .Select(l => l.IndexOf('/') is var i && i >= 0 ? l.Substring(i) : "")
            .FirstOrDefault(p => Path.GetFileName(p) == library || Path.GetFileName(p).StartsWith(library + ".", StringComparison.Ordinal));
    }

    private readonly struct Section
    {
        public Section(long offset, long size, int link, int info) { Offset = offset; Size = size; Link = link; Info = info; }
        public readonly long Offset, Size;
        public readonly int Link, Info;
    }

    private static IEnumerable<Section> Sections(byte[] elf, uint type)
    {
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F')
            throw new InvalidDataException("not an ELF file");
        if (elf[4] != 2 || elf[5] != 1) throw new InvalidDataException("only 64-bit little-endian ELF is supported");
        var shoff = (long)U64(elf, 0x28);
        int entSize = U16(elf, 0x3A), count = U16(elf, 0x3C);
        if (entSize < 64) throw new InvalidDataException($"section header size {entSize} is too small");
        var headers = new List<(uint Type, Section S)>();
        for (var i = 0; i < count; i++)
        {
            var h = shoff + (long)i * entSize;
            Need(elf, h, 64);
            headers.Add((U32(elf, h + 4), new Section((long)U64(elf, h + 24), (long)U64(elf, h + 32), (int)U32(elf, h + 40), (int)U32(elf, h + 44))));
        }
        foreach (var (t, s) in headers)
        {
            if (t != type) continue;
            if (s.Link < 0 || s.Link >= headers.Count) throw new InvalidDataException($"section link {s.Link} out of range");
            Need(elf, s.Offset, s.Size);
            var strings = headers[s.Link].S;
            Need(elf, strings.Offset, strings.Size);
            // The string table travels in Link's place: callers resolve names against it.
            yield return new Section(s.Offset, s.Size, (int)strings.Offset, s.Info);
        }
    }

    private static IEnumerable<string> ReadVerDef(byte[] elf, Section s)
    {
        var at = s.Offset;
        for (var i = 0; i < s.Info; i++)
        {
            Need(elf, at, 20);
            int cnt = U16(elf, at + 6);
            var aux = at + U32(elf, at + 12);
            for (var j = 0; j < cnt; j++)
            {
                Need(elf, aux, 8);
                yield return Str(elf, s.Link, U32(elf, aux));
                aux += U32(elf, aux + 4);
            }
            var next = U32(elf, at + 16);
            if (next == 0) break;
            at += next;
        }
    }

    private static IEnumerable<ElfVersionNeed> ReadVerNeed(byte[] elf, Section s)
    {
        var at = s.Offset;
        for (var i = 0; i < s.Info; i++)
        {
            Need(elf, at, 16);
            int cnt = U16(elf, at + 2);
            var file = Str(elf, s.Link, U32(elf, at + 4));
            var aux = at + U32(elf, at + 8);
            for (var j = 0; j < cnt; j++)
            {
                Need(elf, aux, 16);
                yield return new ElfVersionNeed { File = file, Version = Str(elf, s.Link, U32(elf, aux + 8)), Flags = U16(elf, aux + 4), FlagsOffset = aux + 4 };
                aux += U32(elf, aux + 12);
            }
            var next = U32(elf, at + 12);
            if (next == 0) break;
            at += next;
        }
    }

    private static string Str(byte[] elf, long table, uint offset)
    {
        var start = table + offset;
        Need(elf, start, 1);
        var end = Array.IndexOf(elf, (byte)0, (int)start);
        if (end < 0) throw new InvalidDataException($"unterminated string at {start:x}");
        return Encoding.ASCII.GetString(elf, (int)start, end - (int)start);
    }

    private static void Need(byte[] elf, long offset, long length)
    {
        if (offset < 0 || length < 0 || offset + length > elf.Length)
            throw new InvalidDataException($"truncated: {length} bytes at 0x{offset:x} lie beyond the file's {elf.Length}");
    }

    private static ushort U16(byte[] b, long o) { Need(b, o, 2); return BitConverter.ToUInt16(b, (int)o); }
    private static uint U32(byte[] b, long o) { Need(b, o, 4); return BitConverter.ToUInt32(b, (int)o); }
    private static ulong U64(byte[] b, long o) { Need(b, o, 8); return BitConverter.ToUInt64(b, (int)o); }
}

#if !ECG_ELF_ONLY
/// <summary>
/// TorchSharp 0.107's libLibTorchSharp.so names `_ZSt21ios_base_library_initv@GLIBCXX_3.4.32`, a
/// link-time marker of GCC 13's libstdc++ that no relocation uses; Debian 12 (GCC 12) stops at
/// GLIBCXX_3.4.30, so the loader refuses the library. Where the system's libstdc++ lacks that
/// version, this marks the one requirement weak (VER_FLG_WEAK), which glibc treats as non-fatal.
/// Found by parsing the ELF, idempotent, verified after writing, written to a new file and renamed
/// (so a hard link into the NuGet cache is never modified).
/// </summary>
public sealed class MakeVersionNeedWeak : Microsoft.Build.Utilities.Task
{
    [Required] public ITaskItem[] Files { get; set; } = Array.Empty<ITaskItem>();
    public string Library { get; set; } = "libstdc++.so.6";
    public string Version { get; set; } = "GLIBCXX_3.4.32";
    /// <summary>The system library to ask; by default the one this (dotnet) process has loaded.</summary>
    public string SystemLibrary { get; set; } = "";

    public override bool Execute()
    {
        var targets = Files.Select(f => f.ItemSpec).Where(System.IO.File.Exists).Distinct().ToList();
        if (targets.Count == 0) return true;
        var system = string.IsNullOrEmpty(SystemLibrary) ? ElfVersions.FindLoaded(Library) : SystemLibrary;
        if (system is null)
        {
            Log.LogMessage(MessageImportance.Normal, $"{Library} is not loaded here: no TorchSharp compatibility step");
            return true;
        }
        try
        {
            if (ElfVersions.Defined(System.IO.File.ReadAllBytes(system)).Contains(Version))
            {
                Log.LogMessage(MessageImportance.Low, $"{system} defines {Version}: TorchSharp loads as shipped");
                return true;
            }
            foreach (var path in targets.Where(p => ElfVersions.MakeWeak(p, Library, Version)))
                Log.LogMessage(MessageImportance.High, $"TorchSharp on this system: marked {Version} weak in {path}");
            return !Log.HasLoggedErrors;
        }
        catch (InvalidDataException e)
        {
            Log.LogError($"TorchSharp compatibility step: {e.Message}");
            return false;
        }
    }
}
#endif
