using System.Collections;
using FaqBot.Core.Feedback;
using Microsoft.Extensions.Time.Testing;

namespace FaqBot.Core.Tests.Feedback;

public sealed class QuestionLogTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"faqbot-questions-{Guid.NewGuid():N}.jsonl");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));

    public void Dispose() => File.Delete(_path);

    [Fact]
    public async Task Record_KeepsTheNormalisedTextKindAnswerAndConfidence()
    {
        var log = new QuestionLog(_path, retentionDays: 30, _time);

        await log.RecordAsync(new QuestionRecord(_time.GetUtcNow(), "  Are they ALWAYS   enemies?? ", "myth", "faq:x", 0.9f));

        Assert.Equal(new QuestionRecord(_time.GetUtcNow(), "are they always enemies", "myth", "faq:x", 0.9f), Assert.Single(await log.ReadAllAsync()));
    }

    [Fact]
    public async Task Dispose_WhileABatchIsBeingWritten_ReturnsOnlyOnceItIsOnDisk()
    {
        // A shutdown (or a test deleting the file) right after Dispose must find every record written; the background
        // write of a batch may be under way when Dispose runs, so Dispose waits for it rather than finding nothing pending.
        // Real time: the background write waits on it. Rounds at staggered moments around the batch's write.
        var missing = new List<int>();
        for (var round = 0; round < 40; round++)
        {
            var path = $"{_path}.{round}";
            try
            {
                var log = new QuestionLog(path, retentionDays: 30, TimeProvider.System);
                await log.RecordAsync(new QuestionRecord(DateTimeOffset.UtcNow, $"question {round}", "faq", "faq:x", 0.9f));
                await Task.Delay(QuestionLog.BatchDelay + TimeSpan.FromMilliseconds(round % 8));

                log.Dispose();

                if (!File.Exists(path) || !File.ReadAllText(path).Contains($"question {round}", StringComparison.Ordinal))
                {
                    missing.Add(round);
                }
            }
            finally
            {
                await Task.Delay(50); // a write still under way without the fix would recreate the file after the delete
                File.Delete(path);
            }
        }

        Assert.Empty(missing);
    }

    [Fact]
    public async Task Records_OlderThanTheRetention_AreDroppedFromTheFile()
    {
        var log = new QuestionLog(_path, retentionDays: 30, _time);
        await log.RecordAsync(new QuestionRecord(_time.GetUtcNow(), "old question", "fallback", null, 0.1f));

        _time.Advance(TimeSpan.FromDays(31));
        await log.RecordAsync(new QuestionRecord(_time.GetUtcNow(), "new question", "fallback", null, 0.1f));

        Assert.Equal(["new question"], (await log.ReadAllAsync()).Select(r => r.Text));
        Assert.DoesNotContain("old question", File.ReadAllText(_path), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pruning_DropsTheOldRecordsAtTheStart_AndKeepsTheRestByteForByte()
    {
        var file = new JsonLinesFile<QuestionRecord>(_path);
        var old = _time.GetUtcNow().AddDays(-40);
        await file.AppendAsync([new QuestionRecord(old, "old one", "faq", "faq:x", 0.9f), new QuestionRecord(old, "old two", "faq", "faq:x", 0.9f)]);
        File.AppendAllText(_path, "{\"time\":\"torn");
        File.AppendAllText(_path, "\n");
        var dropped = File.ReadAllText(_path).Length;
        var kept = new QuestionRecord(_time.GetUtcNow().AddDays(-1), "kept one", "myth", "faq:y", 0.8f);
        await file.AppendAsync(kept);
        // Whatever follows the first kept record is not rewritten, even a line that is no record.
        File.AppendAllText(_path, "not json\n");
        var rest = File.ReadAllText(_path)[dropped..];

        Assert.Equal(3, await file.DropLeadingAsync(r => r.Time < _time.GetUtcNow().AddDays(-30)));

        Assert.Equal(rest, File.ReadAllText(_path));
        Assert.Equal([kept], file.ReadAll());
    }

    [Fact]
    public async Task Pruning_CutShort_LeavesTheLogAsItWas_AndNoCopyBesideIt()
    {
        var file = new JsonLinesFile<QuestionRecord>(_path);
        await file.AppendAsync([new QuestionRecord(_time.GetUtcNow().AddDays(-40), "old", "faq", "faq:x", 0.9f), new QuestionRecord(_time.GetUtcNow(), "new", "faq", "faq:x", 0.9f)]);
        var before = File.ReadAllBytes(_path);
        using var shutdown = new CancellationTokenSource();

        // The shutdown comes as the copy starts: the first record to keep has just been found.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => file.DropLeadingAsync(r =>
        {
            var old = r.Time < _time.GetUtcNow().AddDays(-30);
            if (!old)
            {
                shutdown.Cancel();
            }

            return old;
        }, shutdown.Token));

        Assert.Equal(before, File.ReadAllBytes(_path));
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(_path)!, Path.GetFileName(_path) + ".*.tmp"));
    }

    [Fact]
    public async Task Pruning_LeavesTheFileAlone_WhenItsOldestRecordIsStillKept()
    {
        var file = new JsonLinesFile<QuestionRecord>(_path);
        await file.AppendAsync([new QuestionRecord(_time.GetUtcNow(), "recent", "faq", "faq:x", 0.9f), new QuestionRecord(_time.GetUtcNow().AddDays(-40), "clock moved back", "faq", "faq:x", 0.9f)]);
        var before = File.ReadAllBytes(_path);

        Assert.Equal(0, await file.DropLeadingAsync(r => r.Time < _time.GetUtcNow().AddDays(-30)));

        Assert.Equal(before, File.ReadAllBytes(_path));
        // What the console reads still leaves out a record older than the retention, wherever it sits in the file.
        Assert.Equal(["recent"], (await new QuestionLog(_path, retentionDays: 30, _time).ReadAllAsync()).Select(r => r.Text));
    }

    [Fact]
    public async Task RetentionZero_RecordsNothing()
    {
        var log = new QuestionLog(_path, retentionDays: 0, _time);

        await log.RecordAsync(new QuestionRecord(_time.GetUtcNow(), "a question", "faq", "faq:x", 0.9f));

        Assert.Empty(await log.ReadAllAsync());
        Assert.False(File.Exists(_path));
    }

    [Fact]
    public async Task Records_ReachTheFileByThemselvesShortlyAfter()
    {
        var log = new QuestionLog(_path, retentionDays: 30, _time);

        for (var i = 0; i < 50; i++)
        {
            await log.RecordAsync(new QuestionRecord(_time.GetUtcNow(), $"question {i}", "faq", "faq:x", 0.9f));
        }

        for (var i = 0; i < 250 && (!File.Exists(_path) || File.ReadAllLines(_path).Length < 50); i++)
        {
            await Task.Delay(20);
        }

        Assert.Equal(50, File.ReadAllLines(_path).Length);
    }

    [Fact]
    public void CuratorReport_CountsPerDayTopAnswersVotesAndConfidence()
    {
        var day = _time.GetUtcNow();
        QuestionRecord[] questions =
        [
            new(day, "do sanctions work", "myth", "faq:s", 0.95f),
            new(day, "do sanctions work", "myth", "faq:s", 0.95f),
            new(day, "sanctions always work", "myth", "faq:s", 0.85f),
            new(day.AddDays(1), "lasagne", "fallback", null, 0.05f),
            new(day.AddDays(1), "sanctions or leaders", "did-you-mean", null, 0.4f),
            new(day.AddDays(1), "sanctions or leaders", "choice", "faq:s", 1f),
        ];
        FeedbackRecord[] feedback =
        [
            new(day, FeedbackKind.Helpful, "c", "do sanctions work", "faq:s", 0.95f),
            new(day, FeedbackKind.NotHelpful, "c", "sanctions always work", "faq:s", 0.85f),
            new(day, FeedbackKind.Fallback, "c", "lasagne", null, 0.05f),
            new(day, FeedbackKind.NoneOfThese, "c", "sanctions or leaders", null, 0.4f),
        ];

        var report = CuratorReport.Build(questions, feedback);

        Assert.Equal([3, 3], report.PerDay.Select(d => d.Kinds.Values.Sum()));
        var top = Assert.Single(report.TopAnswers);
        Assert.Equal(("faq:s", 4), (top.AnswerId, top.Count));
        Assert.Equal(("do sanctions work", 2), top.Questions[0]);
        Assert.Equal([("faq:s", 1, 1)], report.Votes);
        Assert.Equal((1, 1, 1), (report.DidYouMeans, report.Choices, report.NoneOfThese));
        Assert.Equal(5, report.ConfidenceBins.Sum());
        Assert.Equal(2, report.ConfidenceBins[9]);
        Assert.Equal(["sanctions always work", "lasagne", "sanctions or leaders"], report.Review.Select(r => r.Question));
    }

    [Fact]
    public void CuratorReport_ReadsTheQuestionLogOnce_AndCountsWhatWentStale()
    {
        var essay = Essays.ParsedDefault;
        var faq = essay.Faqs[0].Id;
        var day = _time.GetUtcNow();
        var log = new OnceOnly<QuestionRecord>(
        [
            new(day, "first question", "faq", faq, 0.9f, essay.SourceHash(faq)),
            new(day, "first question", "faq", faq, 0.9f, "the answer before an edit"),
            new(day, "gone", "faq", "faq:removed", 0.9f, "h"),
            new(day, "lasagne", "fallback", null, 0.1f),
        ]);

        var report = CuratorReport.Build(log, [], essay, []);

        Assert.Equal([("questions answered with it", faq, false, 1), ("questions answered with it", "faq:removed", true, 1)], report.Stale);
        Assert.Equal(4, Assert.Single(report.PerDay).Kinds.Values.Sum());
        Assert.Equal((faq, 2), (report.TopAnswers[0].AnswerId, report.TopAnswers[0].Count));
    }

    /// <summary>A question log as the console reads it: from the file as it goes, so a second pass would read the file again.</summary>
    private sealed class OnceOnly<T>(IEnumerable<T> items) : IEnumerable<T>
    {
        private int _passes;

        public IEnumerator<T> GetEnumerator() =>
            ++_passes == 1 ? items.GetEnumerator() : throw new InvalidOperationException("The question log was read twice.");

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
