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
    public IReadOnlyList<T> ReadAll()
    {
        if (!File.Exists(Path))
        {
            return [];
        }

        var records = new List<T>();
        using var reader = new StreamReader(new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0)
            {
                continue;
            }

            try
            {
                if (JsonSerializer.Deserialize<T>(line, Json) is { } record)
                {
                    records.Add(record);
                }
            }
            catch (JsonException)
            {
                // A torn last line after a crash: the records before it still count.
            }
        }

        return records;
    }

    /// <summary>Keeps only the records <paramref name="keep"/> accepts, replacing the file in one move so a crash loses nothing kept.</summary>
    public async Task RetainAsync(Func<T, bool> keep, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keep);
        await _writer.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var all = ReadAll();
            var kept = all.Where(keep).ToList();
            if (kept.Count == all.Count)
            {
                return;
            }

            var temporary = $"{Path}.{Guid.NewGuid():N}.tmp";
            await File.WriteAllLinesAsync(temporary, kept.Select(r => JsonSerializer.Serialize(r, Json)), cancellationToken).ConfigureAwait(false);
            File.Move(temporary, Path, overwrite: true);
        }
        finally
        {
            _writer.Release();
        }
    }
}
