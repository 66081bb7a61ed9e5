using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace FaqBot.Bot.Admin;

/// <summary>
/// Who may open the console: a request from this machine to a bot bound only to loopback addresses, with no sign of a
/// proxy in between; anyone presenting the configured admin key; or, with Microsoft Entra ID sign-in configured,
/// someone signed in with the curator app role. Everything else is refused.
/// </summary>
internal sealed class AdminAccess(IOptions<AdminOptions> options, IServer server, IConfiguration configuration)
{
    /// <summary>The configuration section Microsoft.Identity.Web reads; sign-in is on when it names a client id.</summary>
    public const string EntraSection = "AzureAd";

    public bool SignInConfigured { get; } = !string.IsNullOrWhiteSpace(configuration[$"{EntraSection}:ClientId"]);

    public bool IsCurator(HttpContext context) =>
        SignInConfigured && context.User.Identity?.IsAuthenticated == true && context.User.IsInRole(options.Value.CuratorRole);

    public bool IsSignedIn(HttpContext context) => context.User.Identity?.IsAuthenticated == true;

    public string CuratorRole => options.Value.CuratorRole;

    public const string KeyHeader = "X-FaqBot-Admin-Key";
    public const string KeyCookie = "faqbot-admin";

    private static readonly string[] ProxyHeaders = ["X-Forwarded-For", "X-Forwarded-Host", "X-Forwarded-Proto", "Forwarded", "X-Real-IP"];

    public bool KeyConfigured => options.Value.Key.Length > 0;

    public bool Allows(HttpContext context) => IsLocal(context) || HasKey(context) || IsCurator(context);

    public bool IsKey(string? candidate) =>
        KeyConfigured && candidate is not null
        && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(candidate)), SHA256.HashData(Encoding.UTF8.GetBytes(options.Value.Key)));

    private bool HasKey(HttpContext context) =>
        IsKey(context.Request.Headers[KeyHeader].ToString() is { Length: > 0 } header ? header : context.Request.Cookies[KeyCookie]);

    private bool IsLocal(HttpContext context) =>
        context.Connection.RemoteIpAddress is { } remote && IPAddress.IsLoopback(remote)
        && !ProxyHeaders.Any(h => context.Request.Headers.ContainsKey(h))
        && BoundToLoopbackOnly();

    private bool BoundToLoopbackOnly() =>
        (server.Features.Get<IServerAddressesFeature>()?.Addresses ?? []).All(address =>
            Uri.TryCreate(address.Replace("*", "wildcard", StringComparison.Ordinal).Replace("+", "wildcard", StringComparison.Ordinal), UriKind.Absolute, out var uri)
            && (uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip))));
}
