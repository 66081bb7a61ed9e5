using System.Net;
using System.Security.Cryptography;

namespace FaqBot.Bot.Tests.Security;

/// <summary>
/// With MicrosoftAppId set, only a token the Bot Framework signed for this bot opens /api/messages. The bot runs as
/// its own process, trusting a loopback stand-in for the Bot Framework's key server, so real signature, audience,
/// lifetime and service-URL checks run: a valid token is answered and every kind of bad one is a 401, never a 500.
/// </summary>
public sealed class BotFrameworkTokenTests : IClassFixture<BotFrameworkTokenTests.SecuredBot>
{
    private const string AppId = "5f2b6a3e-0000-4000-8000-000000000001";
    private const string ServiceUrl = "https://smba.trafficmanager.net/amer/";

    private readonly SecuredBot _bot;

    public BotFrameworkTokenTests(SecuredBot bot) => _bot = bot;

    [Fact]
    public async Task PostMessages_WithAValidChannelToken_IsAnswered()
    {
        using var response = await PostAsync(_bot.Issuer.Token(AppId, ServiceUrl));

        Assert.True(response.StatusCode == HttpStatusCode.OK, _bot.Process.Output);
        Assert.Contains("No, not really.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    public static TheoryData<string> BadTokens => ["another app id", "expired", "unknown signing key", "other service url", "alg none", "garbage", "no token"];

    [Theory]
    [MemberData(nameof(BadTokens))]
    public async Task PostMessages_WithoutAValidToken_Is401(string problem)
    {
        using var otherKey = RSA.Create(2048);
        var token = problem switch
        {
            "another app id" => _bot.Issuer.Token("0c0ffee0-0000-4000-8000-000000000002", ServiceUrl),
            "expired" => _bot.Issuer.Token(AppId, ServiceUrl, expiresIn: TimeSpan.FromMinutes(-30)),
            "unknown signing key" => _bot.Issuer.Token(AppId, ServiceUrl, signedWith: otherKey),
            "other service url" => _bot.Issuer.Token(AppId, "https://attacker.example/"),
            "alg none" => "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJpc3MiOiJodHRwczovL2FwaS5ib3RmcmFtZXdvcmsuY29tIiwiYXVkIjoiNWYyYjZhM2UtMDAwMC00MDAwLTgwMDAtMDAwMDAwMDAwMDAxIn0.",
            "garbage" => "not.a.token",
            _ => null,
        };

        using var response = await PostAsync(token);

        Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{(int)response.StatusCode}\n{_bot.Process.Output}");
    }

    private async Task<HttpResponseMessage> PostAsync(string? token)
    {
        using var http = new HttpClient { BaseAddress = _bot.Process.Address };
        using var request = BotFrameworkIssuer.ChannelMessage(AppId, ServiceUrl, token is null ? null : $"Bearer {token}");
        return await http.SendAsync(request);
    }

    public sealed class SecuredBot : IAsyncLifetime
    {
        public BotFrameworkIssuer Issuer { get; private set; } = null!;

        public BotProcess Process { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Issuer = await BotFrameworkIssuer.StartAsync();
            Process = await BotProcess.StartAsync(
                BotFrameworkIssuer.BotSettings(AppId, Issuer.MetadataUrl),
                new Dictionary<string, string> { ["SSL_CERT_FILE"] = Issuer.CaFile });
        }

        public async Task DisposeAsync()
        {
            await Process.DisposeAsync();
            await Issuer.DisposeAsync();
        }
    }
}
