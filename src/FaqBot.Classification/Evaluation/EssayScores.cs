using FaqBot.Core.Decision;

namespace FaqBot.Classification.Evaluation;

/// <summary>What a user got for one evaluation question, in the terms the scores count.</summary>
/// <param name="Answered">The FAQ entry or section answered with; null for a choice or a fallback.</param>
/// <param name="Offered">The ids a did-you-mean offered, or the alternatives offered beside an answer.</param>
public sealed record Outcome(LabelledQuestion Question, string? Answered, bool Choice, IReadOnlyList<string> Offered, bool Right, double Value, string Description)
{
    /// <summary>For a fact question answered with a quote, the sentences quoted.</summary>
    public int QuotedSentences { get; init; }

    /// <summary>For a fact question answered with a quote, the quoted sentences that hold the answer.</summary>
    public int HoldingSentences { get; init; }

    public static Outcome Of(Answer answer, LabelledQuestion question)
    {
        ArgumentNullException.ThrowIfNull(answer);
        ArgumentNullException.ThrowIfNull(question);
        var offered = answer is DidYouMeanAnswer choice ? choice.Candidates.Select(c => c.Id) : answer.Alternatives.Select(c => c.Id);
        var quoted = question.IsFact ? Judge.QuotedSentences(answer).Count : 0;
        return new Outcome(question, Judge.AnsweredId(answer), answer is DidYouMeanAnswer, offered.ToList(), Judge.IsRight(answer, question),
            Judge.Value(answer, question), Describe(answer))
        {
            QuotedSentences = quoted,
            HoldingSentences = quoted == 0 ? 0 : quoted - Judge.ExtraSentences(answer, question.Fragment!),
        };
    }

    public static string Describe(Answer answer) => answer switch
    {
        FaqAnswer faq => $"{answer.Kind} {faq.Faq.Id}{Alternatives(answer)}",
        FactAnswer fact => $"fact [{fact.Section.Id}] {string.Join(" ", fact.Sentences)}{Alternatives(answer)}",
        SectionAnswer section => $"section summary {section.Section.Id}{Alternatives(answer)}",
        DidYouMeanAnswer choice => $"did-you-mean {string.Join(" | ", choice.Candidates.Select(c => c.Id))}",
        FallbackAnswer fallback => fallback.OutOfScope ? "fallback (off-topic)" : $"fallback (closest {fallback.ClosestSection?.Id})",
        _ => answer.GetType().Name,
    };

    private static string Alternatives(Answer answer) =>
        answer.Alternatives.Count == 0 ? string.Empty : $" (or: {string.Join(" | ", answer.Alternatives.Select(c => c.Id))})";
}

/// <summary>
/// The numbers one system earns on one essay's evaluation questions. FAQ questions are those labelled with an FAQ entry;
/// in-scope, those labelled with an FAQ entry or a section.
/// </summary>
public sealed record EssayScores(string System, string Essay, IReadOnlyList<Outcome> Outcomes)
{
    private IEnumerable<Outcome> Faq => Outcomes.Where(o => o.Question.IsFaq);

    private IEnumerable<Outcome> InScope => Outcomes.Where(o => !o.Question.IsFact && !o.Question.IsOffTopic);

    private IEnumerable<Outcome> Facts => Outcomes.Where(o => o.Question.IsFact);

    private IEnumerable<Outcome> OffTopic => Outcomes.Where(o => o.Question.IsOffTopic);

    public Share FaqDirect => new(Faq.Count(o => o.Right), Faq.Count());

    public Share FaqOffered => new(Faq.Count(o => o.Choice && o.Offered.Contains(o.Question.Label!)), Faq.Count());

    public Share Wrong => new(InScope.Count(o => o.Answered is not null && !o.Right), InScope.Count());

    public Share Coverage => new(InScope.Count(o => o.Answered is not null), InScope.Count());

    public Share FactRight => new(Facts.Count(o => o.Right), Facts.Count());

    public Share OffTopicRecall => new(OffTopic.Count(o => o.Right), OffTopic.Count());

    /// <summary>Of the sentences the right fact quotes show, those that hold the answer: the others are read for nothing.</summary>
    public Share FactQuoteHolding => new(Facts.Where(o => o.Right).Sum(o => o.HoldingSentences), Facts.Where(o => o.Right).Sum(o => o.QuotedSentences));

    /// <summary>The summed reply values (see <see cref="Judge"/>) over every question; the best possible is one a question.</summary>
    public double Utility => Outcomes.Sum(o => o.Value);
}

/// <summary>A count out of a total.</summary>
public readonly record struct Share(int Count, int Total)
{
    public double Rate => Total == 0 ? 0 : (double)Count / Total;

    /// <summary>
    /// The one-sided 95 % Wilson lower bound of the rate: what a set of this size can promise about the rate on other
    /// questions like these. Floors in tests come from it.
    /// </summary>
    public double LowerBound
    {
        get
        {
            if (Total == 0)
            {
                return 0;
            }

            const double z = 1.645;
            var p = Rate;
            var n = (double)Total;
            var centre = p + (z * z / (2 * n));
            var spread = z * Math.Sqrt((p * (1 - p) / n) + (z * z / (4 * n * n)));
            return (centre - spread) / (1 + (z * z / n));
        }
    }

    /// <summary>The one-sided 95 % Wilson upper bound (for rates that should stay low, like wrong answers).</summary>
    public double UpperBound => 1 - new Share(Total - Count, Total).LowerBound;

    public override string ToString() => $"{Count}/{Total}";
}
