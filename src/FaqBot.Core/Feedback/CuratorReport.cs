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
    /// <param name="questions">Read once, record by record: the question log can hold a month of questions.</param>
    public static CuratorReport Build(IEnumerable<QuestionRecord> questions, IReadOnlyList<FeedbackRecord> feedback, Knowledge.Essay essay,
        IEnumerable<(string Label, string Text)> curated)
    {
        ArgumentNullException.ThrowIfNull(essay);
        ArgumentNullException.ThrowIfNull(curated);
        ArgumentNullException.ThrowIfNull(feedback);
        var tally = Tally.Of(questions, q => essay.IsStale(q.AnswerId, q.AnswerHash));
        var examples = curated.ToList();
        var stale = examples.Where(c => c.Label.Contains(':', StringComparison.Ordinal) && essay.SourceHash(c.Label) is null)
            .GroupBy(c => c.Label).Select(g => ("curated examples", g.Key, true, g.Count()))
            .Concat(feedback.Where(f => essay.IsStale(f.AnswerId, f.AnswerHash)).GroupBy(f => f.AnswerId!)
                .Select(g => ("votes and feedback", g.Key, essay.SourceHash(g.Key) is null, g.Count())))
            .Concat(tally.Stale.Select(s => ("questions answered with it", s.AnswerId, essay.SourceHash(s.AnswerId) is null, s.Count)))
            .ToList();
        var labelled = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (label, text) in examples)
        {
            labelled[QuestionLog.Normalise(text)] = label;
        }

        return tally.Report(feedback) with { Stale = stale, Labelled = labelled };
    }

    /// <summary>The reply kinds in the order the console draws them.</summary>
    public static readonly string[] Kinds = ["faq", "myth", "fact", "section", "choice", "did-you-mean", "fallback"];

    public const int Bins = 10;

    /// <param name="questions">Read once, record by record.</param>
    public static CuratorReport Build(IEnumerable<QuestionRecord> questions, IReadOnlyList<FeedbackRecord> feedback, int topAnswers = 10)
    {
        ArgumentNullException.ThrowIfNull(feedback);
        return Tally.Of(questions, stale: null).Report(feedback, topAnswers);
    }

    /// <summary>The question log's counts, gathered in one pass: memory grows with the distinct questions, not the records.</summary>
    private sealed class Tally
    {
        private readonly SortedDictionary<DateOnly, Dictionary<string, int>> _perDay = [];
        private readonly Dictionary<string, int> _answers = new(StringComparer.Ordinal);
        private readonly Dictionary<(string AnswerId, string Text), int> _texts = [];
        private readonly List<string> _staleOrder = [];
        private readonly Dictionary<string, int> _stale = new(StringComparer.Ordinal);
        private readonly int[] _bins = new int[Bins];
        private int _didYouMeans;
        private int _choices;

        /// <summary>The answers <paramref name="stale"/> marks, with their question counts, in the order first met.</summary>
        public IEnumerable<(string AnswerId, int Count)> Stale => _staleOrder.Select(a => (a, _stale[a]));

        public static Tally Of(IEnumerable<QuestionRecord> questions, Func<QuestionRecord, bool>? stale)
        {
            ArgumentNullException.ThrowIfNull(questions);
            var tally = new Tally();
            foreach (var q in questions)
            {
                tally.Add(q, stale?.Invoke(q) == true);
            }

            return tally;
        }

        private void Add(QuestionRecord q, bool stale)
        {
            var day = DateOnly.FromDateTime(q.Time.UtcDateTime);
            if (!_perDay.TryGetValue(day, out var kinds))
            {
                _perDay[day] = kinds = [];
            }

            kinds[q.Kind] = kinds.GetValueOrDefault(q.Kind) + 1;
            if (q.AnswerId is { } answer)
            {
                _answers[answer] = _answers.GetValueOrDefault(answer) + 1;
                _texts[(answer, q.Text)] = _texts.GetValueOrDefault((answer, q.Text)) + 1;
                if (stale)
                {
                    if (!_stale.ContainsKey(answer))
                    {
                        _staleOrder.Add(answer);
                    }

                    _stale[answer] = _stale.GetValueOrDefault(answer) + 1;
                }
            }

            if (q.Kind != "choice")
            {
                _bins[Math.Clamp((int)(q.Confidence * Bins), 0, Bins - 1)]++;
            }

            _didYouMeans += q.Kind == "did-you-mean" ? 1 : 0;
            _choices += q.Kind == "choice" ? 1 : 0;
        }

        public CuratorReport Report(IReadOnlyList<FeedbackRecord> feedback, int topAnswers = 10)
        {
            var perDay = _perDay.Select(d => (d.Key, (IReadOnlyDictionary<string, int>)d.Value)).ToList();
            var textsOf = _texts.GroupBy(t => t.Key.AnswerId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
            var top = _answers.OrderByDescending(a => a.Value).ThenBy(a => a.Key, StringComparer.Ordinal).Take(topAnswers)
                .Select(a => (a.Key, a.Value, (IReadOnlyList<(string, int)>)textsOf[a.Key].OrderByDescending(t => t.Value)
                    .ThenBy(t => t.Key.Text, StringComparer.Ordinal).Take(5).Select(t => (t.Key.Text, t.Value)).ToList()))
                .ToList();
            var votes = feedback.Where(f => f.AnswerId is not null && f.Kind is FeedbackKind.Helpful or FeedbackKind.NotHelpful)
                .GroupBy(f => f.AnswerId!).OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => (g.Key, g.Count(f => f.Kind == FeedbackKind.Helpful), g.Count(f => f.Kind == FeedbackKind.NotHelpful)))
                .ToList();
            return new CuratorReport(perDay, top, votes, _didYouMeans, _choices, feedback.Count(f => f.Kind == FeedbackKind.NoneOfThese), _bins,
                ReviewQueue.Build(feedback.OrderBy(f => f.Time)));
        }
    }
}
