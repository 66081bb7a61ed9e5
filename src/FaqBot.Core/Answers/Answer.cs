using FaqBot.Core.Knowledge;

namespace FaqBot.Core.Answers;

/// <summary>What FaqBot decided to say, before it is worded. Every text it carries is the essay's own.</summary>
public abstract record Answer(AnswerConfidence Confidence)
{
    public abstract ReplyKind Kind { get; }

    /// <summary>Other answers that came close, offered beside this one ("Or did you mean ..."); empty when none did.</summary>
    public IReadOnlyList<AnswerCandidate> Alternatives { get; init; } = [];
}

/// <summary>An FAQ entry matched; when it voices a myth, the reply is worded as a rebuttal.</summary>
public sealed record FaqAnswer(FaqEntry Faq, Section Section, AnswerConfidence Confidence) : Answer(Confidence)
{
    public override ReplyKind Kind => Faq.Myth is null ? ReplyKind.Faq : ReplyKind.Myth;
}

/// <summary>The sentence or two of a section that answer a factual question.</summary>
/// <param name="LessSure">Found by keywords alone because the full answer path failed: the reply says it is less sure.</param>
public sealed record FactAnswer(IReadOnlyList<string> Sentences, Section Section, AnswerConfidence Confidence, bool LessSure = false)
    : Answer(Confidence)
{
    public override ReplyKind Kind => ReplyKind.Fact;
}

/// <summary>A request about a whole topic ("tell me about the history"), answered with the section's summary.</summary>
public sealed record SectionAnswer(Section Section, AnswerConfidence Confidence) : Answer(Confidence)
{
    public override ReplyKind Kind => ReplyKind.Section;
}

/// <summary>Two or three answers were close: the user picks one.</summary>
public sealed record DidYouMeanAnswer(IReadOnlyList<AnswerCandidate> Candidates, AnswerConfidence Confidence) : Answer(Confidence)
{
    public override ReplyKind Kind => ReplyKind.DidYouMean;
}

/// <summary>No answer was good enough. <paramref name="ClosestSection"/> is null when the question is off-topic.</summary>
public sealed record FallbackAnswer(Section? ClosestSection, bool OutOfScope, AnswerConfidence Confidence) : Answer(Confidence)
{
    public override ReplyKind Kind => ReplyKind.Fallback;
}

public enum ReplyKind
{
    Faq,
    Myth,
    Fact,
    Section,
    DidYouMean,
    Fallback,
}

/// <summary>A possible answer: an FAQ entry or a section, with its ranker score.</summary>
public sealed record AnswerCandidate(string Id, string Title, float Probability);

/// <summary>How sure FaqBot is: the confidence that the answer is right, and the best candidate's lead over the next.</summary>
public readonly record struct AnswerConfidence(float Probability, float Margin)
{
    public static AnswerConfidence None => new(0f, 0f);
}
