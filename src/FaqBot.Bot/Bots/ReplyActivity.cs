using FaqBot.Core.Answers;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;

namespace FaqBot.Bot.Bots;

/// <summary>
/// A <see cref="Reply"/> as a Bot Framework message: Markdown text, and its buttons on a hero card (imBack),
/// which Teams shows in personal, group and channel scope alike, unlike suggested actions.
/// </summary>
internal static class ReplyActivity
{
    public static IMessageActivity From(Reply reply)
    {
        var activity = MessageFactory.Text(reply.Text);
        activity.TextFormat = TextFormatTypes.Markdown;
        if (reply.Actions.Count > 0)
        {
            var card = new HeroCard
            {
                Buttons = reply.Actions.Select(a => new CardAction(ActionTypes.ImBack, a.Title, value: a.Value)).ToList(),
            };
            activity.Attachments = [card.ToAttachment()];
        }

        return activity;
    }
}
