using System.Net;
using System.Text.Json;
using FaqBot.Bot.Tests.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace FaqBot.Bot.Tests.DirectLine;

/// <summary>With an Azure Direct Line secret, the page's token comes from Azure (here a loopback stand-in), never the secret itself.</summary>
public sealed class AzureDirectLineTests(AzureDirectLineTests.BotWithAzure host) : IClassFixture<AzureDirectLineTests.BotWithAzure>
{
    private const string Secret = "the-channel-secret";

    [Fact]
    public async Task PageToken_WithASecret_IsAzuresConversationTokenAndTheLocalEndpointIsOff()
    {
        string? seenAuthorization = null;
        string? seenUser = null;
        host.GenerateToken = async context =>
        {
            seenAuthorization = context.Request.Headers.Authorization;
            using var body = await JsonDocument.ParseAsync(context.Request.Body);
            seenUser = body.RootElement.GetProperty("user").GetProperty("id").GetString();
            await Results.Json(new { conversationId = "azure-conversation", token = "azure-token", expires_in = 3600 }).ExecuteAsync(context);
        };
        using var http = await host.Bot.ReadyClientAsync();

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
        host.GenerateToken = context =>
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return Task.CompletedTask;
        };
        using var http = await host.Bot.ReadyClientAsync();

        using var response = await http.PostAsync(new Uri("/api/directline/token", UriKind.Relative), null);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("try again later", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    /// <summary>The bot with a Direct Line secret, and a loopback stand-in for Azure's token endpoint that answers as the test says.</summary>
    public sealed class BotWithAzure : IAsyncLifetime
    {
        private WebApplication _azure = null!;

        public TestBot Bot { get; private set; } = null!;

        public RequestDelegate GenerateToken { get; set; } = context => Task.CompletedTask;

        public async Task InitializeAsync()
        {
            _azure = await LoopbackServer.StartAsync(app => app.MapPost("/v3/directline/tokens/generate", context => GenerateToken(context)));
            Bot = new TestBot(new Dictionary<string, string?>
            {
                ["DirectLine:Secret"] = Secret,
                ["DirectLine:Endpoint"] = _azure.Address() + "/v3/directline/",
            });
        }

        public async Task DisposeAsync()
        {
            await Bot.DisposeAsync();
            await _azure.StopAsync();
            await _azure.DisposeAsync();
        }
    }
}
