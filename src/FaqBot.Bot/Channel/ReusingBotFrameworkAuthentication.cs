using System.Security.Claims;
using FaqBot.Core.Caching;
using Microsoft.Bot.Builder.Skills;
using Microsoft.Bot.Connector;
using Microsoft.Bot.Connector.Authentication;
using Microsoft.Bot.Schema;

namespace FaqBot.Bot.Channel;

/// <summary>
/// The SDK's authentication, unchanged, except that the clients it builds for replies (a connector client per service
/// URL) and for sign-in tokens are kept and reused for a few minutes instead of being built and thrown away on every
/// turn. Building them cost more than a quarter of the CPU of answering a repeated question (user-agent headers,
/// credentials, REST client set-up, regular expressions; <c>perf</c> under <c>tests/load/run.sh</c>), for every
/// message, including those answered inline with <c>expectReplies</c> that never use them. The SDK's older
/// BotFrameworkAdapter kept its connector clients the same way.
/// <para>
/// Every request is still authenticated by the SDK (JWT or anonymous) before anything is reused. Clients are keyed
/// by everything the SDK builds them from that changes between requests (the app id in the request's claims, the
/// service URL, the audience); they are shared by concurrent turns, which the SDK's clients allow (their HttpClient is
/// thread-safe; credentials fetch and refresh their token per call), and never disposed while a turn may hold them: a
/// replaced client is left to the garbage collector. Reuse ends after <see cref="Lifetime"/>, IHttpClientFactory's
/// default handler lifetime, so DNS changes (Traffic Manager fail-over of the Teams service URL) are picked up about
/// as soon as the SDK's own clients would pick them up. A shared connector client is still a
/// <see cref="ConnectorClient"/>, so the SDK's Teams helpers (<c>TeamsInfo</c>) use its HttpClient and pipeline.
/// </para>
/// </summary>
internal sealed class ReusingBotFrameworkAuthentication(BotFrameworkAuthentication inner, TimeProvider time) : BotFrameworkAuthentication
{
    /// <summary>How long a client is reused before the next turn builds a fresh one.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(2);

    /// <summary>Distinct clients kept at most, the least recently used forgotten first (bounded under hostile service URLs).</summary>
    public const int Capacity = 256;

    private readonly RecentlyUsedCache<(string? AppId, string ServiceUrl, string? Audience), Kept<IConnectorClient>> _connectors = new(Capacity);
    private readonly RecentlyUsedCache<string, Kept<UserTokenClient>> _tokenClients = new(Capacity, StringComparer.Ordinal);

    public override async Task<AuthenticateRequestResult> AuthenticateRequestAsync(Activity activity, string authHeader, CancellationToken cancellationToken)
    {
        var result = await inner.AuthenticateRequestAsync(activity, authHeader, cancellationToken).ConfigureAwait(false);
        if (result.ConnectorFactory is { } factory)
        {
            result.ConnectorFactory = new ReusingConnectorFactory(this, factory, AppIdOf(result.ClaimsIdentity));
        }

        return result;
    }

    public override Task<AuthenticateRequestResult> AuthenticateStreamingRequestAsync(string authHeader, string channelIdHeader, CancellationToken cancellationToken) =>
        inner.AuthenticateStreamingRequestAsync(authHeader, channelIdHeader, cancellationToken);

    public override ConnectorFactory CreateConnectorFactory(ClaimsIdentity claimsIdentity) =>
        new ReusingConnectorFactory(this, inner.CreateConnectorFactory(claimsIdentity), AppIdOf(claimsIdentity));

    public override async Task<UserTokenClient> CreateUserTokenClientAsync(ClaimsIdentity claimsIdentity, CancellationToken cancellationToken)
    {
        var key = AppIdOf(claimsIdentity) ?? string.Empty;
        if (TryReuse(_tokenClients, key, out var kept))
        {
            return kept;
        }

        var client = await inner.CreateUserTokenClientAsync(claimsIdentity, cancellationToken).ConfigureAwait(false);
        return client is null ? null! : Keep(_tokenClients, key, new SharedUserTokenClient(client));
    }

    public override BotFrameworkClient CreateBotFrameworkClient() => inner.CreateBotFrameworkClient();

    public override string GetOriginatingAudience() => inner.GetOriginatingAudience();

    public override Task<ClaimsIdentity> AuthenticateChannelRequestAsync(string authHeader, CancellationToken cancellationToken) =>
        inner.AuthenticateChannelRequestAsync(authHeader, cancellationToken);

