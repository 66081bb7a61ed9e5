using FaqBot.Classification.Retrieval;
using FaqBot.Core.Decision;
using FaqBot.Core.Knowledge;

namespace FaqBot.Classification.Evaluation;

/// <summary>
/// A question with what a right reply is: an expected label (an FAQ entry, a section, or out-of-scope) or, for a fact
/// question, a fragment of the one sentence that answers it.
/// </summary>
public sealed record LabelledQuestion(string Text, string? Label, string? Fragment)
{
    public bool IsFact => Fragment is not null;

    public bool IsOffTopic => Label == AnswerPolicy.OutOfScopeLabel;

    public bool IsFaq => Label is not null && Label.StartsWith("faq:", StringComparison.Ordinal);
}

/// <summary>What a reply is worth to the person who asked, and whether an answer or a candidate is right.</summary>
/// <remarks>
/// The right answer +1, less 0.05 for each runner-up shown beside it; a did-you-mean that offers it +0.5; an honest
/// fallback 0; a wrong answer -2, or -0.5 when the right one is offered beside it. For an off-topic question a fallback
/// +1, a did-you-mean -0.5, an answer -2. For a fact question the right sentence +1, less 0.05 for each sentence quoted
/// with it that does not hold the answer; another sentence or FAQ answer -1,
/// anything else 0. A wrong FAQ or myth answer costs twice a right one: it rebuts the wrong claim with confidence, where
/// a did-you-mean or an honest "not sure" misleads no one; a wrong fact sentence still comes from the section the
/// question is about, which the reply names.
/// </remarks>
public static class Judge
{
    public const double WrongAnswerCost = 2;

    /// <summary>What each runner-up shown beside a right answer costs: one more thing to read, where none was needed.</summary>
    public const double AlternativeCost = 0.05;

    public static double Value(Answer answer, LabelledQuestion question)
    {
        ArgumentNullException.ThrowIfNull(answer);
        ArgumentNullException.ThrowIfNull(question);
        if (question.IsFact)
        {
            return Quoted(answer) is { Length: > 0 } quoted
                ? quoted.Contains(question.Fragment!, StringComparison.Ordinal) ? 1 - (AlternativeCost * ExtraSentences(answer, question.Fragment!)) : -1
                : 0;
        }

        if (question.IsOffTopic)
        {
            return answer switch
            {
                FallbackAnswer => 1,
                DidYouMeanAnswer => -0.5,
                _ => -WrongAnswerCost,
            };
        }

        return answer switch
        {
            FallbackAnswer => 0,
            DidYouMeanAnswer choice => choice.Candidates.Any(c => c.Id == question.Label) ? 0.5 : 0,
            _ when IsRight(answer, question) => 1 - (AlternativeCost * answer.Alternatives.Count),
            _ when answer.Alternatives.Any(c => c.Id == question.Label) => -0.5,
            _ => -WrongAnswerCost,
        };
    }

    /// <summary>The quoted sentences that do not hold the answer: each is one more thing to read, as a runner-up is.</summary>
    public static int ExtraSentences(Answer answer, string fragment) => QuotedSentences(answer).Count(s => !s.Contains(fragment, StringComparison.Ordinal));

    /// <summary>The reply answers the question rightly (for an off-topic question: says it has no answer).</summary>
    public static bool IsRight(Answer answer, LabelledQuestion question)
    {
        ArgumentNullException.ThrowIfNull(answer);
        ArgumentNullException.ThrowIfNull(question);
        if (question.IsFact)
        {
            return Quoted(answer).Contains(question.Fragment!, StringComparison.Ordinal);
        }

        return question.IsOffTopic ? answer is FallbackAnswer : AnsweredId(answer) == question.Label;
    }

    /// <summary>The FAQ entry or section an answer gives (a quoted sentence gives its section); null for a choice or a fallback.</summary>
    public static string? AnsweredId(Answer answer) => answer?.About.Id;

    /// <summary>The essay text a reply quotes as its answer: an FAQ answer or the sentences of a fact.</summary>
    public static string Quoted(Answer answer) => string.Join(" ", QuotedSentences(answer));

    /// <summary>The sentences of <see cref="Quoted"/>, none for a reply that quotes nothing.</summary>
    public static IReadOnlyList<string> QuotedSentences(Answer answer) =>
        answer?.Kind is ReplyKind.Faq or ReplyKind.Myth or ReplyKind.Fact ? answer.About.Quoted : [];

    /// <summary>How right a candidate is, for the ranker: 2 the answer; 1 acceptable (a sentence of the section asked about); 0 not.</summary>
    public static float Relevance(Candidate candidate, LabelledQuestion question, Essay essay)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(question);
        ArgumentNullException.ThrowIfNull(essay);
        if (question.IsFact)
        {
            return candidate.Kind switch
            {
                CandidateKind.Sentence when candidate.Passage.Any(p => p.Contains(question.Fragment!, StringComparison.Ordinal)) =>
                    candidate.Key.Contains(question.Fragment!, StringComparison.Ordinal) ? 2 : 1,
                CandidateKind.Faq when essay.Faq(candidate.AnswerId).Answer.Contains(question.Fragment!, StringComparison.Ordinal) => 2,
                _ => 0,
            };
        }

        if (question.IsOffTopic || candidate.AnswerId != question.Label)
        {
            return 0;
        }

        // A request for a topic wants its summary; another question labelled with a section wants what the section says
        // about it, which may be either a sentence of it or its summary.
        return candidate.Kind == CandidateKind.Section && QuestionForm.Of(question.Text).TopicRequest ? 2 : 1;
    }

    /// <summary>Whether answering with the candidate would be right.</summary>
    public static bool IsRight(Candidate candidate, LabelledQuestion question, Essay essay) => Relevance(candidate, question, essay) > 0;
}
