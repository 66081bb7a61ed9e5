using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using FaqBot.Bot.Tests.Hosting;

namespace FaqBot.Bot.Tests.Channel;

/// <summary>What anyone on the internet can send to /api/messages, and what they get back.</summary>
[Collection(DefaultBot.Name)]
public sealed class InboundLimitsTests
{
    private readonly TestBot _bot;

    public InboundLimitsTests(TestBot bot) => _bot = bot;

    [Fact]
    public async Task PostMessages_BodyOverTheLimit_Is413()
    {
        using var http = await _bot.ReadyClientAsync();

        using var response = await http.PostAsJsonAsync("/api/messages", TestActivities.Message(new string('a', 300 * 1024)));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Theory]
    [InlineData("{\"type\":\"message\"")]
    [InlineData("[]")]
    [InlineData("\"message\"")]
    [InlineData("{\"type\":\"message\",\"from\":\"not an object\"}")]
    public async Task PostMessages_NotAnActivity_Is400(string body)
    {
        using var http = await _bot.ReadyClientAsync();

        using var response = await http.PostAsync(new Uri("/api/messages", UriKind.Relative), new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData("type")]
    [InlineData("channelId")]
    [InlineData("conversation")]
    [InlineData("from")]
    [InlineData("serviceUrl")]
    public async Task PostMessages_MissingARequiredField_Is400AndSaysWhich(string field)
    {
        using var http = await _bot.ReadyClientAsync();
        var activity = JsonSerializer.SerializeToNode(TestActivities.Message("are they always enemies?"))!.AsObject();
        activity.Remove("deliveryMode");
        activity.Remove(field);

        using var response = await http.PostAsJsonAsync("/api/messages", activity);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(field == "conversation" ? "conversation id" : field == "from" ? "sender" : field, await response.Content.ReadAsStringAsync(),
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostMessages_UnknownActivityType_IsAcknowledgedAndIgnored()
    {
        using var http = await _bot.ReadyClientAsync();
        var activity = JsonSerializer.SerializeToNode(TestActivities.Message("are they always enemies?"))!.AsObject();
        activity["type"] = "somethingNew";

        using var response = await http.PostAsJsonAsync("/api/messages", activity);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(string.Empty, await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("true")]
    [InlineData("\"\"")]
    [InlineData("\"\\ud83d\"")]
    [InlineData("\"/relative\"")]
    public async Task PostMessages_UnusableServiceUrlEvenWithRepliesInline_Is400(string serviceUrl)
    {
        using var http = await _bot.ReadyClientAsync();

        using var response = await PostJsonAsync(http, Activity(("serviceUrl", serviceUrl)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("serviceUrl", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("from", "[\"user1\"]", "activity.from must be an object.")]
    [InlineData("entities", "{\"type\":\"mention\"}", "activity.entities must be a list.")]
    [InlineData("entities", "[null]", "activity.entities[0] is null.")]
    [InlineData("conversation", "{\"id\":{\"id\":\"c\"}}", "activity.conversation.id must be a single value.")]
    [InlineData("conversation", "{\"id\":\"\\u202eevil\"}", "The conversation id is not printable ASCII.")]
    [InlineData("membersAdded", "[{\"name\":\"no id\"}]", "A member added or removed has no id.")]
    public async Task PostMessages_FieldNotAsTheSchemaSays_Is400SayingWhere(string field, string json, string problem)
    {
        using var http = await _bot.ReadyClientAsync();

        using var response = await PostJsonAsync(http, Activity((field, json)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(problem, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("id")]
    [InlineData("replyToId")]
    [InlineData("conversation")]
    public async Task PostMessages_IdLongerThanAnyChannelIssues_Is400(string field)
    {
        using var http = await _bot.ReadyClientAsync();
        var id = $"\"{new string('!', 600)}\"";

        using var response = await PostJsonAsync(http, Activity((field, field == "conversation" ? $"{{\"id\":{id}}}" : id)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("longer than 512", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostMessages_TeamsChannelDataOfTheWrongShape_Is400()
    {
        using var http = await _bot.ReadyClientAsync();

        using var response = await PostJsonAsync(http, Activity(("channelId", "\"msteams\""), ("channelData", "{\"tenant\":\"contoso\"}")));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("activity.channelData.tenant must be an object.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    // The Teams handler reads channel data again with Newtonsoft's defaults, where "$values" asks for a list: the turn failed.
    [Theory]
    [InlineData("messageUpdate")]
    [InlineData("conversationUpdate")]
    public async Task PostMessages_TeamsChannelDataTheSdkCannotRead_Is400(string type)
    {
        using var http = await _bot.ReadyClientAsync();

        using var response = await PostJsonAsync(http, Activity(("type", $"\"{type}\""), ("channelId", "\"msteams\""),
            ("channelData", "{\"eventType\":\"teamMemberAdded\",\"tenant\":{\"$values\":{}}}")));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("activity.channelData is not Teams channel data", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostMessages_Invoke_Is400RatherThanTheSdks501()
    {
        using var http = await _bot.ReadyClientAsync();

        using var response = await PostJsonAsync(http, Activity(("type", "\"invoke\""), ("name", "\"composeExtension/query\""), ("deliveryMode", "\"normal\"")));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task PostMessages_LoneSurrogateInTheText_IsAnsweredAsAReplacementCharacter()
    {
        using var http = await _bot.ReadyClientAsync();

        using var response = await PostJsonAsync(http, Activity(("text", "\"are they always enemies?\\ud83d\"")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("No, not really.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    /// <summary>A message with replies inline, with fields set to raw JSON (a lone surrogate can only be written so).</summary>
    private static string Activity(params (string Field, string Json)[] fields)
    {
        var activity = JsonSerializer.SerializeToNode(TestActivities.Message("are they always enemies?"))!.AsObject();
        foreach (var (field, _) in fields)
        {
            activity.Remove(field);
        }

        return activity.ToJsonString()[..^1] + string.Concat(fields.Select(f => $",\"{f.Field}\":{f.Json}")) + "}";
    }

    private static Task<HttpResponseMessage> PostJsonAsync(HttpClient http, string json) =>
        http.PostAsync(new Uri("/api/messages", UriKind.Relative), new StringContent(json, Encoding.UTF8, "application/json"));
}
