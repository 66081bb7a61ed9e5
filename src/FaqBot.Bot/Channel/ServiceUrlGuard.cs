using Microsoft.Extensions.Options;

namespace FaqBot.Bot.Channel;

/// <summary>
/// The outermost handler of the channel's HTTP client: with an app id configured, a request to a host outside the
/// Bot Framework's (and the configured extras), or not over HTTPS, is refused before anything is sent. Anonymous
/// mode (Emulator, local use) talks to whatever the activity names, as the Emulator's localhost service URL needs.
/// </summary>
internal sealed class ServiceUrlGuard(IConfiguration configuration, IOptions<ChannelOptions> options, ILogger<ServiceUrlGuard> logger)
    : DelegatingHandler
{
    private static readonly string[] BotFrameworkHosts =
    [
        "botframework.com", "trafficmanager.net", "botframework.azure.us", "teams.microsoft.com",
        "login.microsoftonline.com", "login.microsoftonline.us",
    ];

    private readonly bool _authenticated = !string.IsNullOrWhiteSpace(configuration["MicrosoftAppId"]);
    private readonly string[] _allowed = [.. BotFrameworkHosts, .. options.Value.AllowedServiceUrlHosts];

    public bool Allows(Uri uri) =>
        !_authenticated || (uri.Scheme == Uri.UriSchemeHttps && _allowed.Any(host => IsHostOrSubdomain(uri.IdnHost, host)));

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.RequestUri is { } uri && !Allows(uri))
        {
            logger.LogWarning("Refused to call {Host}: not a Bot Framework host", uri.IdnHost);
            throw new HttpRequestException($"The service URL host '{uri.IdnHost}' is not an allowed channel host.");
        }

        return base.SendAsync(request, cancellationToken);
    }

    private static bool IsHostOrSubdomain(string host, string allowed) =>
        host.Equals(allowed, StringComparison.OrdinalIgnoreCase)
        || (host.Length > allowed.Length + 1 && host.EndsWith(allowed, StringComparison.OrdinalIgnoreCase) && host[^(allowed.Length + 1)] == '.');
}
