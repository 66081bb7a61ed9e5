using System.Text.Json;

namespace FaqBot.Core.Feedback;

/// <summary>
/// An append-only JSON Lines file (the default, one process or one machine) of <see cref="FeedbackRecord"/>s. Each record is flushed to disk before the call
/// returns, so nothing recorded is lost on restart; writers in one process take turns.
/// </summary>
public sealed class FeedbackLog(string path) : IFeedbackLog
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly SemaphoreSlim _writer = new(1, 1);

    public string Path { get; } = path;

    public async Task AppendAsync(FeedbackRecord record, CancellationToken cancellationToken = default)
    {
        var line = JsonSerializer.Serialize(record, Json) + "\n";
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

    public Task<IReadOnlyList<FeedbackRecord>> ReadAllAsync(CancellationToken cancellationToken = default) => Task.FromResult(ReadAll());

    /// <summary>Every record, oldest first; a line that is not a record (say, cut short by a crash) is skipped.</summary>
    public IReadOnlyList<FeedbackRecord> ReadAll()
    {
        if (!File.Exists(Path))
        {
            return [];
        }

        var records = new List<FeedbackRecord>();
        foreach (var line in File.ReadLines(Path).Where(l => l.Length > 0))
        {
            try
            {
                if (JsonSerializer.Deserialize<FeedbackRecord>(line, Json) is { } record)
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
}
