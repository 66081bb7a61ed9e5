using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace FaqBot.Bot.Tests.DirectLine;

/// <summary>Talks to the bot's local Direct Line the way Web Chat does with <c>webSocket: false</c>.</summary>
internal sealed class DirectLineClient(HttpClient http)
{
    public string Token { get; set; } = string.Empty;

    public string ConversationId { get; private set; } = string.Empty;

    public string UserId { get; private set; } = string.Empty;

    public string Watermark { get; private set; } = string.Empty;

    /// <summary>What the page does: a token for a new conversation, then POST /conversations.</summary>
    public static async Task<DirectLineClient> StartAsync(HttpClient http)
    {
        var client = new DirectLineClient(http);
        using var issued = await http.PostAsync(new Uri("/api/directline/token", UriKind.Relative), null);
        issued.EnsureSuccessStatusCode();
        using var grant = JsonDocument.Parse(await issued.Content.ReadAsStringAsync());
        client.Token = grant.RootElement.GetProperty("token").GetString()!;
        client.UserId = grant.RootElement.GetProperty("userId").GetString()!;
        using var started = await client.SendAsync(HttpMethod.Post, "/v3/directline/conversations");
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        using var conversation = JsonDocument.Parse(await started.Content.ReadAsStringAsync());
        client.ConversationId = conversation.RootElement.GetProperty("conversationId").GetString()!;
        return client;
    }

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object? body = null, string? token = null)
    {
        var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token ?? Token);
        if (body is not null)
        {
            request.Content = body as HttpContent ?? JsonContent.Create(body);
        }

        return http.SendAsync(request);
    }

    /// <summary>Posts a message as Web Chat does: no recipient or conversation, a client activity id in channelData.</summary>
    public async Task<string> SayAsync(string text, string clientActivityId = "client-1")
    {
        using var response = await SendAsync(HttpMethod.Post, $"/v3/directline/conversations/{ConversationId}/activities", new
        {
            type = "message",
            text,
            from = new { id = UserId, name = "Visitor", role = "user" },
            locale = "en-US",
            channelData = new { clientActivityID = clientActivityId },
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("id").GetString()!;
    }

    /// <summary>The same conversation and token, through another replica.</summary>
    public DirectLineClient Resume(DirectLineClient other)
    {
        Token = other.Token;
        ConversationId = other.ConversationId;
        UserId = other.UserId;
        Watermark = other.Watermark;
        return this;
    }

    /// <summary>One poll from the last watermark; the watermark moves on.</summary>
    public async Task<IReadOnlyList<JsonElement>> PollAsync()
    {
        using var response = await SendAsync(HttpMethod.Get, $"/v3/directline/conversations/{ConversationId}/activities?watermark={Watermark}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Watermark = body.RootElement.GetProperty("watermark").GetString()!;
        return [.. body.RootElement.GetProperty("activities").EnumerateArray().Select(a => a.Clone())];
    }
}
