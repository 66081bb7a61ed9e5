using FaqBot.Bot.Channel;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FaqBot.Bot.Tests.Channel;

public sealed class ServiceUrlGuardTests
{
    [Theory]
    [InlineData("https://smba.trafficmanager.net/amer/v3/conversations/a/activities")]
    [InlineData("https://directline.botframework.com/v3/conversations/a/activities")]
    [InlineData("https://webchat.botframework.com/v3/conversations/a/activities")]
    [InlineData("https://bots.contoso.example/v3/conversations/a/activities")]
    public async Task Send_AuthenticatedToABotFrameworkOrConfiguredHost_GoesOut(string url)
    {
        var (client, sent) = Guarded(appId: "5f2b6a3e-0000-4000-8000-000000000001");

        using var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Post, url), CancellationToken.None);

        Assert.Equal(url, Assert.Single(sent).ToString());
    }

    [Theory]
    [InlineData("http://smba.trafficmanager.net/amer/v3/conversations/a/activities")]
    [InlineData("https://169.254.169.254/latest/meta-data")]
    [InlineData("https://localhost:5000/v3/conversations/a/activities")]
    [InlineData("https://botframework.com.attacker.example/v3/conversations/a/activities")]
    [InlineData("https://evilbotframework.com/v3/conversations/a/activities")]
    public async Task Send_AuthenticatedToAnyOtherHost_IsRefusedBeforeAnythingIsSent(string url)
    {
        var (client, sent) = Guarded(appId: "5f2b6a3e-0000-4000-8000-000000000001");

        await Assert.ThrowsAsync<HttpRequestException>(() => client.SendAsync(new HttpRequestMessage(HttpMethod.Post, url), CancellationToken.None));

        Assert.Empty(sent);
    }

    [Fact]
    public async Task Send_Anonymous_ReachesTheEmulatorOnLocalhost()
    {
        var (client, sent) = Guarded(appId: null);

        using var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "http://localhost:53012/v3/conversations/a/activities"),
            CancellationToken.None);

        Assert.Single(sent);
    }

    private static (HttpMessageInvoker Client, List<Uri> Sent) Guarded(string? appId)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["MicrosoftAppId"] = appId }).Build();
        var options = Options.Create(new ChannelOptions { AllowedServiceUrlHosts = ["bots.contoso.example"] });
        var sent = new List<Uri>();
        var guard = new ServiceUrlGuard(configuration, options, NullLogger<ServiceUrlGuard>.Instance) { InnerHandler = new Recorder(sent) };
        return (new HttpMessageInvoker(guard), sent);
    }

    private sealed class Recorder(List<Uri> sent) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            sent.Add(request.RequestUri!);
            return Task.FromResult(new HttpResponseMessage(System.Net.HttpStatusCode.OK));
        }
    }
}
