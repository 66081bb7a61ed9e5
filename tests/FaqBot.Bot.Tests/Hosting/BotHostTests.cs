using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FaqBot.Tests.Shared;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace FaqBot.Bot.Tests.Hosting;

public sealed class BotHostTests : IClassFixture<BotHostTests.AnonymousBot>
{
    private readonly AnonymousBot _bot;

    public BotHostTests(AnonymousBot bot) => _bot = bot;

    [Fact]
    public async Task Healthz_OnceLoaded_Answers200WithTheEssay()
    {
        using var client = _bot.CreateClient();

        var response = await WaitUntilReady(client);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("United States and Russia", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostMessages_ExpectReplies_ReturnsTheAnswerInTheResponse()
    {
        using var client = _bot.CreateClient();
        await WaitUntilReady(client);

        using var response = await client.PostAsJsonAsync("/api/messages", Message("are they always enemies?"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var texts = body.RootElement.GetProperty("activities").EnumerateArray().Select(a => a.GetProperty("text").GetString()).ToList();
        Assert.Contains(texts, t => t!.Contains("No, not really.", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer garbage")]
    [InlineData("Bearer eyJhbGciOiJub25lIn0.eyJhdWQiOiJ4In0.")]
    public async Task PostMessages_WithAppIdConfiguredAndNoValidToken_Is401(string? authorization)
    {
        await using var secured = new SecuredBot();
        using var client = secured.CreateClient();
        if (authorization is not null)
        {
            client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", authorization);
        }

        using var response = await client.PostAsJsonAsync("/api/messages", Message("are they always enemies?"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    internal static object Message(string text) => new
    {
        type = "message",
        id = Guid.NewGuid().ToString("N"),
        text,
        channelId = "emulator",
        serviceUrl = "http://localhost:9",
        deliveryMode = "expectReplies",
        from = new { id = "user1", name = "User" },
        recipient = new { id = "bot", name = "FaqBot" },
        conversation = new { id = "conversation1" },
    };

    private static async Task<HttpResponseMessage> WaitUntilReady(HttpClient client)
    {
        // Loading trains the model on a first run (seconds); bounded so a broken start fails the test instead of hanging.
        for (var attempt = 0; attempt < 600; attempt++)
        {
            var response = await client.GetAsync("/healthz");
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return response;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("/healthz never answered 200.");
    }

    public sealed class AnonymousBot : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder) =>
            builder.UseSetting("Knowledge:ModelDirectory", TestKnowledge.ModelDirectory);
    }

    private sealed class SecuredBot : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder) => builder
            .UseSetting("Knowledge:ModelDirectory", TestKnowledge.ModelDirectory)
            .UseSetting("MicrosoftAppId", "5f2b6a3e-0000-4000-8000-000000000001")
            .UseSetting("MicrosoftAppPassword", "not-a-real-secret");
    }
}