    /// <summary>The app id the SDK builds clients for: the token's audience, else its appid claim (none when anonymous).</summary>
    private static string? AppIdOf(ClaimsIdentity? identity) =>
        identity?.Claims.FirstOrDefault(c => c.Type == AuthenticationConstants.AudienceClaim)?.Value
            ?? identity?.Claims.FirstOrDefault(c => c.Type == AuthenticationConstants.AppIdClaim)?.Value;

    /// <summary>The kept client for the key, unless it has outlived <see cref="Lifetime"/>.</summary>
    private bool TryReuse<TKey, T>(RecentlyUsedCache<TKey, Kept<T>> clients, TKey key, out T client)
        where TKey : notnull
    {
        if (clients.TryGet(key, out var kept) && time.GetUtcNow() - kept.Since < Lifetime)
        {
            client = kept.Client;
            return true;
        }

        client = default!;
        return false;
    }

    private T Keep<TKey, T>(RecentlyUsedCache<TKey, Kept<T>> clients, TKey key, T client)
        where TKey : notnull
    {
        clients.Set(key, new Kept<T>(client, time.GetUtcNow()));
        return client;
    }

    private sealed record Kept<T>(T Client, DateTimeOffset Since);

    /// <summary>The SDK's connector factory for one request, answering from the kept clients when it can.</summary>
    private sealed class ReusingConnectorFactory(ReusingBotFrameworkAuthentication owner, ConnectorFactory inner, string? appId) : ConnectorFactory
    {
        public override async Task<IConnectorClient> CreateAsync(string serviceUrl, string audience, CancellationToken cancellationToken)
        {
            var key = (appId, serviceUrl, audience);
            if (owner.TryReuse(owner._connectors, key, out var kept))
            {
                return kept;
            }

            var client = await inner.CreateAsync(serviceUrl, audience, cancellationToken).ConfigureAwait(false);

            // Only the SDK's own client type is shared (the factory always makes one): its HttpClient, credentials and
            // base address go into a client whose end-of-turn dispose does nothing.
            return client is ConnectorClient built
                ? owner.Keep(owner._connectors, key, new SharedConnectorClient(built))
                : client;
        }
    }

    /// <summary>
    /// A connector client shared by turns, built on the SDK's client's HttpClient and credentials: the SDK disposes its
    /// client at the end of each turn; this one stays usable, and its HttpClient is never disposed by it (clients from
    /// IHttpClientFactory need not be).
    /// </summary>
    private sealed class SharedConnectorClient(ConnectorClient built)
        : ConnectorClient(built.BaseUri, built.Credentials, built.HttpClient, disposeHttpClient: false)
    {
        protected override void Dispose(bool disposing)
        {
            // Shared: left to the garbage collector once it is replaced.
        }
    }

    /// <summary>A token client shared by turns; the end of a turn does not dispose it.</summary>
    private sealed class SharedUserTokenClient(UserTokenClient inner) : UserTokenClient
    {
        public override Task<TokenResponse> GetUserTokenAsync(string userId, string connectionName, string channelId, string magicCode, CancellationToken cancellationToken) =>
            inner.GetUserTokenAsync(userId, connectionName, channelId, magicCode, cancellationToken);

        public override Task<SignInResource> GetSignInResourceAsync(string connectionName, Activity activity, string finalRedirect, CancellationToken cancellationToken) =>
            inner.GetSignInResourceAsync(connectionName, activity, finalRedirect, cancellationToken);

        public override Task SignOutUserAsync(string userId, string connectionName, string channelId, CancellationToken cancellationToken) =>
            inner.SignOutUserAsync(userId, connectionName, channelId, cancellationToken);

        public override Task<TokenStatus[]> GetTokenStatusAsync(string userId, string channelId, string includeFilter, CancellationToken cancellationToken) =>
            inner.GetTokenStatusAsync(userId, channelId, includeFilter, cancellationToken);

        public override Task<Dictionary<string, TokenResponse>> GetAadTokensAsync(string userId, string connectionName, string[] resourceUrls, string channelId, CancellationToken cancellationToken) =>
            inner.GetAadTokensAsync(userId, connectionName, resourceUrls, channelId, cancellationToken);

        public override Task<TokenResponse> ExchangeTokenAsync(string userId, string connectionName, string channelId, TokenExchangeRequest exchangeRequest, CancellationToken cancellationToken) =>
            inner.ExchangeTokenAsync(userId, connectionName, channelId, exchangeRequest, cancellationToken);

        protected override void Dispose(bool disposing)
        {
            // Shared: left to the garbage collector once it is replaced.
        }
    }
}
