using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using FaqBot.Bot.Channel;
using FaqBot.Bot.Tests.Hosting;
using Microsoft.Bot.Connector;
using Microsoft.Bot.Connector.Authentication;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Rest;

namespace FaqBot.Bot.Tests.Channel;

/// <summary>
/// The clients the SDK builds for replies and tokens are reused across turns: built once per app id, service URL and
/// audience for a few minutes, still usable after the SDK disposes them at the end of a turn, and never a way around
/// authentication.
/// </summary>
[Collection(DefaultBot.Name)]
public sealed class ReusingBotFrameworkAuthenticationTests(TestBot shared)
{
    private const string ServiceUrl = "https://smba.trafficmanager.net/amer/";

    private readonly FakeAuthentication _sdk = new();
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public async Task ConnectorClient_TwoTurnsToOneServiceUrl_BuiltOnceAndStillUsableAfterTheFirstTurnDisposedIt()
    {
        var reusing = new ReusingBotFrameworkAuthentication(_sdk, _time);

        var first = await ConnectAsync(reusing, "bot-app", ServiceUrl);
        first.Dispose(); // what the SDK does at the end of every turn
        var second = await ConnectAsync(reusing, "bot-app", ServiceUrl);

        Assert.Equal(1, _sdk.ConnectorsBuilt);
        Assert.Same(_sdk.Connectors[0].Credentials, second.Credentials);
        Assert.Same(_sdk.Connectors[0].HttpClient, ((ConnectorClient)second).HttpClient);
        Assert.False(_sdk.Handlers[0].Disposed);
    }

    [Fact]
    public async Task ConnectorClient_Shared_IsStillTheSdksConnectorClientType()
    {
        // The SDK's Teams helpers (TeamsInfo) build a client of their own, outside the resilient HttpClient, for anything else.
        var reusing = new ReusingBotFrameworkAuthentication(_sdk, _time);

        var client = await ConnectAsync(reusing, "bot-app", ServiceUrl);

        Assert.IsAssignableFrom<ConnectorClient>(client);
        Assert.Equal(new Uri(ServiceUrl), client.BaseUri);
    }

    [Fact]
    public async Task ConnectorClient_OtherServiceUrlAppIdOrAudience_GetsItsOwnClient()
    {
        var reusing = new ReusingBotFrameworkAuthentication(_sdk, _time);

        var a = await ConnectAsync(reusing, "bot-app", ServiceUrl);
        var b = await ConnectAsync(reusing, "bot-app", "https://smba.trafficmanager.net/emea/");
        var c = await ConnectAsync(reusing, "other-app", ServiceUrl);
        var d = await ConnectAsync(reusing, "bot-app", ServiceUrl, audience: "https://api.botframework.us");

        Assert.Equal(4, _sdk.ConnectorsBuilt);
        Assert.Equal(4, new[] { a, b, c, d }.Select(x => x.Credentials).Distinct().Count());
    }

    [Fact]
    public async Task ConnectorClient_AfterItsLifetime_IsBuiltAfresh()
    {
        var reusing = new ReusingBotFrameworkAuthentication(_sdk, _time);
        await ConnectAsync(reusing, "bot-app", ServiceUrl);

        _time.Advance(ReusingBotFrameworkAuthentication.Lifetime - TimeSpan.FromSeconds(1));
        await ConnectAsync(reusing, "bot-app", ServiceUrl);
        var builtBeforeExpiry = _sdk.ConnectorsBuilt;
        _time.Advance(TimeSpan.FromSeconds(2));
        await ConnectAsync(reusing, "bot-app", ServiceUrl);

        Assert.Equal(1, builtBeforeExpiry);
        Assert.Equal(2, _sdk.ConnectorsBuilt);
    }

    [Fact]
    public async Task ConnectorClient_ManyServiceUrls_KeepsNoMoreThanItsCapacity()
    {
        var reusing = new ReusingBotFrameworkAuthentication(_sdk, _time);
        for (var i = 0; i <= ReusingBotFrameworkAuthentication.Capacity; i++)
        {
            await ConnectAsync(reusing, "bot-app", $"https://example{i}.test/");
        }

        // The first was forgotten when the capacity was reached, so asking again builds it again.
        await ConnectAsync(reusing, "bot-app", "https://example0.test/");

        Assert.Equal(ReusingBotFrameworkAuthentication.Capacity + 2, _sdk.ConnectorsBuilt);
    }

