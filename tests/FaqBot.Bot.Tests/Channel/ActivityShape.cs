using System.Collections;
using CsCheck;
using Microsoft.Bot.Schema;
using Newtonsoft.Json.Serialization;

namespace FaqBot.Bot.Tests.Channel;

/// <summary>
/// Activities as channels send them, and every field they can have: the paths are read from the SDK's own schema
/// (the JSON contract of <see cref="Activity"/> and of the types it holds, three levels deep, the first item of each
/// list), plus the Teams and Web Chat channel data FaqBot's SDK reads, so a field the schema gains is fuzzed too.
/// </summary>
internal static class ActivityShape
{
    private static readonly DefaultContractResolver Contracts = new CamelCasePropertyNamesContractResolver();

    /// <summary>Every path into an activity, e.g. ["from", "id"] or ["entities", "0", "mentioned", "id"].</summary>
    public static readonly string[][] Paths = [.. SchemaPaths(typeof(Activity), [], 0), .. ChannelDataPaths()];

    /// <summary>The property names the schema uses anywhere, for objects generated inside other fields.</summary>
    public static readonly string[] Names = [.. Paths.SelectMany(p => p).Where(n => n != "0").Distinct()];

    private static readonly string[] Types =
        ["message", "conversationUpdate", "invoke", "event", "messageReaction", "installationUpdate", "typing", "endOfConversation", "messageUpdate",
         "messageDelete", "deleteUserData", "contactRelationUpdate", "handoff", "trace", "command", "suggestion"];

    private static readonly string[] Channels = ["emulator", "msteams", "directline", "webchat", "slack"];

    private static readonly string[] Texts =
        ["are they always enemies?", "what limits does New START set?", "Helpful", "Not helpful", "help", "topics", "myths", "tell me more", "why?",
         "another myth", "None of these", "hi", "give me a recipe for lasagne"];

    private static readonly string[] InvokeNames =
        ["composeExtension/query", "composeExtension/submitAction", "adaptiveCard/action", "task/fetch", "task/submit", "healthCheck",
         "signin/verifyState", "signin/tokenExchange", "fileConsent/invoke", "actionableMessage/executeAction", "config/fetch", "tab/fetch",
         "application/search", "composeExtension/queryLink", "message/submitAction"];

    /// <summary>A well-formed activity for /api/messages: any type, channel and delivery mode, replies going to <paramref name="serviceUrl"/>.</summary>
    public static Gen<Json.Obj> Channel(string serviceUrl) => Gen.Select(
        Gen.OneOf(Types), Gen.OneOf(Channels), Gen.Int[0, 2], Gen.OneOf(Texts), Gen.OneOf(InvokeNames), Gen.Int[0, 15],
        (type, channel, delivery, text, invoke, who) =>
        {
            var activity = new Json.Obj(
                ("type", new Json.Str(type)),
                ("id", new Json.Str($"fuzz-{who}")),
                ("timestamp", new Json.Str("2026-12-01T10:00:00.000Z")),
                ("channelId", new Json.Str(channel)),
                ("serviceUrl", new Json.Str(serviceUrl)),
                ("from", new Json.Obj(("id", new Json.Str($"fuzz-user-{who}")), ("name", new Json.Str("Fuzz")), ("role", new Json.Str("user")))),
                ("recipient", new Json.Obj(("id", new Json.Str("bot")), ("name", new Json.Str("FaqBot")))),
                ("conversation", new Json.Obj(("id", new Json.Str($"fuzz-conversation-{who}")), ("tenantId", new Json.Str("tenant")))),
                ("text", new Json.Str(text)),
                ("locale", new Json.Str("en-US")),
                ("entities", new Json.Arr([new Json.Obj(("type", new Json.Str("mention")), ("text", new Json.Str("<at>FaqBot</at>")),
                    ("mentioned", new Json.Obj(("id", new Json.Str("bot")))))])),
                ("membersAdded", new Json.Arr([new Json.Obj(("id", new Json.Str($"fuzz-user-{who}")))])),
                ("name", new Json.Str(invoke)),
                ("value", new Json.Obj(("commandId", new Json.Str("search")), ("action", new Json.Obj(("type", new Json.Str("Action.Execute")))))),
                ("channelData", new Json.Obj(("tenant", new Json.Obj(("id", new Json.Str("tenant")))), ("eventType", new Json.Str("teamMemberAdded")),
                    ("team", new Json.Obj(("id", new Json.Str("19:team")))))));
            return delivery switch
            {
                0 => activity.With(["deliveryMode"], new Json.Str("expectReplies")),
                1 => activity.With(["deliveryMode"], new Json.Str("normal")),
                _ => activity,
            };
        });

