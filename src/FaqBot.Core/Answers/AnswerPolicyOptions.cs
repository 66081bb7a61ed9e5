using System.ComponentModel.DataAnnotations;

namespace FaqBot.Core.Answers;

/// <summary>
/// The thresholds that turn a classifier ranking into answer / did-you-mean / fallback. The defaults are the ones
/// `eval` chooses on the default essay's calibration split, never on the held-out set the numbers are reported on
/// (see README.md, Answer quality); configure them under "Answers".
/// </summary>
public sealed class AnswerPolicyOptions : IValidatableObject
{
    public const string SectionName = "Answers";

    /// <summary>The top answer's probability needed to answer outright.</summary>
    [Range(0.0, 1.0)]
    public float AnswerThreshold { get; set; } = 0.75f;

    /// <summary>The lead over the runner-up needed to answer outright; closer than this, the user is asked to choose.</summary>
    [Range(0.0, 1.0)]
    public float MinimumMargin { get; set; } = 0.3f;

    /// <summary>The probability a candidate needs to be offered in a did-you-mean choice.</summary>
    [Range(0.0, 1.0)]
    public float DidYouMeanThreshold { get; set; } = 0.05f;

    /// <summary>The out-of-scope class's probability above which a question is declared off-topic.</summary>
    [Range(0.0, 1.0)]
    public float OutOfScopeThreshold { get; set; } = 0.45f;

    /// <summary>The sentence score (0-1, term overlap and meaning) needed to answer with a sentence of the matched section.</summary>
    [Range(0.0, 1.0)]
    public float FactThreshold { get; set; } = 0.3f;

    /// <summary>The sentence score that answers a factual question even when the classifier is unsure of its section.</summary>
    [Range(0.0, 1.0)]
    public float StrongFactThreshold { get; set; } = 0.65f;

    /// <summary>
    /// The lead over the next sentence that lets the best sentence of the sections the classifier hesitates between answer
    /// a factual question (what, which, who, when, where, how) the classifier cannot place; 1 never answers that way.
    /// A quoted sentence that leads the later one completing it by less is quoted with that one.
    /// </summary>
    [Range(0.0, 1.0)]
    public float FactLead { get; set; } = 0.15f;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (DidYouMeanThreshold > AnswerThreshold)
        {
            yield return new ValidationResult(
                $"{nameof(DidYouMeanThreshold)} ({DidYouMeanThreshold}) must not exceed {nameof(AnswerThreshold)} ({AnswerThreshold}).",
                [nameof(DidYouMeanThreshold), nameof(AnswerThreshold)]);
        }

        if (FactThreshold > StrongFactThreshold)
        {
            yield return new ValidationResult(
                $"{nameof(FactThreshold)} ({FactThreshold}) must not exceed {nameof(StrongFactThreshold)} ({StrongFactThreshold}).",
                [nameof(FactThreshold), nameof(StrongFactThreshold)]);
        }
    }
}
