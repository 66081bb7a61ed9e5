namespace FaqBot.Core.Feedback;

/// <summary>
/// What the curator's console shows, computed from the question log and the feedback log: questions per day by reply
/// kind, the most asked answers with their questions, votes per answer, did-you-mean outcomes, the confidence
/// distribution, and what needs review.
/// </summary>
public sealed record CuratorReport(
    IReadOnlyList<(DateOnly Day, IReadOnlyDictionary<string, int> Kinds)> PerDay,
    IReadOnlyList<(string AnswerId, int Count, IReadOnlyList<(string Text, int Count)> Questions)> TopAnswers,
    IReadOnlyList<(string AnswerId, int Helpful, int NotHelpful)> Votes,
    int DidYouMeans,
    int Choices,
    int NoneOfThese,
    IReadOnlyList<int> ConfidenceBins,
    IReadOnlyList<ReviewItem> Review)
{
    /// <summary>
    /// Records about answers the essay no longer has or has changed since (by <see cref="Knowledge.Essay.IsStale"/>):
    /// curated examples, votes and feedback, recorded questions; one line each, with how many records it stands for.
    /// </summary>
    public IReadOnlyList<(string What, string AnswerId, bool Vanished, int Count)> Stale { get; init; } = [];

    /// <summary>Review questions already in the curated data, with their label (case and spacing ignored).</summary>
    public IReadOnlyDictionary<string, string> Labelled { get; init; } = new Dictionary<string, string>();

    /// <summary>The label a review question was already given, if any.</summary>
    public string? LabelOf(string question) => Labelled.GetValueOrDefault(QuestionLog.Normalise(question));

    /// <summary>The report, with what went stale against <paramref name="essay"/> (curated examples as label and text).</summary>
    public static CuratorReport Build(IReadOnlyList<QuestionRecord> questions, IReadOnlyList<FeedbackRecord> feedback, Knowledge.Essay essay,
        IEnumerable<(string Label, string Text)> curated)
    {
        ArgumentNullException.ThrowIfNull(essay);
        ArgumentNullException.ThrowIfNull(curated);
        var examples = curated.ToList();
        var stale = examples.Where(c => c.Label.Contains(':', StringComparison.Ordinal) && essay.SourceHash(c.Label) is null)
            .GroupBy(c => c.Label).Select(g => ("curated examples", g.Key, true, g.Count()))
            .Concat(feedback.Where(f => essay.IsStale(f.AnswerId, f.AnswerHash)).GroupBy(f => f.AnswerId!)
                .Select(g => ("votes and feedback", g.Key, essay.SourceHash(g.Key) is null, g.Count())))
            .Concat(questions.Where(q => essay.IsStale(q.AnswerId, q.AnswerHash)).GroupBy(q => q.AnswerId!)
                .Select(g => ("questions answered with it", g.Key, essay.SourceHash(g.Key) is null, g.Count())))
            .ToList();
        var labelled = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (label, text) in examples)
        {
            labelled[QuestionLog.Normalise(text)] = label;
        }

        return Build(questions, feedback) with { Stale = stale, Labelled = labelled };
    }

    /// <summary>The reply kinds in the order the console draws them.</summary>
    public static readonly string[] Kinds = ["faq", "myth", "fact", "section", "choice", "did-you-mean", "fallback"];

    public const int Bins = 10;

    public static CuratorReport Build(IReadOnlyList<QuestionRecord> questions, IReadOnlyList<FeedbackRecord> feedback, int topAnswers = 10)
    {
        ArgumentNullException.ThrowIfNull(questions);
        ArgumentNullException.ThrowIfNull(feedback);
        var perDay = questions.GroupBy(q => DateOnly.FromDateTime(q.Time.UtcDateTime)).OrderBy(g => g.Key)
            .Select(g => (g.Key, (IReadOnlyDictionary<string, int>)g.GroupBy(q => q.Kind).ToDictionary(k => k.Key, k => k.Count())))
            .ToList();
        var top = questions.Where(q => q.AnswerId is not null).GroupBy(q => q.AnswerId!)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).Take(topAnswers)
            .Select(g => (g.Key, g.Count(), (IReadOnlyList<(string, int)>)g.GroupBy(q => q.Text).OrderByDescending(t => t.Count())
                .ThenBy(t => t.Key, StringComparer.Ordinal).Take(5).Select(t => (t.Key, t.Count())).ToList()))
            .ToList();
        var votes = feedback.Where(f => f.AnswerId is not null && f.Kind is FeedbackKind.Helpful or FeedbackKind.NotHelpful)
            .GroupBy(f => f.AnswerId!).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (g.Key, g.Count(f => f.Kind == FeedbackKind.Helpful), g.Count(f => f.Kind == FeedbackKind.NotHelpful)))
            .ToList();
        var bins = new int[Bins];
        foreach (var q in questions.Where(q => q.Kind != "choice"))
        {
            bins[Math.Clamp((int)(q.Confidence * Bins), 0, Bins - 1)]++;
        }

        return new CuratorReport(perDay, top, votes, questions.Count(q => q.Kind == "did-you-mean"), questions.Count(q => q.Kind == "choice"),
            feedback.Count(f => f.Kind == FeedbackKind.NoneOfThese), bins, ReviewQueue.Build(feedback.OrderBy(f => f.Time)));
    }
}