    [Fact]
    public async Task ConnectorClient_CacheFull_LeastRecentlyUsedGoFirstAndARecentOneStays()
    {
        var reusing = new ReusingBotFrameworkAuthentication(_sdk, _time);
        for (var i = 0; i < ReusingBotFrameworkAuthentication.Capacity - 1; i++)
        {
            await ConnectAsync(reusing, "bot-app", $"https://old{i}.test/");
        }

        _time.Advance(ReusingBotFrameworkAuthentication.Lifetime + TimeSpan.FromSeconds(1));
        await ConnectAsync(reusing, "bot-app", ServiceUrl); // the cache is full now
        await ConnectAsync(reusing, "bot-app", "https://new.test/");
        var built = _sdk.ConnectorsBuilt;
        await ConnectAsync(reusing, "bot-app", ServiceUrl);

        Assert.Equal(built, _sdk.ConnectorsBuilt);
    }

    [Fact]
    public async Task UserTokenClient_TwoTurnsOfOneApp_BuiltOnceAndNotDisposedByTheTurn()
    {
        var reusing = new ReusingBotFrameworkAuthentication(_sdk, _time);

        var first = await reusing.CreateUserTokenClientAsync(Identity("bot-app"), CancellationToken.None);
        first.Dispose();
        var second = await reusing.CreateUserTokenClientAsync(Identity("bot-app"), CancellationToken.None);
        var other = await reusing.CreateUserTokenClientAsync(Identity("other-app"), CancellationToken.None);

        Assert.Same(first, second);
        Assert.NotSame(first, other);
        Assert.Equal(2, _sdk.TokenClientsBuilt);
        Assert.False(_sdk.TokenClients[0].Disposed);
        Assert.Equal("token for bot-app", (await second.GetUserTokenAsync("user", "aad", "msteams", null!, CancellationToken.None)).Token);
    }

    [Fact]
    public async Task UserTokenClient_TokensWithOnlyAnAppIdClaim_AreKeptApartByIt()
    {
        // Tokens without an audience name the app in "appid", as the SDK reads them.
        var reusing = new ReusingBotFrameworkAuthentication(_sdk, _time);
        static ClaimsIdentity AppIdOnly(string appId) => new([new Claim(AuthenticationConstants.AppIdClaim, appId)]);

        var a = await reusing.CreateUserTokenClientAsync(AppIdOnly("app-a"), CancellationToken.None);
        var again = await reusing.CreateUserTokenClientAsync(AppIdOnly("app-a"), CancellationToken.None);
        var b = await reusing.CreateUserTokenClientAsync(AppIdOnly("app-b"), CancellationToken.None);

        Assert.Same(a, again);
        Assert.NotSame(a, b);
        Assert.Equal("token for app-b", (await b.GetUserTokenAsync("user", "aad", "msteams", null!, CancellationToken.None)).Token);
    }

    [Fact]
    public async Task AuthenticateRequest_SdkRejectsTheRequest_RejectsItAlsoAfterEarlierTurnsBuiltClients()
    {
        var reusing = new ReusingBotFrameworkAuthentication(_sdk, _time);
        await ConnectAsync(reusing, "bot-app", ServiceUrl);

        await Assert.ThrowsAsync<UnauthorizedAccessException>(() =>
            reusing.AuthenticateRequestAsync(new Activity { ServiceUrl = ServiceUrl }, "Bearer forged", CancellationToken.None));
    }

    [Fact]
    public async Task Replies_TwoTurnsToTheSameChannel_BothArriveOverTheReusedClient()
    {
        await using var channel = await LoopbackChannel.StartAsync();
        using var http = await shared.ReadyClientAsync();

        using var first = await http.PostAsJsonAsync("/api/messages", TestActivities.Message("are they always enemies?", serviceUrl: channel.ServiceUrl));
        using var second = await http.PostAsJsonAsync("/api/messages", TestActivities.Message("sanctions always work", serviceUrl: channel.ServiceUrl));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(2, channel.Delivered.Count);
        Assert.Contains(channel.Delivered, d => d.Contains("No, not really.", StringComparison.Ordinal));
        Assert.Contains(channel.Delivered, d => d.Contains("Myth", StringComparison.Ordinal));
    }

    private static async Task<IConnectorClient> ConnectAsync(BotFrameworkAuthentication authentication, string appId, string serviceUrl, string audience = "https://api.botframework.com")
    {
        var result = await authentication.AuthenticateRequestAsync(new Activity { ServiceUrl = serviceUrl }, "Bearer " + appId, CancellationToken.None);
        return await result.ConnectorFactory.CreateAsync(serviceUrl, audience, CancellationToken.None);
    }

