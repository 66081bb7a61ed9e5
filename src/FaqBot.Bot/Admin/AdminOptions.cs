using System.ComponentModel.DataAnnotations;

namespace FaqBot.Bot.Admin;

/// <summary>The curator's console at /admin. Configure under "Admin".</summary>
public sealed class AdminOptions
{
    public const string SectionName = "Admin";

    /// <summary>
    /// A key that opens the console from anywhere (sent as the X-FaqBot-Admin-Key header or through its sign-in form);
    /// empty: the console opens only from this machine.
    /// </summary>
    public string Key { get; set; } = string.Empty;

    /// <summary>With Microsoft Entra ID sign-in configured (the "AzureAd" section), the app role a curator needs.</summary>
    [Required(AllowEmptyStrings = false)]
    public string CuratorRole { get; set; } = "FaqBot.Curator";
}

/// <summary>Every answered question, kept for the console. Configure under "Questions".</summary>
public sealed class QuestionLogOptions
{
    public const string SectionName = "Questions";

    [Required(AllowEmptyStrings = false)]
    public string LogPath { get; set; } = Path.Combine(
        Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify),
        "FaqBot", "questions.jsonl");

    /// <summary>Days a question is kept; 0 records none (the feedback log still keeps votes and fallbacks).</summary>
    [Range(0, 3650)]
    public int RetentionDays { get; set; } = 30;
}
