using System.Net;
using System.Text.Json;
using FaqBot.Bot.Tests.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace FaqBot.Bot.Tests.DirectLine;

/// <summary>With an Azure Direct Line secret, the page's token comes from Azure (here a loopback stand-in), never the secret itself.</summary>
public sealed class AzureDirectLineTests
{
    private const string Secret = "the-channel-secret";

    [Fact]
    public async Task PageToken_WithASecret_IsAzuresConversationTokenAndTheLocalEndpointIsOff()
    {
        string? seenAuthorization = null;
        string? seenUser = null;
        await using var azure = await StartAsync(async context =>
        {
            seenAuthorization = context.Request.Headers.Authorization;
            using var body = await JsonDocument.ParseAsync(context.Request.Body);
            seenUser = body.RootElement.GetProperty("user").GetProperty("id").GetString();
            await Results.Json(new { conversationId = "azure-conversation", token = "azure-token", expires_in = 3600 }).ExecuteAsync(context);
        });
        await using var bot = new TestBot(Settings(azure));
        using var http = await bot.ReadyClientAsync();

        using var response = await http.PostAsync(new Uri("/api/directline/token", UriKind.Relative), null);
        var text = await response.Content.ReadAsStringAsync();
        using var local = await http.PostAsync(new Uri("/v3/directline/conversations", UriKind.Relative), null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var grant = JsonDocument.Parse(text);
        Assert.Equal("azure-token", grant.RootElement.GetProperty("token").GetString());
        Assert.Equal(seenUser, grant.RootElement.GetProperty("userId").GetString());
        Assert.False(grant.RootElement.TryGetProperty("domain", out _));
        Assert.Equal($"Bearer {Secret}", seenAuthorization);
        Assert.DoesNotContain(Secret, text, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, local.StatusCode);
    }

    [Fact]
    public async Task PageToken_AzureRefuses_IsA503ThatSaysTryLater()
    {
        await using var azure = await StartAsync(context =>
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return Task.CompletedTask;
        });
        await using var bot = new TestBot(Settings(azure));
        using var http = await bot.ReadyClientAsync();

        using var response = await http.PostAsync(new Uri("/api/directline/token", UriKind.Relative), null);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("try again later", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static Dictionary<string, string?> Settings(WebApplication azure) => new()
    {
        ["DirectLine:Secret"] = Secret,
        ["DirectLine:Endpoint"] = azure.Address() + "/v3/directline/",
    };

    private static Task<WebApplication> StartAsync(RequestDelegate generateToken) =>
        LoopbackServer.StartAsync(app => app.MapPost("/v3/directline/tokens/generate", generateToken));
}
