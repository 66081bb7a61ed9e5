using System.ComponentModel.DataAnnotations;

namespace FaqBot.Core.Decision;

/// <summary>
/// The thresholds that turn ranked candidates and the confidence in the best one into answer / did-you-mean /
/// fallback. They are fitted with the ranker, across essays (`fit`; see README.md, Answer quality), and ship with it;
/// configure them under "Answers" only to override what was fitted.
/// </summary>
public sealed class AnswerPolicyOptions : IValidatableObject
{
    public const string SectionName = "Answers";

    /// <summary>The confidence that the best candidate, an FAQ entry or a section, is right needed to answer with it.</summary>
    [Range(0.0, 1.0)]
    public float AnswerThreshold { get; set; } = 0.5f;

    /// <summary>
    /// The confidence needed to quote the best candidate when it is a sentence. A wrong sentence costs less than a wrong
    /// rebuttal (it comes from the section asked about, which the reply names), so this is fitted on its own.
    /// </summary>
    [Range(0.0, 1.0)]
    public float FactThreshold { get; set; } = 0.5f;

    /// <summary>The confidence below which FaqBot does not even offer choices, and says it has no answer.</summary>
    [Range(0.0, 1.0)]
    public float DidYouMeanThreshold { get; set; } = 0.2f;

    /// <summary>How far behind the best candidate's ranker score another may be to be offered beside it.</summary>
    [Range(0.0, 10.0)]
    public float AlternativeGap { get; set; } = 1f;

    /// <summary>
    /// How far behind the best sentence's ranker score the next may be and still be quoted with it when the two stand
    /// side by side. The default joins them at any distance, as every model fitted before this was measured.
    /// </summary>
    [Range(0.0, AnyJoinGap)]
    public float JoinGap { get; set; } = AnyJoinGap;

    /// <summary>A join gap wider than any two sentences' scores are apart (the widest seen over the fifteen essays is 13).</summary>
    public const float AnyJoinGap = 100f;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (DidYouMeanThreshold > AnswerThreshold || DidYouMeanThreshold > FactThreshold)
        {
            yield return new ValidationResult(
                $"{nameof(DidYouMeanThreshold)} ({DidYouMeanThreshold}) must not exceed {nameof(AnswerThreshold)} ({AnswerThreshold}) or {nameof(FactThreshold)} ({FactThreshold}).",
                [nameof(DidYouMeanThreshold), nameof(AnswerThreshold), nameof(FactThreshold)]);
        }
    }
}
