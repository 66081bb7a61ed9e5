using FaqBot.Core.Knowledge;

namespace FaqBot.Core.Decision;

/// <summary>What FaqBot decided to say, before it is worded. Every text it carries is the essay's own.</summary>
public abstract record Answer(AnswerConfidence Confidence)
{
    public ReplyKind Kind => About.Kind;

    /// <summary>What this answer is, in the terms every consumer uses: the one place that says it.</summary>
    public abstract AnswerAbout About { get; }

    /// <summary>Other answers that came close, offered beside this one ("Or did you mean ..."); empty when none did.</summary>
    public IReadOnlyList<AnswerCandidate> Alternatives { get; init; } = [];
}

/// <summary>An FAQ entry matched; when it voices a myth, the reply is worded as a rebuttal.</summary>
/// <param name="Evidence">The body sentences that support the entry's answer (none when no sentence supports it well).</param>
/// <param name="Stance">What the user did with the entry's myth, when it voices one: asked, stated it, or agreed with the essay.</param>
public sealed record FaqAnswer(FaqEntry Faq, Section Section, AnswerConfidence Confidence) : Answer(Confidence)
{
    public IReadOnlyList<EssaySentence> Evidence { get; init; } = [];

    public Stance Stance { get; init; } = Stance.Unsure;

    public override AnswerAbout About =>
        new(Faq.Myth is null ? ReplyKind.Faq : ReplyKind.Myth, Faq.Id, Section, SentenceOf(Faq.Answer), Confidence.Probability);

    private static IReadOnlyList<string> SentenceOf(string answer) => Text.SentenceSplitter.Split(answer);
}

/// <summary>What a user's message does with a myth the essay rebuts.</summary>
public enum Stance
{
    /// <summary>Not told apart with enough confidence: the answer is given neutrally.</summary>
    Unsure,

    /// <summary>Asks whether the claim holds ("do sanctions work?").</summary>
    Asks,

    /// <summary>States the myth as true ("sanctions always work").</summary>
    StatesMyth,

    /// <summary>States what the essay holds ("sanctions sometimes help").</summary>
    Agrees,
}

/// <summary>The sentence or two of a section that answer a factual question.</summary>
/// <param name="LessSure">Found by keywords alone because the full answer path failed: the reply says it is less sure.</param>
public sealed record FactAnswer(IReadOnlyList<string> Sentences, Section Section, AnswerConfidence Confidence, bool LessSure = false)
    : Answer(Confidence)
{
    public override AnswerAbout About => new(ReplyKind.Fact, Section.Id, Section, Sentences, Confidence.Probability);
}

/// <summary>A request about a whole topic ("tell me about the history"), answered with the section's summary.</summary>
public sealed record SectionAnswer(Section Section, AnswerConfidence Confidence) : Answer(Confidence)
{
    public override AnswerAbout About => new(ReplyKind.Section, Section.Id, Section, Section.Summary.Sentences, Confidence.Probability);
}

/// <summary>Two or three answers were close: the user picks one.</summary>
public sealed record DidYouMeanAnswer(IReadOnlyList<AnswerCandidate> Candidates, AnswerConfidence Confidence) : Answer(Confidence)
{
    public override AnswerAbout About => new(ReplyKind.DidYouMean, null, null, [], Confidence.Probability);
}

/// <summary>No answer was good enough. <paramref name="ClosestSection"/> is null when the question is off-topic.</summary>
public sealed record FallbackAnswer(Section? ClosestSection, bool OutOfScope, AnswerConfidence Confidence) : Answer(Confidence)
{
    /// <summary>The FAQ entries ranked closest to the question, best first, offered as questions to try; empty when none were ranked.</summary>
    public IReadOnlyList<AnswerCandidate> Nearest { get; init; } = [];

    public override AnswerAbout About =>
        new(ReplyKind.Fallback, null, ClosestSection, ClosestSection?.Summary.Sentences ?? [], Confidence.Probability);
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

/// <summary>What an answer is: its kind, the FAQ entry or section it gives, the section it stands on and the sentences it quotes.</summary>
/// <param name="Id">The FAQ entry or section answered with (a quoted sentence gives its section); null for a choice or a fallback.</param>
/// <param name="Section">The section the answer comes from; for a fallback, the closest one, if any.</param>
/// <param name="Quoted">The essay sentences the answer shows as its answer.</param>
public sealed record AnswerAbout(ReplyKind Kind, string? Id, Section? Section, IReadOnlyList<string> Quoted, float Confidence)
{
    /// <summary>The kind as metrics and logs name it.</summary>
    public string KindName => Kind switch
    {
        ReplyKind.DidYouMean => "did-you-mean",
        _ => Kind.ToString().ToLowerInvariant(),
    };
}

/// <summary>A possible answer: an FAQ entry or a section, with its ranker score.</summary>
public sealed record AnswerCandidate(string Id, string Title, float Probability);

/// <summary>How sure FaqBot is: the confidence that the answer is right, and the best candidate's lead over the next.</summary>
public readonly record struct AnswerConfidence(float Probability, float Margin)
{
    public static AnswerConfidence None => new(0f, 0f);
}
