using FaqBot.Core.Knowledge;

namespace FaqBot.Core.Decision;

/// <summary>A label and the classifier's probability for it.</summary>
public readonly record struct LabelScore(string Label, float Probability);

/// <summary>
/// Decides what to say from the ranked candidate answers and the confidence that the best one is right: answer it
/// (offering the close runners-up beside it), offer a choice when no candidate is sure enough, or say honestly that
/// the essay has no answer. The ranking and the confidence are learned; this says what each outcome is.
/// </summary>
public sealed class AnswerPolicy(Essay essay, AnswerPolicyOptions options)
{
    /// <summary>The label of the class trained on questions the essay does not cover.</summary>
    public const string OutOfScopeLabel = "out-of-scope";

    private const int MaxChoices = 3;
    private const int MaxAlternatives = 2;
    private const int MaxQuoted = 3;

    public AnswerPolicyOptions Options => options;

    /// <param name="ranked">Candidates, best first.</param>
    /// <param name="confidence">How likely the best candidate is the right answer (0-1).</param>
    /// <param name="offTopic">The question reads as off-topic: a fallback says the essay does not cover it.</param>
    public Answer Decide(IReadOnlyList<RankedCandidate> ranked, float confidence, bool offTopic)
    {
        ArgumentNullException.ThrowIfNull(ranked);
        var certainty = new AnswerConfidence(confidence, ranked.Count > 1 ? ranked[0].Score - ranked[1].Score : confidence);
        if (ranked.Count == 0 || confidence < options.DidYouMeanThreshold)
        {
            // Its buttons are the FAQ entries ranked nearest: a terse question the model was unsure of ("solo?") is often
            // one of them, and for any other they are as good examples of what to ask as any.
            return new FallbackAnswer(offTopic || ranked.Count == 0 ? null : ranked[0].Section, OutOfScope: offTopic, certainty)
            {
                Nearest = Choices(ranked.Where(c => c.Kind == CandidateKind.Faq)).Take(MaxChoices).ToList(),
            };
        }

        var top = ranked.Count > 1 && Together(ranked[0], ranked[1], options.JoinGap) is { } passage ? ranked[0] with { Passage = passage } : ranked[0];
        var close = Choices(ranked.TakeWhile(c => c.Score >= top.Score - options.AlternativeGap)).ToList();
        if (confidence >= (top.Kind == CandidateKind.Sentence ? options.FactThreshold : options.AnswerThreshold))
        {
            var own = ChoiceId(top);
            return AnswerWith(top, certainty) with { Alternatives = close.Where(c => c.Id != own).Take(MaxAlternatives).ToList() };
        }

        return new DidYouMeanAnswer(close.Take(MaxChoices).ToList(), certainty);
    }

    /// <summary>The answer for an id the user chose (a button, an FAQ question typed word for word).</summary>
    public Answer AnswerWith(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        var sure = new AnswerConfidence(1f, 1f);
        if (id.StartsWith("faq:", StringComparison.Ordinal))
        {
            var faq = essay.Faq(id);
            return new FaqAnswer(faq, essay.Section(faq.SectionId), sure);
        }

        return new SectionAnswer(essay.Section(id), sure);
    }

    private Answer AnswerWith(RankedCandidate candidate, AnswerConfidence confidence) => candidate.Kind switch
    {
        CandidateKind.Faq => new FaqAnswer(essay.Faq(candidate.AnswerId), candidate.Section, confidence),
        CandidateKind.Section => new SectionAnswer(candidate.Section, confidence),
        _ => new FactAnswer(candidate.Passage, candidate.Section, confidence),
    };

    /// <summary>
    /// The two best sentences as one quote when they stand next to each other in the essay: the first often names the
    /// subject and the second gives the fact ("...the Geneva Summit in June 2021. President Biden and President Putin
    /// met there."), and which of the two the ranker put first matters less than quoting both. Three sentences at most,
    /// and only when the next is within <see cref="AnswerPolicyOptions.JoinGap"/> of the best: far behind, it is
    /// rarely the answer and mostly one more sentence to read.
    /// </summary>
    private static IReadOnlyList<string>? Together(RankedCandidate best, RankedCandidate next, float gap)
    {
        if (best.Kind != CandidateKind.Sentence || next.Kind != CandidateKind.Sentence || best.Section.Id != next.Section.Id || next.Score < best.Score - gap)
        {
            return null;
        }

        var sentences = best.Section.Sentences;
        var indices = best.Passage.Concat(next.Passage).Select(p => IndexOf(sentences, p)).Distinct().Order().ToList();
        return indices.Count <= MaxQuoted && indices[0] >= 0 && indices[^1] - indices[0] == indices.Count - 1
            ? indices.Select(i => sentences[i]).ToList()
            : null;
    }

    private static int IndexOf(IReadOnlyList<string> sentences, string sentence)
    {
        for (var i = 0; i < sentences.Count; i++)
        {
            if (sentences[i] == sentence)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>What a button can offer for a candidate: the FAQ entry, or the section (a sentence's section).</summary>
    private static string ChoiceId(RankedCandidate candidate) => candidate.AnswerId;

    private IEnumerable<AnswerCandidate> Choices(IEnumerable<RankedCandidate> candidates) =>
        candidates.DistinctBy(ChoiceId).Select(c => c.Kind == CandidateKind.Faq
            ? new AnswerCandidate(c.AnswerId, essay.Faq(c.AnswerId).Title, c.Score)
            : new AnswerCandidate(c.AnswerId, c.Section.Title, c.Score));
}
