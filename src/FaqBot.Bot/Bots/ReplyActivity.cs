using FaqBot.Core.Answers;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;

namespace FaqBot.Bot.Bots;

/// <summary>
/// A <see cref="Reply"/> as a Bot Framework message: Markdown text, and its buttons on a hero card, which Teams shows
/// in personal, group and channel scope alike, unlike suggested actions. Each button is a messageBack: the user sees
/// its title as what they said, and the bot gets the typed action in the value, so a click never depends on the words.
/// </summary>
internal static class ReplyActivity
{
    public static IMessageActivity From(Reply reply)
    {
        var activity = MessageFactory.Text(reply.Text);
        activity.TextFormat = TextFormatTypes.Markdown;
        if (reply.Actions.Count > 0)
        {
            var card = new HeroCard { Buttons = reply.Actions.Select(Button).ToList() };
            activity.Attachments = [card.ToAttachment()];
        }

        return activity;
    }

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
