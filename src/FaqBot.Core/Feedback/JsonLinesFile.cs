using System.Text.Json;

namespace FaqBot.Core.Feedback;

/// <summary>
/// An append-only JSON Lines file of records. Each record is flushed to the operating system before the call returns, so
/// nothing recorded is lost on restart; writers in one process take turns; a line that is not a record (cut short by a
/// crash) is skipped on reading.
/// </summary>
public sealed class JsonLinesFile<T>(string path)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly SemaphoreSlim _writer = new(1, 1);

    public string Path { get; } = path;

    public Task AppendAsync(T record, CancellationToken cancellationToken = default) => AppendAsync([record], cancellationToken);

    /// <summary>Several records in one write and one flush.</summary>
    public async Task AppendAsync(IReadOnlyList<T> records, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        var line = string.Concat(records.Select(r => JsonSerializer.Serialize(r, Json) + "\n"));
        await _writer.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path))!);
            await using var file = new FileStream(Path, FileMode.Append, FileAccess.Write, FileShare.Read);
            await file.WriteAsync(System.Text.Encoding.UTF8.GetBytes(line), cancellationToken).ConfigureAwait(false);
            await file.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writer.Release();
        }
    }

    /// <summary>Every record, oldest first.</summary>
    public IReadOnlyList<T> ReadAll() => [.. ReadEach()];

    /// <summary>Every record, oldest first, read from the file as they are enumerated: a month of records never sits in memory at once.</summary>
    public IEnumerable<T> ReadEach()
    {
        if (!File.Exists(Path))
        {
            yield break;
        }

        using var reader = OpenRead();
        while (reader.ReadLine() is { } line)
        {
            // A torn last line after a crash is no record: the records before it still count.
            if (TryRead(line, out var record))
            {
                yield return record;
            }
        }
    }

    /// <summary>
    /// Drops the records at the start of the file that <paramref name="drop"/> accepts, up to the first it does not, and
    /// keeps the rest byte for byte, replacing the file in one move so a crash loses nothing kept. For a file appended in
    /// time order that is everything too old; it reads one line when nothing is, and never holds more than a line and a
    /// buffer (a month of questions can be gigabytes).
    /// </summary>
    /// <returns>How many lines were dropped.</returns>
    public async Task<long> DropLeadingAsync(Func<T, bool> drop, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(drop);
        await _writer.WaitAsync(cancellationToken).ConfigureAwait(false);
        string? temporary = null;
        try
        {
            if (!File.Exists(Path))
            {
                return 0;
            }

            long dropped = 0;
            using (var reader = OpenRead())
            {
                string? firstKept = null;
                while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
                {
                    // A torn line (a crash mid-write) among the dropped ones goes with them.
                    if (TryRead(line, out var record) && !drop(record))
                    {
                        firstKept = line;
                        break;
                    }

                    dropped++;
                }

                if (dropped == 0)
                {
                    return 0;
                }

                temporary = $"{Path}.{Guid.NewGuid():N}.tmp";
                await using var writer = new StreamWriter(temporary, append: false);
                if (firstKept is not null)
                {
                    await writer.WriteAsync(firstKept.AsMemory(), cancellationToken).ConfigureAwait(false);
                    await writer.WriteAsync('\n').ConfigureAwait(false);
                    var buffer = new char[64 * 1024];
                    int read;
                    while ((read = await reader.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                    {
                        await writer.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                    }
                }
            }

            File.Move(temporary, Path, overwrite: true);
            return dropped;
        }
        catch
        {
            // A copy cut short (a full disk, a cancelled shutdown) leaves the log as it was, and no half copy beside it.
            if (temporary is not null)
            {
                File.Delete(temporary);
            }

            throw;
        }
        finally
        {
            _writer.Release();
        }
    }

    /// <summary>The file for reading while writers may still append to it.</summary>
    private StreamReader OpenRead() => new(new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));

    private static bool TryRead(string line, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out T? record)
    {
        record = default;
        if (line.Length == 0)
        {
            return false;
        }

        try
        {
            record = JsonSerializer.Deserialize<T>(line, Json);
            return record is not null;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