    private static ClaimsIdentity Identity(string appId) => new([new Claim(AuthenticationConstants.AudienceClaim, appId)]);

    /// <summary>
    /// Stands in for the SDK's authentication: "Bearer APPID" authenticates as that app, "Bearer forged" is refused;
    /// counts the clients it builds.
    /// </summary>
    private sealed class FakeAuthentication : BotFrameworkAuthentication
    {
        public List<ConnectorClient> Connectors { get; } = [];

        public List<TrackingHandler> Handlers { get; } = [];

        public List<FakeTokenClient> TokenClients { get; } = [];

        public int ConnectorsBuilt => Connectors.Count;

        public int TokenClientsBuilt => TokenClients.Count;

        public override Task<AuthenticateRequestResult> AuthenticateRequestAsync(Activity activity, string authHeader, CancellationToken cancellationToken)
        {
            var appId = authHeader["Bearer ".Length..];
            return appId == "forged"
                ? throw new UnauthorizedAccessException("Invalid token")
                : Task.FromResult(new AuthenticateRequestResult
                {
                    ClaimsIdentity = Identity(appId),
                    Audience = "https://api.botframework.com",
                    ConnectorFactory = CreateConnectorFactory(Identity(appId)),
                });
        }

        public override Task<AuthenticateRequestResult> AuthenticateStreamingRequestAsync(string authHeader, string channelIdHeader, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public override ConnectorFactory CreateConnectorFactory(ClaimsIdentity claimsIdentity) =>
            new Factory(this, claimsIdentity.FindFirst(AuthenticationConstants.AudienceClaim)!.Value);

        public override Task<UserTokenClient> CreateUserTokenClientAsync(ClaimsIdentity claimsIdentity, CancellationToken cancellationToken)
        {
            var client = new FakeTokenClient((claimsIdentity.FindFirst(AuthenticationConstants.AudienceClaim) ?? claimsIdentity.FindFirst(AuthenticationConstants.AppIdClaim))!.Value);
            TokenClients.Add(client);
            return Task.FromResult<UserTokenClient>(client);
        }

        private sealed class Factory(FakeAuthentication owner, string appId) : ConnectorFactory
        {
            public override Task<IConnectorClient> CreateAsync(string serviceUrl, string audience, CancellationToken cancellationToken)
            {
                // As the SDK's factory builds them: a client that disposes its HttpClient (and so its handler) with itself.
                var handler = new TrackingHandler();
                var client = new ConnectorClient(new Uri(serviceUrl), new BasicAuthenticationCredentials { UserName = appId + "@" + audience },
                    new HttpClient(handler), disposeHttpClient: true);
                owner.Connectors.Add(client);
                owner.Handlers.Add(handler);
                return Task.FromResult<IConnectorClient>(client);
            }
        }
    }

    private sealed class TrackingHandler : HttpMessageHandler
    {
        public bool Disposed { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK));

        protected override void Dispose(bool disposing)
        {
            Disposed = true;
            base.Dispose(disposing);
        }
    }

    private sealed class FakeTokenClient(string appId) : UserTokenClient
    {
        public bool Disposed { get; private set; }

        public override Task<TokenResponse> GetUserTokenAsync(string userId, string connectionName, string channelId, string magicCode, CancellationToken cancellationToken) =>
            Task.FromResult(new TokenResponse { Token = $"token for {appId}" });

        public override Task<SignInResource> GetSignInResourceAsync(string connectionName, Activity activity, string finalRedirect, CancellationToken cancellationToken) => throw new NotSupportedException();

        public override Task SignOutUserAsync(string userId, string connectionName, string channelId, CancellationToken cancellationToken) => throw new NotSupportedException();

        public override Task<TokenStatus[]> GetTokenStatusAsync(string userId, string channelId, string includeFilter, CancellationToken cancellationToken) => throw new NotSupportedException();

        public override Task<Dictionary<string, TokenResponse>> GetAadTokensAsync(string userId, string connectionName, string[] resourceUrls, string channelId, CancellationToken cancellationToken) => throw new NotSupportedException();

        public override Task<TokenResponse> ExchangeTokenAsync(string userId, string connectionName, string channelId, TokenExchangeRequest exchangeRequest, CancellationToken cancellationToken) => throw new NotSupportedException();

        protected override void Dispose(bool disposing) => Disposed = true;
    }
}
