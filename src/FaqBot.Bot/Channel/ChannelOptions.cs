using System.ComponentModel.DataAnnotations;

namespace FaqBot.Bot.Channel;

/// <summary>What the bot accepts from the channel and whom it sends replies to. Configure under "Channel".</summary>
public sealed class ChannelOptions
{
    public const string SectionName = "Channel";

    /// <summary>A Bot Framework activity for a chat message is a few KB; a larger body is refused (413) unread.</summary>
    [Range(4 * 1024, 16 * 1024 * 1024)]
    public int MaxRequestBytes { get; set; } = 256 * 1024;

    /// <summary>Messages one user (channel + user id) may send a minute before getting 429.</summary>
    [Range(1, 100_000)]
    public int MessagesPerUserPerMinute { get; set; } = 30;

    /// <summary>Messages one conversation (a group chat or channel has many users) may carry a minute.</summary>
    [Range(1, 1_000_000)]
    public int MessagesPerConversationPerMinute { get; set; } = 120;

    /// <summary>Web chat conversations one client address may start a minute.</summary>
    [Range(1, 100_000)]
    public int WebChatConversationsPerAddressPerMinute { get; set; } = 10;

    /// <summary>
    /// Hosts replies may be sent to in authenticated mode, besides the Bot Framework's own (botframework.com,
    /// trafficmanager.net, botframework.azure.us, teams.microsoft.com and their subdomains). A service URL elsewhere
    /// is never called: an activity cannot make the bot post to an address of the sender's choosing.
    /// </summary>
    public List<string> AllowedServiceUrlHosts { get; set; } = [];
}
