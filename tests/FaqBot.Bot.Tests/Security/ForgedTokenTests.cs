using System.Net;
using System.Net.Sockets;
using System.Text;
using FaqBot.Bot.Tests.Hosting;
using Microsoft.IdentityModel.Tokens;

namespace FaqBot.Bot.Tests.Security;

/// <summary>
/// With MicrosoftAppId set and the Bot Framework's key server unreachable (as on a locked-down host), a token that cannot
/// be valid is a 401 at once: no connection to the key server is even tried. A token that could be valid needs the
/// keys, and without them is a 503 that says to retry; that case shows the key server is really consulted when it must be.
/// </summary>
public sealed class ForgedTokenTests(ForgedTokenTests.UnreachableKeys bot) : IClassFixture<ForgedTokenTests.UnreachableKeys>
{
    private const string AppId = "5f2b6a3e-0000-4000-8000-000000000001";
    private const string ServiceUrl = "https://smba.trafficmanager.net/amer/";

    public static TheoryData<string, string?> CannotBeValid => new()
    {
        { "no token", null },
        { "another scheme", "Basic dXNlcjpwYXNzd29yZA==" },
        { "bearer and nothing", "Bearer " },
        { "not a JWT", "Bearer garbage" },
        { "two parts", "Bearer " + Part("""{"alg":"RS256","kid":"k"}""") + "." + Part(Claims) },
        { "four parts", "Bearer " + Token("""{"alg":"RS256","kid":"k"}""") + ".extra" },
        { "no signature", "Bearer " + Part("""{"alg":"RS256","kid":"k"}""") + "." + Part(Claims) + "." },
        { "header not base64url", "Bearer !!!." + Part(Claims) + ".c2ln" },
        { "header not JSON", "Bearer " + Part("not json") + "." + Part(Claims) + ".c2ln" },
        { "header a JSON list", "Bearer " + Token("""["RS256"]""") },
        { "alg none", "Bearer " + Token("""{"alg":"none","kid":"k","typ":"JWT"}""") },
        { "alg HS256", "Bearer " + Token("""{"alg":"HS256","kid":"k","typ":"JWT"}""") },
        { "alg rs256 in lower case", "Bearer " + Token("""{"alg":"rs256","kid":"k"}""") },
        { "alg RS256 but no kid", "Bearer " + Token("""{"alg":"RS256","typ":"JWT"}""") },
        { "kid empty", "Bearer " + Token("""{"alg":"RS256","kid":""}""") },
        { "kid a number", "Bearer " + Token("""{"alg":"RS256","kid":7}""") },
        { "payload not JSON", "Bearer " + Part("""{"alg":"RS256","kid":"k"}""") + "." + Part("claims") + ".c2ln" },
    };

    /// <summary>What a channel's token claims, far from expiry: only the signature could give it away.</summary>
    private static string Claims => $$"""
        {"iss":"https://api.botframework.com","aud":"{{AppId}}","serviceurl":"{{ServiceUrl}}",
         "nbf":{{DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeSeconds()}},"exp":{{DateTimeOffset.UtcNow.AddMinutes(30).ToUnixTimeSeconds()}}}
        """;

    [Theory]
    [MemberData(nameof(CannotBeValid))]
    public async Task PostMessages_TokenThatCannotBeValid_Is401WithoutCallingTheKeyServer(string problem, string? authorization)
    {
        var calls = bot.KeyServer.Connections;

        using var response = await bot.PostAsync(authorization);

        Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{problem}: {(int)response.StatusCode}");
        Assert.Equal(calls, bot.KeyServer.Connections);
    }

    [Fact]
    public async Task PostMessages_WellFormedTokenWhileTheKeysAreOutOfReach_Is503WithRetryAfter()
    {
        var calls = bot.KeyServer.Connections;

        using var response = await bot.PostAsync("Bearer " + Token("""{"alg":"RS256","kid":"faqbot-test-key","typ":"JWT"}"""));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.True(bot.KeyServer.Connections > calls, "the bot never tried the key server");
    }

    private static string Token(string header) => $"{Part(header)}.{Part(Claims)}.{Part("not the signature")}";

    private static string Part(string json) => Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(json));

    /// <summary>The bot in authenticated mode whose key server refuses every connection, counting each.</summary>
    public sealed class UnreachableKeys : IAsyncLifetime
    {
        private TestBot _bot = null!;

        internal RefusingServer KeyServer { get; } = new();

        public async Task InitializeAsync()
        {
            var metadata = $"https://127.0.0.1:{KeyServer.Port}/.well-known/openidconfiguration";
            _bot = new TestBot(BotFrameworkIssuer.BotSettings(AppId, metadata).ToDictionary(s => s.Key, s => (string?)s.Value));
            using var http = await _bot.ReadyClientAsync();
        }

        internal async Task<HttpResponseMessage> PostAsync(string? authorization)
        {
            using var http = _bot.CreateClient();
            using var request = BotFrameworkIssuer.ChannelMessage(AppId, ServiceUrl, authorization);
            return await http.SendAsync(request);
        }

        public async Task DisposeAsync()
        {
            await _bot.DisposeAsync();
            KeyServer.Dispose();
        }
    }

    /// <summary>A loopback port that accepts each connection and closes it at once: a key server that is there but never answers.</summary>
    internal sealed class RefusingServer : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private int _connections;

        public RefusingServer()
        {
            _listener.Start();
            _ = AcceptAsync();
        }

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        public int Connections => Volatile.Read(ref _connections);

        private async Task AcceptAsync()
        {
            try
            {
                while (true)
                {
                    using var client = await _listener.AcceptTcpClientAsync();
                    Interlocked.Increment(ref _connections);
                }
            }
            catch (Exception ex) when (ex is ObjectDisposedException or SocketException)
            {
                // Stopped.
            }
        }

        public void Dispose() => _listener.Stop();
    }
}
