namespace FaqBot.Core.Feedback;

/// <summary>
/// The feedback log as a JSON Lines file (the default, one process or one machine): each record flushed before the
/// call returns, so nothing recorded is lost on restart.
/// </summary>
public sealed class FeedbackLog(string path) : IFeedbackLog
{
    private readonly JsonLinesFile<FeedbackRecord> _file = new(path);

    public string Path => _file.Path;

    public Task AppendAsync(FeedbackRecord record, CancellationToken cancellationToken = default) => _file.AppendAsync(record, cancellationToken);

    public Task<IReadOnlyList<FeedbackRecord>> ReadAllAsync(CancellationToken cancellationToken = default) => Task.FromResult(ReadAll());

    /// <summary>Every record, oldest first; a line that is not a record (say, cut short by a crash) is skipped.</summary>
    public IReadOnlyList<FeedbackRecord> ReadAll() => _file.ReadAll();
}
