using FaqBot.Core.Conversation;
using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;

namespace FaqBot.Bot.Activities;

/// <summary>
/// A message activity as the conversation reads it: the text without the bot's Teams @mention, and the typed action
/// when a FaqBot button sent one in its value. Anything else in the value is ignored, never fatal: the text still counts.
/// </summary>
internal static class IncomingMessage
{
    /// <summary>The value property a FaqBot button carries its action in (with <see cref="TargetProperty"/>).</summary>
    public const string ActionProperty = "faqbot";
    public const string TargetProperty = "id";

    public static UserInput From(IMessageActivity activity) => new(UserText(activity), ActionOf(activity.Value));

    /// <summary>A hash of the channel's conversation id: lets a curator group records without knowing who anyone is.</summary>
    public static string OpaqueId(string? conversationId) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(conversationId ?? string.Empty)))[..16];

    private static UserAction? ActionOf(object? value) =>
        value is JObject json && json[ActionProperty] is JValue { Type: JTokenType.String } name
            && UserAction.TryParse((string?)name, json[TargetProperty] is JValue { Type: JTokenType.String } id ? (string?)id : null, out var action)
            ? action
            : null;

    /// <summary>
    /// The message text without the bot's @mention (Teams group chats and channels), trimmed. Mention entities are
    /// read defensively: a malformed one (no "mentioned") is ignored rather than failing the turn.
    /// </summary>
    private static string UserText(IMessageActivity activity)
    {
        var text = activity.Text ?? string.Empty;
        var botId = activity.Recipient?.Id;
        foreach (var entity in activity.Entities ?? [])
        {
            if (!string.Equals(entity.Type, "mention", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            Mention? mention;
            try
            {
                mention = entity.GetAs<Mention>();
            }
            catch (Newtonsoft.Json.JsonException)
            {
                continue;
            }

            if (mention?.Mentioned?.Id is { } id && id == botId && !string.IsNullOrEmpty(mention.Text))
            {
                text = text.Replace(mention.Text, string.Empty, StringComparison.Ordinal);
            }
        }

        return text.Trim();
    }
}