    /// <summary>What Web Chat posts to the local Direct Line: the bot fills in the rest.</summary>
    public static Gen<Json.Obj> WebChat(string userId) => Gen.Select(Gen.OneOf(Texts), Gen.OneOf("message", "typing", "event"), (text, type) => new Json.Obj(
        ("type", new Json.Str(type)),
        ("text", new Json.Str(text)),
        ("from", new Json.Obj(("id", new Json.Str(userId)), ("name", new Json.Str("Visitor")), ("role", new Json.Str("user")))),
        ("locale", new Json.Str("en-US")),
        ("textFormat", new Json.Str("plain")),
        ("timestamp", new Json.Str("2026-12-01T10:00:00.000Z")),
        ("channelData", new Json.Obj(("clientActivityID", new Json.Str("client-1")), ("clientTimestamp", new Json.Str("2026-12-01T10:00:00.000Z")))),
        ("entities", new Json.Arr([new Json.Obj(("type", new Json.Str("ClientCapabilities")), ("requiresBotState", new Json.Literal("true")))]))));

    /// <summary>An activity with one to three fields replaced by any JSON value, or removed.</summary>
    public static Gen<Json.Obj> Mutated(Gen<Json.Obj> activity) =>
        Gen.Select(activity, Gen.Select(Gen.OneOf(Paths), Gen.Frequency((8, AnyJson.Value.Select(v => (Json?)v)), (1, Gen.Const((Json?)null)))).Array[1, 3],
            (valid, changes) => changes.Aggregate(valid, (current, change) => current.With(change.Item1, change.Item2)));

    private static IEnumerable<string[]> SchemaPaths(Type type, string[] prefix, int depth)
    {
        if (Contracts.ResolveContract(type) is not JsonObjectContract contract)
        {
            yield break;
        }

        foreach (var property in contract.Properties.Where(p => !p.Ignored && p.PropertyName is not null))
        {
            var path = (string[])[.. prefix, property.PropertyName!];
            yield return path;
            if (depth >= 2 || property.PropertyType is null)
            {
                continue;
            }

            var item = ItemType(property.PropertyType);
            var inner = item is null ? SchemaPaths(property.PropertyType, path, depth + 1) : SchemaPaths(item, [.. path, "0"], depth + 1);
            foreach (var nested in inner)
            {
                yield return nested;
            }
        }
    }

    private static Type? ItemType(Type type) => type != typeof(string) && typeof(IEnumerable).IsAssignableFrom(type)
        ? type.GetInterfaces().Append(type).FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0]
        : null;

    private static IEnumerable<string[]> ChannelDataPaths() =>
    [
        ["channelData", "tenant"], ["channelData", "tenant", "id"], ["channelData", "eventType"], ["channelData", "team"], ["channelData", "team", "id"],
        ["channelData", "channel"], ["channelData", "channel", "id"], ["channelData", "clientActivityID"], ["channelData", "postBack"],
        ["channelData", "settings"], ["channelData", "notification"], ["channelData", "meeting"], ["channelData", "onBehalfOf"],
        ["value", "action"], ["value", "action", "type"], ["value", "commandId"], ["value", "queryOptions"], ["value", "parameters"],
        ["value", "state"], ["value", "data"], ["entities", "0", "requiresBotState"],
    ];
}
