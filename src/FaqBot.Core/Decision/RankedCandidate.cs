using FaqBot.Core.Knowledge;

namespace FaqBot.Core.Decision;

/// <summary>What a candidate answer is: an FAQ entry's answer, a section's summary, or a sentence of the essay.</summary>
public enum CandidateKind
{
    Faq,
    Section,
    Sentence,
}

/// <summary>
/// One answer FaqBot could give, scored by the ranker for a question. <see cref="AnswerId"/> is the FAQ entry's id, or
/// the section's for a section or a sentence; <see cref="Passage"/> is what a sentence answer quotes (the sentence, with
/// the one before it when that names its subject), empty otherwise.
/// </summary>
public sealed record RankedCandidate(CandidateKind Kind, string AnswerId, Section Section, IReadOnlyList<string> Passage, float Score);
