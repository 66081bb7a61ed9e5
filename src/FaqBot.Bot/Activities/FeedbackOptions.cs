using System.ComponentModel.DataAnnotations;

namespace FaqBot.Bot.Activities;

/// <summary>Where votes, fallbacks and rejected did-you-means are recorded for the `review` tool. Configure under "Feedback".</summary>
public sealed class FeedbackOptions
{
    public const string SectionName = "Feedback";

    [Required(AllowEmptyStrings = false)]
    public string LogPath { get; set; } = Path.Combine(
        Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify),
        "FaqBot", "feedback.jsonl");
}
