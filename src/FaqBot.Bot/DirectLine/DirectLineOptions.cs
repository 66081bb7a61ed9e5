using System.ComponentModel.DataAnnotations;

namespace FaqBot.Bot.DirectLine;

/// <summary>
/// The web chat's Direct Line: the bot's own local subset (default), or Azure's Direct Line channel when
/// <see cref="Secret"/> is set. Configure under "DirectLine".
/// </summary>
public sealed class DirectLineOptions
{
    public const string SectionName = "DirectLine";

    /// <summary>Azure Direct Line channel secret. Empty: the bot serves Direct Line itself at /v3/directline.</summary>
    public string Secret { get; set; } = string.Empty;

    /// <summary>Azure's Direct Line endpoint, used only with <see cref="Secret"/> (regional endpoints differ).</summary>
    [Required]
    public Uri Endpoint { get; set; } = new("https://directline.botframework.com/v3/directline/");

    /// <summary>How long a local token opens its conversation; Web Chat refreshes it every 15 minutes.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How long a local conversation is kept after its last activity.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan ConversationLifetime { get; set; } = TimeSpan.FromHours(2);

    /// <summary>Activities one local conversation may hold (questions and replies); a bound on memory per visitor.</summary>
    [Range(10, 100_000)]
    public int MaxActivitiesPerConversation { get; set; } = 1000;

    /// <summary>Local conversations held in memory at once; past it, new visitors are asked to come back later.</summary>
    [Range(1, 10_000_000)]
    public int MaxConversations { get; set; } = 10_000;

    public bool UsesAzure => !string.IsNullOrWhiteSpace(Secret);
}
