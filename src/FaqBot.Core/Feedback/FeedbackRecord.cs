using System.Text.Json.Serialization;

namespace FaqBot.Core.Feedback;

/// <summary>What a curator reviews: a vote on an answer, a question that fell back, or a rejected did-you-mean.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<FeedbackKind>))]
public enum FeedbackKind
{
    Helpful,
    NotHelpful,
    Fallback,
    NoneOfThese,
}

/// <param name="Conversation">An opaque id (a hash of the channel's conversation id): no user identity is kept.</param>
/// <param name="Question">The question the record is about, as the user typed it.</param>
/// <param name="AnswerId">The FAQ entry or section answered with, if any.</param>
/// <param name="AnswerHash">The hash of the text that answer came from (<see cref="Knowledge.Essay.SourceHash"/>); null in older records.</param>
public sealed record FeedbackRecord(
    DateTimeOffset Time,
    FeedbackKind Kind,
    string Conversation,
    string Question,
    string? AnswerId,
    float Confidence,
    string? AnswerHash = null);
