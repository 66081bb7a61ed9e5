using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using FaqBot.Bot.Tests.DirectLine;
using Xunit.Abstractions;

namespace FaqBot.Bot.Tests.Channel;

/// <summary>
/// Hundreds of malformed, oversized and hostile requests, generated from a fixed seed so a failure repeats: none may
/// get a 5xx, and the bot must still answer a real question correctly afterwards.
/// </summary>
[Collection(FuzzedBot.Collection)]
public sealed class HostileInputFuzzTests(FuzzedBot host, ITestOutputHelper output)
{
    private const int Seed = 20261127;

    [Fact]
    public async Task HostileRequests_NeverGetA5xx_AndTheBotStillAnswers()
    {
        var http = host.Http;
        var chat = await DirectLineClient.StartAsync(http);
        var random = new Random(Seed);

        var failures = new List<string>();
        var sent = 0;
        foreach (var (name, body, contentType) in HostileBodies(random, host.Channel.ServiceUrl))
        {
            foreach (var path in new[] { "/api/messages", $"/v3/directline/conversations/{chat.ConversationId}/activities" })
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative)) { Content = new ByteArrayContent(body) };
                request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", chat.Token);
                using var response = await http.SendAsync(request);
                sent++;
                if ((int)response.StatusCode >= 500)
                {
                    failures.Add($"{name} -> {path}: {(int)response.StatusCode}");
                }
            }
        }

        output.WriteLine($"{sent} hostile requests sent");
        Assert.True(sent >= 300, $"only {sent} requests");
        Assert.Empty(failures);
        await host.AssertStillAnswersAsync();
    }

    private static IEnumerable<(string Name, byte[] Body, string ContentType)> HostileBodies(Random random, string serviceUrl)
    {
        const string Json = "application/json";
        string[] fields = ["type", "id", "text", "channelId", "serviceUrl", "from", "recipient", "conversation", "deliveryMode", "entities",
            "attachments", "channelData", "value", "timestamp", "locale", "textFormat", "membersAdded", "replyToId", "name"];
        JsonNode?[] hostileValues =
        [
            null, 0, -1, 1e308, true, "", " ", new string('x', 100_000), "<script>alert(1)</script>", "\u0000\u0001\u001b[2J", "\ud800",
            "\u202eevil", "'; DROP TABLE users; --", "{{7*7}}", "${jndi:ldap://x}", "../../etc/passwd", new JsonArray(1, "two", null),
            new JsonObject { ["id"] = 42 }, new JsonObject { ["id"] = new JsonArray() }, new JsonArray(new JsonObject()),
        ];

        // Every field given every hostile value of the wrong type or shape.
        foreach (var field in fields)
        {
            for (var i = 0; i < 16; i++)
            {
                var activity = Valid(random, serviceUrl);
                activity[field] = hostileValues[random.Next(hostileValues.Length)]?.DeepClone();
                yield return ($"{field}={activity[field]?.ToJsonString().Length ?? 0}ch", Utf8(activity), Json);
            }
        }

        // Required fields missing, one at a time and all together.
        foreach (var field in fields)
        {
            var activity = Valid(random, serviceUrl);
            activity.Remove(field);
            yield return ($"without {field}", Utf8(activity), Json);
        }

        yield return ("empty object", "{}"u8.ToArray(), Json);

        // Deep nesting, in arrays and objects.
        foreach (var depth in new[] { 33, 64, 1_000, 20_000 })
        {
            var nested = new StringBuilder().Append('[', depth).Append(']', depth).ToString();
            var activity = Valid(random, serviceUrl);
            yield return ($"nested {depth} in channelData", Encoding.UTF8.GetBytes(activity.ToJsonString().TrimEnd('}') + ",\"channelData\":" + nested + "}"), Json);
            yield return ($"nested {depth} at the root", Encoding.UTF8.GetBytes(nested), Json);
        }

        // Huge bodies: 3 MB of text, and 3 MB of whitespace before a valid activity.
        var huge = Valid(random, serviceUrl);
        huge["text"] = new string('a', 3 * 1024 * 1024);
        yield return ("3 MB text", Utf8(huge), Json);
        yield return ("3 MB padding", [.. Encoding.UTF8.GetBytes(new string(' ', 3 * 1024 * 1024)), .. Utf8(Valid(random, serviceUrl))], Json);

        // Not JSON at all, or JSON of the wrong kind.
        string[] notActivities = ["", "null", "[]", "\"message\"", "42", "true", "{", "}", "{\"type\":", "{'type':'message'}", "<xml/>",
            "type=message&text=hi", "{\"type\":\"message\",\"type\":\"invoke\"}", "\uFEFF{}"];
        foreach (var text in notActivities)
        {
            yield return ($"not an activity: {text}", Encoding.UTF8.GetBytes(text), Json);
        }

        for (var i = 0; i < 20; i++)
        {
            var bytes = new byte[random.Next(1, 4096)];
            random.NextBytes(bytes);
            yield return ($"random bytes {i}", bytes, i % 2 == 0 ? Json : "application/octet-stream");
        }

        // Invalid UTF-8 inside an otherwise valid activity.
        var valid = Utf8(Valid(random, serviceUrl));
        yield return ("invalid UTF-8", [.. valid[..^2], 0xC3, 0x28, .. valid[^2..]], Json);

        // Activity types the bot must shrug off, with hostile payloads.
        foreach (var type in new[] { "invoke", "event", "conversationUpdate", "messageReaction", "installationUpdate", "typing", "endOfConversation",
                     "handoff", "trace", "command", "totally-unknown", "MESSAGE" })
        {
            var activity = Valid(random, serviceUrl);
            activity["type"] = type;
            activity["value"] = hostileValues[random.Next(hostileValues.Length)]?.DeepClone();
            activity["name"] = "composeExtension/query";
            activity["membersAdded"] = new JsonArray(new JsonObject { ["id"] = "<script>" }, new JsonObject());
            activity["channelData"] = new JsonObject { ["tenant"] = 5, ["team"] = new JsonArray() };
            yield return ($"type {type}", Utf8(activity), Json);
        }
    }

    private static JsonObject Valid(Random random, string serviceUrl) => new()
    {
        ["type"] = "message",
        ["id"] = random.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["text"] = "are they always enemies?",
        ["channelId"] = random.Next(2) == 0 ? "emulator" : "msteams",
        ["serviceUrl"] = serviceUrl,
        ["deliveryMode"] = random.Next(3) == 0 ? "normal" : "expectReplies",
        ["from"] = new JsonObject { ["id"] = $"fuzz-{random.Next(1000)}" },
        ["recipient"] = new JsonObject { ["id"] = "bot" },
        ["conversation"] = new JsonObject { ["id"] = $"fuzz-{random.Next(1000)}" },
    };

    private static byte[] Utf8(JsonNode node) => Encoding.UTF8.GetBytes(node.ToJsonString(new JsonSerializerOptions
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    }));
}
