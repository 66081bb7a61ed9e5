using System.Text;
using Microsoft.Bot.Connector;
using Microsoft.Bot.Schema;
using Microsoft.Bot.Schema.Teams;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Newtonsoft.Json.Serialization;

namespace FaqBot.Bot.Channel;

/// <summary>
/// The one place a request body becomes an <see cref="Activity"/>, for /api/messages and the local Direct Line alike.
/// A body is refused unless it is UTF-8, JSON no deeper than any real activity, and every field has the type the Bot
/// Framework schema gives it, checked against the SDK's own JSON contracts (so a field the SDK adds is checked too), Teams
/// channel data included on the Teams channel, where the SDK's Teams handler reads it; no list may hold a null.
/// Newtonsoft's <c>$type</c> and <c>$ref</c> are plain names here (Teams channel data, which the SDK reads again with its
/// default settings, must also pass that read), and a lone UTF-16 surrogate (a \u escape no text can
/// produce) becomes U+FFFD, as a UTF-8 decoder would make it. What passes can be read by the SDK without throwing:
/// wrong input is a 400 here, not a failure somewhere behind.
/// </summary>
internal static class ActivitySchema
{
    /// <summary>Real activities nest a few levels (attachments, cards, channel data); a far deeper body is an attack.</summary>
    public const int MaxDepth = 32;

    private const string NotAnActivity = "The body is not a Bot Framework activity.";

    private static readonly DefaultContractResolver Contracts = new();

    private static readonly JsonSerializer Serializer = JsonSerializer.Create(new JsonSerializerSettings
    {
        NullValueHandling = NullValueHandling.Ignore,
        MetadataPropertyHandling = MetadataPropertyHandling.Ignore,
        MaxDepth = MaxDepth,
    });

    /// <summary>The activity in <paramref name="body"/>, or why there is none.</summary>
    public static (Activity? Activity, string? Problem) Read(ReadOnlyMemory<byte> body)
    {
        JToken token;
        try
        {
            var text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(body.Span);
            using var reader = new JsonTextReader(new StringReader(text))
            {
                MaxDepth = MaxDepth,
                DateParseHandling = DateParseHandling.None,
            };
            token = JToken.ReadFrom(reader);
            if (reader.Read())
            {
                return (null, NotAnActivity);
            }
        }
        catch (Exception ex) when (ex is JsonException or DecoderFallbackException)
        {
            return (null, NotAnActivity);
        }

        if (token is not JObject root)
        {
            return (null, NotAnActivity);
        }

        WellFormed(root);
        if (Mistyped(root, typeof(Activity), "activity") is { } mistyped)
        {
            return (null, mistyped);
        }

        Activity? activity;
        try
        {
            activity = root.ToObject<Activity>(Serializer);
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidCastException or ArgumentException or OverflowException)
        {
            // A value of the right JSON type that still does not convert, e.g. a timestamp that is no date.
            return (null, NotAnActivity);
        }

        if (activity is null)
        {
            return (null, NotAnActivity);
        }

        var channelData = activity.ChannelId == Channels.Msteams && root.GetValue("channelData", StringComparison.OrdinalIgnoreCase) is { } data
            ? Mistyped(data, typeof(TeamsChannelData), "activity.channelData") ?? UnreadableBySdk(activity)
            : null;
        return channelData is null ? (activity, null) : (null, channelData);
    }

    /// <summary>
    /// The Teams handler reads channel data again with Newtonsoft's default settings, where a leading <c>$values</c>,
    /// <c>$id</c> or <c>$ref</c> is an instruction, not a name; the SDK's own read is the only sure test of what it accepts.
    /// </summary>
    private static string? UnreadableBySdk(Activity activity)
    {
        try
        {
            activity.GetChannelData<TeamsChannelData>();
            return null;
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidCastException or ArgumentException or OverflowException)
        {
            return "activity.channelData is not Teams channel data the Bot Framework SDK can read.";
        }
    }

    /// <summary>Where a value does not have the JSON type its field needs: "activity.from must be an object".</summary>
    private static string? Mistyped(JToken token, Type type, string path)
    {
        if (token.Type == JTokenType.Null || type == typeof(object) || typeof(JToken).IsAssignableFrom(type))
        {
            return null;
        }

        switch (Contracts.ResolveContract(type))
        {
            case JsonObjectContract contract:
                if (token is not JObject value)
                {
                    return $"{path} must be an object.";
                }

                foreach (var member in value.Properties())
                {
                    if (contract.Properties.GetClosestMatchProperty(member.Name) is { Ignored: false, PropertyType: { } memberType }
                        && Mistyped(member.Value, memberType, $"{path}.{member.Name}") is { } problem)
                    {
                        return problem;
                    }
                }

                return null;
            case JsonArrayContract contract:
                if (token is not JArray items)
                {
                    return $"{path} must be a list.";
                }

                for (var i = 0; i < items.Count; i++)
                {
                    // The SDK and the handlers walk these lists item by item; none of their items is ever absent.
                    if (items[i].Type == JTokenType.Null)
                    {
                        return $"{path}[{i}] is null.";
                    }

                    if (Mistyped(items[i], contract.CollectionItemType ?? typeof(object), $"{path}[{i}]") is { } problem)
                    {
                        return problem;
                    }
                }

                return null;
            case JsonPrimitiveContract:
                // Which primitive converts to which is the deserializer's to decide; an object or a list never does.
                return token is JValue ? null : $"{path} must be a single value.";
            default:
                return null;
        }
    }

    /// <summary>Every string and property name made well-formed UTF-16: a lone surrogate becomes U+FFFD.</summary>
    private static void WellFormed(JToken token)
    {
        switch (token)
        {
            case JObject value:
                foreach (var member in value.Properties().ToList())
                {
                    WellFormed(member.Value);
                    if (!IsWellFormed(member.Name))
                    {
                        member.Replace(new JProperty(Repaired(member.Name), member.Value));
                    }
                }

                break;
            case JArray items:
                foreach (var item in items)
                {
                    WellFormed(item);
                }

                break;
            case JValue { Type: JTokenType.String, Value: string text } value when !IsWellFormed(text):
                value.Value = Repaired(text);
                break;
        }
    }

    private static bool IsWellFormed(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static string Repaired(string text) => Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(text));
}
