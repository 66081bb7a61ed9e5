using FaqBot.Core.Replies;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;

namespace FaqBot.Bot.Activities;

/// <summary>
/// A <see cref="Reply"/> as a Bot Framework message: Markdown text, and its buttons on a hero card, which Teams shows
/// in personal, group and channel scope alike, unlike suggested actions. Each button is a messageBack: the user sees
/// its title as what they said, and the bot gets the typed action in the value, so a click never depends on the words.
/// Elsewhere (Web Chat, the Emulator) the Helpful / Not helpful vote is a pair of small suggested actions under the
/// reply rather than two more full-width card buttons.
/// </summary>
internal static class ReplyActivity
{
    public static IMessageActivity From(Reply reply, string? channelId)
    {
        var activity = MessageFactory.Text(reply.Text);
        activity.TextFormat = TextFormatTypes.Markdown;
        var small = channelId == Microsoft.Bot.Connector.Channels.Msteams ? [] : reply.Actions.Where(IsVote).ToList();
        var onCard = reply.Actions.Except(small).ToList();
        if (onCard.Count > 0)
        {
            var card = new HeroCard { Buttons = onCard.Select(Button).ToList() };
            activity.Attachments = [card.ToAttachment()];
        }

        if (small.Count > 0)
        {
            activity.SuggestedActions = new SuggestedActions { Actions = small.Select(Button).ToList() };
        }

        return activity;
    }

    private static bool IsVote(ReplyAction action) => action.Value.Kind is Core.Conversation.UserActionKind.Helpful or Core.Conversation.UserActionKind.NotHelpful;

    private static CardAction Button(ReplyAction action)
    {
        var value = new JObject { [IncomingMessage.ActionProperty] = action.Value.Name };
        if (action.Value.Target is { } target)
        {
            value[IncomingMessage.TargetProperty] = target;
        }

        return new CardAction(ActionTypes.MessageBack, action.Title, text: action.Title, displayText: action.Title, value: value);
    }
}
