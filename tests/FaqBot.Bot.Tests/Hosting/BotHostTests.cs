using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace FaqBot.Bot.Tests.Hosting;

[Collection(DefaultBot.Name)]
public sealed class BotHostTests
{
    private readonly TestBot _bot;

    public BotHostTests(TestBot bot) => _bot = bot;

    [Fact]
    public async Task Healthz_OnceLoaded_Answers200WithTheEssay()
    {
        using var client = await _bot.ReadyClientAsync();

        using var response = await client.GetAsync(new Uri("/healthz", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("United States and Russia", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostMessages_ExpectReplies_ReturnsTheAnswerInTheResponse()
    {
        using var client = await _bot.ReadyClientAsync();

        using var response = await client.PostAsJsonAsync("/api/messages", TestActivities.Message("are they always enemies?", conversation: "conversation1"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var texts = body.RootElement.GetProperty("activities").EnumerateArray().Select(a => a.GetProperty("text").GetString()).ToList();
        Assert.Contains(texts, t => t!.Contains("No, not really.", StringComparison.Ordinal));
    }
}
