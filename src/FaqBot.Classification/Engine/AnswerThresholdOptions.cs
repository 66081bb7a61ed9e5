using System.ComponentModel.DataAnnotations;
using FaqBot.Core.Decision;

namespace FaqBot.Classification.Engine;

/// <summary>
/// Overrides of the thresholds fitted with the ranking model; configure under "Answers". A value left out keeps the
/// fitted one, which is what `eval --all` measured.
/// </summary>
public sealed class AnswerThresholdOptions : IValidatableObject
{
    public const string SectionName = AnswerPolicyOptions.SectionName;

    /// <inheritdoc cref="AnswerPolicyOptions.AnswerThreshold"/>
    [Range(0.0, 1.0)]
    public float? AnswerThreshold { get; set; }

    /// <inheritdoc cref="AnswerPolicyOptions.FactThreshold"/>
    [Range(0.0, 1.0)]
    public float? FactThreshold { get; set; }

    /// <inheritdoc cref="AnswerPolicyOptions.DidYouMeanThreshold"/>
    [Range(0.0, 1.0)]
    public float? DidYouMeanThreshold { get; set; }

    /// <inheritdoc cref="AnswerPolicyOptions.AlternativeGap"/>
    [Range(0.0, 10.0)]
    public float? AlternativeGap { get; set; }

    /// <inheritdoc cref="AnswerPolicyOptions.JoinGap"/>
    [Range(0.0, AnswerPolicyOptions.AnyJoinGap)]
    public float? JoinGap { get; set; }

    /// <summary>The fitted thresholds with these overrides applied.</summary>
    public AnswerPolicyOptions Over(AnswerPolicyOptions fitted)
    {
        ArgumentNullException.ThrowIfNull(fitted);
        return new AnswerPolicyOptions
        {
            AnswerThreshold = AnswerThreshold ?? fitted.AnswerThreshold,
            FactThreshold = FactThreshold ?? fitted.FactThreshold,
            DidYouMeanThreshold = DidYouMeanThreshold ?? fitted.DidYouMeanThreshold,
            AlternativeGap = AlternativeGap ?? fitted.AlternativeGap,
            JoinGap = JoinGap ?? fitted.JoinGap,
        };
    }

    /// <summary>Overrides that contradict each other are refused; one that contradicts a fitted value shows when it is applied.</summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) =>
        DidYouMeanThreshold is { } choice && ((AnswerThreshold is { } answer && choice > answer) || (FactThreshold is { } fact && choice > fact))
            ? [new ValidationResult($"{nameof(DidYouMeanThreshold)} ({choice}) must not exceed {nameof(AnswerThreshold)} or {nameof(FactThreshold)}.",
                [nameof(DidYouMeanThreshold), nameof(AnswerThreshold), nameof(FactThreshold)])]
            : [];
}
