namespace FaqBot.Core.Feedback;

/// <summary>One question that needs a curator's eye, with how often and how it went wrong.</summary>
public sealed record ReviewItem(int Number, string Question, int Fallbacks, int NoneOfThese, int NotHelpful, string? AnswerId);

/// <summary>
/// What went unanswered or was voted down, one item per distinct question (case and spacing ignored), numbered
/// in the order first seen so the numbers stay the same between listing and choosing.
/// </summary>
public static class ReviewQueue
{
    public static IReadOnlyList<ReviewItem> Build(IEnumerable<FeedbackRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        return records
            .Where(r => r.Kind is not FeedbackKind.Helpful && r.Question.Trim().Length > 0)
            .GroupBy(r => string.Join(" ", r.Question.ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries)))
            .Select((g, i) => new ReviewItem(
                i + 1,
                g.First().Question.Trim(),
                g.Count(r => r.Kind == FeedbackKind.Fallback),
                g.Count(r => r.Kind == FeedbackKind.NoneOfThese),
                g.Count(r => r.Kind == FeedbackKind.NotHelpful),
                g.LastOrDefault(r => r.AnswerId is not null)?.AnswerId))
            .ToList();
    }
}
