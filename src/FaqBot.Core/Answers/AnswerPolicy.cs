using System.Text.RegularExpressions;
using FaqBot.Core.Knowledge;
using FaqBot.Core.Text;

namespace FaqBot.Core.Answers;

/// <summary>A label and the classifier's probability for it.</summary>
public readonly record struct LabelScore(string Label, float Probability);

/// <summary>
/// An essay sentence scored against a question: <see cref="Score"/> blends term overlap and meaning, 0-1.
/// <see cref="Passage"/> is what to quote: the sentence, or the sentence with the one before it when that one names its subject.
/// <see cref="Continuation"/>, when there is one, is a later sentence of the paragraph that reads with this one as its
/// context and holds something asked for that this one lacks: this one may only name the subject that one gives the fact about.
/// </summary>
public sealed record SentenceMatch(EssaySentence Sentence, float Score, IReadOnlyList<string> Passage, SentenceMatch? Continuation = null);

/// <summary>
/// Decides what to say from the classifier's ranking and the best-matching sentences: the FAQ or myth answer,
/// the sentence that answers a fact, a section's summary, a did-you-mean choice, or an honest fallback.
/// </summary>
public sealed partial class AnswerPolicy(Essay essay, AnswerPolicyOptions options)
{
    /// <summary>The label of the class trained on questions the essay does not cover.</summary>
    public const string OutOfScopeLabel = "out-of-scope";

    private const int MaxChoices = 3;

    // How much better a sentence elsewhere must score to overrule the section the classifier chose.
    private const float SectionSwitchMargin = 0.1f;

    // Words that ask for a topic rather than a fact: "tell me about the history", "summary of the conclusion".
    private static readonly HashSet<string> TopicRequestWords = new(StringComparer.Ordinal)
    {
        "tell", "about", "more", "explain", "summary", "summarize", "summarise", "overview", "section", "topic",
        "part", "describe", "give", "talk", "discuss", "info", "information", "general", "background", "detail",
        "anything", "everything", "stuff", "regard", "essay", "bit", "lot", "what", "go", "on", "now",
    };

    private readonly Dictionary<string, HashSet<string>> _titleTerms = essay.Sections.ToDictionary(
        s => s.Id, s => TextNormalizer.Terms(s.Title).ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal);

    public Answer Decide(string question, IReadOnlyList<LabelScore> ranking, IReadOnlyList<SentenceMatch> sentenceMatches)
    {
        ArgumentNullException.ThrowIfNull(ranking);
        ArgumentNullException.ThrowIfNull(sentenceMatches);
        var bestSentence = sentenceMatches.Count > 0 ? sentenceMatches.MaxBy(m => m.Score) : null;
        var outOfScope = ranking.FirstOrDefault(r => r.Label == OutOfScopeLabel).Probability;
        var answers = ranking.Where(r => r.Label != OutOfScopeLabel).OrderByDescending(r => r.Probability).ToList();
        var top = answers.FirstOrDefault();
        var runnerUp = answers.Skip(1).FirstOrDefault();
        var confidence = new AnswerConfidence(top.Probability, top.Probability - runnerUp.Probability);

        if (outOfScope >= options.OutOfScopeThreshold && outOfScope > top.Probability)
        {
            // A sentence that matches this well means the question is about the essay after all.
            return bestSentence is not null && bestSentence.Score >= options.StrongFactThreshold
                ? Fact(bestSentence, new AnswerConfidence(bestSentence.Score, 0f))
                : new FallbackAnswer(null, OutOfScope: true, new AnswerConfidence(outOfScope, outOfScope - top.Probability));
        }

        if (top.Label is not null && top.Probability >= options.AnswerThreshold && confidence.Margin >= options.MinimumMargin)
        {
            return AnswerWith(top.Label, question, sentenceMatches, confidence);
        }

        // A question the essay answers word for word is answered, even when the classifier hesitates between topics.
        if (bestSentence is not null && bestSentence.Score >= options.StrongFactThreshold)
        {
            return Fact(bestSentence, new AnswerConfidence(bestSentence.Score, 0f));
        }

        var choices = answers.TakeWhile(a => a.Probability >= options.DidYouMeanThreshold).Take(MaxChoices).ToList();

        // A factual question the classifier cannot place between sections: a sentence of those sections that stands out
        // from the rest answers it, where its absolute score alone would not.
        if (StandingOut(question, choices.Count > 0 ? choices : answers.Take(1), sentenceMatches) is { } standout)
        {
            return Fact(standout.Match, new AnswerConfidence(standout.Match.Score, standout.Lead));
        }

        if (choices.Count >= 2 && top.Probability >= options.DidYouMeanThreshold)
        {
            return new DidYouMeanAnswer(choices.Select(Candidate).ToList(), confidence);
        }

        var closest = top.Label is not null && top.Label.StartsWith("section:", StringComparison.Ordinal)
            ? essay.Section(top.Label)
            : top.Label is not null ? essay.Section(essay.Faq(top.Label).SectionId) : bestSentence?.Sentence.Section;
        return new FallbackAnswer(closest ?? bestSentence?.Sentence.Section, OutOfScope: false, confidence);
    }

