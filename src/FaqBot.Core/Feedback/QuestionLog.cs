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
    Task RecordAsync(QuestionRecord record, CancellationToken cancellationToken = default);

    /// <summary>Every record still kept, oldest first.</summary>
    IReadOnlyList<QuestionRecord> ReadAll();
}

/// <summary>
/// The question log as a JSON Lines file, kept <paramref name="retentionDays"/> days (older records are dropped when
/// the day changes); 0 records nothing at all.
/// </summary>
public sealed class QuestionLog(string path, int retentionDays, TimeProvider time) : IQuestionLog
{
    private readonly JsonLinesFile<QuestionRecord> _file = new(path);
    private DateOnly _prunedOn;

    public string Path => _file.Path;

    public async Task RecordAsync(QuestionRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (retentionDays <= 0)
        {
            return;
        }

        await PruneAsync(cancellationToken).ConfigureAwait(false);
        await _file.AppendAsync(record with { Text = Normalise(record.Text) }, cancellationToken).ConfigureAwait(false);
    }

    public IReadOnlyList<QuestionRecord> ReadAll()
    {
        var since = time.GetUtcNow().AddDays(-retentionDays);
        return retentionDays <= 0 ? [] : _file.ReadAll().Where(r => r.Time >= since).ToList();
    }

    /// <summary>Drops records older than the retention, once a day.</summary>
    public async Task PruneAsync(CancellationToken cancellationToken = default)
    {
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        if (today == _prunedOn)
        {
            return;
        }

        _prunedOn = today;
        var since = time.GetUtcNow().AddDays(-retentionDays);
        await _file.RetainAsync(r => r.Time >= since, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The text as questions are grouped: lower case, single spaces, no trailing punctuation.</summary>
    public static string Normalise(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return string.Join(" ", text.ToLowerInvariant().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).TrimEnd('?', '!', '.', ' ');
    }
}
