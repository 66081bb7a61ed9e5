using FaqBot.Core.Feedback;

namespace FaqBot.Core.Tests.Feedback;

public sealed class FeedbackLogTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"faqbot-feedback-{Guid.NewGuid():N}.jsonl");

    public void Dispose() => File.Delete(_path);

    [Fact]
    public async Task AppendAsync_ThenANewLogOnTheSameFile_ReadsEveryRecordBack()
    {
        var record = new FeedbackRecord(DateTimeOffset.UnixEpoch, FeedbackKind.NotHelpful, "c1", "do sanctions work?", "faq:x", 0.7f);
        await new FeedbackLog(_path).AppendAsync(record);
        await new FeedbackLog(_path).AppendAsync(record with { Kind = FeedbackKind.Fallback, AnswerId = null });

        var records = new FeedbackLog(_path).ReadAll();

        Assert.Equal([record, record with { Kind = FeedbackKind.Fallback, AnswerId = null }], records);
    }

    [Fact]
    public async Task AppendAsync_ManyWritersAtOnce_LosesNoRecord()
    {
        var log = new FeedbackLog(_path);

        await Task.WhenAll(Enumerable.Range(0, 50).Select(i =>
            log.AppendAsync(new FeedbackRecord(DateTimeOffset.UnixEpoch, FeedbackKind.Fallback, "c", $"question {i}", null, 0f))));

        Assert.Equal(50, log.ReadAll().Select(r => r.Question).Distinct().Count());
    }

    [Fact]
    public async Task ReadAll_TornLastLine_KeepsTheRecordsBeforeIt()
    {
        await new FeedbackLog(_path).AppendAsync(new FeedbackRecord(DateTimeOffset.UnixEpoch, FeedbackKind.Helpful, "c", "q", "faq:x", 1f));
        await File.AppendAllTextAsync(_path, "{\"time\":\"20");

        Assert.Single(new FeedbackLog(_path).ReadAll());
    }

    [Fact]
    public void ReviewQueue_Build_OneNumberedItemPerQuestionWithoutHelpfulVotes()
    {
        FeedbackRecord[] records =
        [
            new(DateTimeOffset.UnixEpoch, FeedbackKind.Fallback, "a", "What is the nuclear triad", null, 0.1f),
            new(DateTimeOffset.UnixEpoch, FeedbackKind.Helpful, "a", "are they enemies", "faq:x", 0.9f),
            new(DateTimeOffset.UnixEpoch, FeedbackKind.NotHelpful, "b", "Are sanctions pointless?", "faq:s", 0.6f),
            new(DateTimeOffset.UnixEpoch, FeedbackKind.NoneOfThese, "c", "what is  the nuclear TRIAD", null, 0.3f),
        ];

        var items = ReviewQueue.Build(records);

        Assert.Equal(
            [new ReviewItem(1, "What is the nuclear triad", 1, 1, 0, null), new ReviewItem(2, "Are sanctions pointless?", 0, 0, 1, "faq:s")],
            items);
    }
}