    /// <summary>The answer for an id the user chose or the classifier was sure of.</summary>
    public Answer AnswerWith(string id, string question, IReadOnlyList<SentenceMatch> sentenceMatches, AnswerConfidence confidence)
    {
        if (id.StartsWith("faq:", StringComparison.Ordinal))
        {
            var faq = essay.Faq(id);
            return new FaqAnswer(faq, essay.Section(faq.SectionId), confidence);
        }

        var section = essay.Section(id);
        if (IsTopicRequest(question, section))
        {
            return new SectionAnswer(section, confidence);
        }

        var inSection = sentenceMatches.Where(m => m.Sentence.Section.Id == section.Id).MaxBy(m => m.Score);
        var best = sentenceMatches.MaxBy(m => m.Score);
        if (best is not null && best.Score >= options.StrongFactThreshold && best.Score > (inSection?.Score ?? 0f) + SectionSwitchMargin)
        {
            return Fact(best, confidence);
        }

        return inSection is not null && inSection.Score >= options.FactThreshold
            ? Fact(inSection, confidence)
            : new SectionAnswer(section, confidence);
    }

    /// <summary>
    /// The passage as a fact, or, when it is part of an FAQ answer, that whole FAQ answer. A sentence that does not
    /// stand out from its continuation by <see cref="AnswerPolicyOptions.FactLead"/> is quoted with it.
    /// </summary>
    private Answer Fact(SentenceMatch best, AnswerConfidence confidence)
    {
        var passage = best.Continuation is { } next && best.Score - next.Score < options.FactLead ? next.Passage : best.Passage;
        var faq = best.Sentence.Section.IsFaqSection
            ? essay.Faqs.FirstOrDefault(f => f.SectionId == best.Sentence.Section.Id && passage.All(p => f.Answer.Contains(p, StringComparison.Ordinal)))
            : null;
        return faq is not null
            ? new FaqAnswer(faq, best.Sentence.Section, confidence)
            : new FactAnswer(passage, best.Sentence.Section, confidence);
    }

    /// <summary>
    /// For a factual question, the best sentence of the candidates' sections and its lead over the next one there, when
    /// that lead reaches <see cref="AnswerPolicyOptions.FactLead"/>.
    /// </summary>
    private (SentenceMatch Match, float Lead)? StandingOut(string question, IEnumerable<LabelScore> candidates, IReadOnlyList<SentenceMatch> sentenceMatches)
    {
        var sections = candidates.Select(c => SectionOf(c.Label)).ToHashSet(StringComparer.Ordinal);
        if (!FactQuestion().IsMatch(TextNormalizer.Normalize(question)) || sections.Any(s => IsTopicRequest(question, essay.Section(s))))
        {
            return null;
        }

        var ranked = sentenceMatches.Where(m => sections.Contains(m.Sentence.Section.Id)).OrderByDescending(m => m.Score).ToList();
        var best = ranked.FirstOrDefault();
        if (best is null || best.Score < options.FactThreshold)
        {
            return null;
        }

        // A sentence quoted with the best one, or quoting it as its context, is part of the same answer, not a rival.
        var rival = ranked.Skip(1).FirstOrDefault(m => !best.Passage.Contains(m.Sentence.Text, StringComparer.Ordinal) &&
            !m.Passage.Contains(best.Sentence.Text, StringComparer.Ordinal));
        var lead = best.Score - (rival?.Score ?? 0f);
        return lead >= options.FactLead ? (best, lead) : null;
    }

    private string SectionOf(string label) =>
        label.StartsWith("faq:", StringComparison.Ordinal) ? essay.Faq(label).SectionId : label;

    private bool IsTopicRequest(string question, Section section)
    {
        var titleTerms = _titleTerms[section.Id];
        var asked = TextNormalizer.Terms(question).Where(t => !TopicRequestWords.Contains(t)).ToList();
        return asked.All(titleTerms.Contains);
    }

    private AnswerCandidate Candidate(LabelScore score) =>
        score.Label.StartsWith("faq:", StringComparison.Ordinal)
            ? new AnswerCandidate(score.Label, essay.Faq(score.Label).Question, score.Probability)
            : new AnswerCandidate(score.Label, essay.Section(score.Label).Title, score.Probability);

    // What, which, who, when, where, how: a question that asks for something the essay states, not for a verdict (is,
    // does, can) or a reason (why).
    [GeneratedRegex(@"\b(what|which|who|whom|whose|when|where|how)\b")]
    private static partial Regex FactQuestion();
}
