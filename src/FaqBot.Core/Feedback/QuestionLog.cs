namespace FaqBot.Core.Feedback;

/// <summary>
/// One question FaqBot answered, as the curator's console counts it: the text normalised (lower case, spacing), the
/// kind of reply, the answer id, the confidence and the time. No user or conversation identity.
/// </summary>
/// <param name="Kind">faq, myth, fact, section, did-you-mean, fallback; "choice" for a pick from a did-you-mean or an example.</param>
/// <param name="AnswerHash">The hash of the text the answer came from (<see cref="Knowledge.Essay.SourceHash"/>).</param>
public sealed record QuestionRecord(DateTimeOffset Time, string Text, string Kind, string? AnswerId, float Confidence, string? AnswerHash = null);

/// <summary>Where every answered question is kept for the curator's console, for a bounded time.</summary>
public interface IQuestionLog
{
    /// <summary>Takes the record without waiting for the disk: a turn never waits on the log.</summary>
    Task RecordAsync(QuestionRecord record, CancellationToken cancellationToken = default);

    /// <summary>Every record still kept, oldest first, those just recorded included; read as enumerated, so enumerate it once.</summary>
    Task<IEnumerable<QuestionRecord>> ReadAllAsync(CancellationToken cancellationToken = default);
}

/// <summary>
/// The question log as a JSON Lines file, kept <paramref name="retentionDays"/> days (older records are dropped when
/// the day changes); 0 records nothing at all. Records are written in batches, a fraction of a second after the first
/// of a batch: one append per question cost a third of the CPU of a repeated question. What is lost in a crash is at
/// most that fraction of a second of statistics; votes and fallbacks go to the feedback log, flushed one by one.
/// </summary>
public sealed class QuestionLog(string path, int retentionDays, TimeProvider time) : IQuestionLog, IDisposable
{
    /// <summary>How long a batch gathers before it is written.</summary>
    public static readonly TimeSpan BatchDelay = TimeSpan.FromMilliseconds(250);

    private readonly JsonLinesFile<QuestionRecord> _file = new(path);
    private readonly object _gate = new();

    // One write at a time: a flush (Dispose's at shutdown) waits for a batch already being written instead of finding
    // nothing pending and returning before it is on disk.
    private readonly SemaphoreSlim _writing = new(1, 1);
    private List<QuestionRecord> _pending = [];
    private DateOnly _prunedOn;

    public string Path => _file.Path;

    public Task RecordAsync(QuestionRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (retentionDays <= 0)
        {
            return Task.CompletedTask;
        }

        lock (_gate)
        {
            _pending.Add(record with { Text = Normalise(record.Text) });
            if (_pending.Count == 1)
            {
                _ = WriteSoonAsync();
            }
        }

        return Task.CompletedTask;
    }

    public async Task<IEnumerable<QuestionRecord>> ReadAllAsync(CancellationToken cancellationToken = default)
    {
        if (retentionDays <= 0)
        {
            return [];
        }

        await FlushAsync(cancellationToken).ConfigureAwait(false);
        var since = time.GetUtcNow().AddDays(-retentionDays);
        return _file.ReadEach().Where(r => r.Time >= since);
    }

    /// <summary>Writes what is waiting, dropping records older than the retention first, once a day (records are appended in time order).</summary>
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        await _writing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await WritePendingAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writing.Release();
        }
    }

    private async Task WritePendingAsync(CancellationToken cancellationToken)
    {
        List<QuestionRecord> batch;
        lock (_gate)
        {
            (batch, _pending) = (_pending, []);
        }

        var since = time.GetUtcNow().AddDays(-retentionDays);
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        if (today != _prunedOn)
        {
            _prunedOn = today;
            await _file.DropLeadingAsync(r => r.Time < since, cancellationToken).ConfigureAwait(false);
        }

        // A batch can wait past midnight, or a clock move: what is already too old is not written at all.
        var kept = batch.Where(r => r.Time >= since).ToList();
        if (kept.Count > 0)
        {
            await _file.AppendAsync(kept, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task WriteSoonAsync()
    {
        try
        {
            // Real time, not the app's clock: when statistics reach the disk is no part of what the app's clock means.
            await Task.Delay(BatchDelay).ConfigureAwait(false);
            await FlushAsync().ConfigureAwait(false);
        }
        catch (IOException)
        {
            // Statistics only: a full or read-only disk costs this batch, never a turn.
        }
    }

    /// <summary>At shutdown, what is still waiting is written.</summary>
    public void Dispose() => FlushAsync().GetAwaiter().GetResult();

    /// <summary>The text as questions are grouped: lower case, single spaces, no trailing punctuation.</summary>
    public static string Normalise(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return string.Join(" ", text.ToLowerInvariant().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).TrimEnd('?', '!', '.', ' ');
    }
}
