using System.IdentityModel.Tokens.Jwt;
using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.Tokens;

namespace FaqBot.Bot.Tests.Security;

/// <summary>
/// Stands in for the Bot Framework's token issuer: an OpenID metadata endpoint and signing keys (with channel
/// endorsements) served over HTTPS on loopback, with a certificate from a throwaway CA whose PEM a bot process can
/// be told to trust (SSL_CERT_FILE), and tokens signed the way a channel signs them.
/// </summary>
public sealed class BotFrameworkIssuer : IAsyncDisposable
{
    public const string Issuer = "https://api.botframework.com";
    public const string KeyId = "faqbot-test-key";

    private readonly RSA _signingKey;
    private readonly WebApplication _metadata;

    private BotFrameworkIssuer(WebApplication metadata, string caFile, RSA signingKey)
    {
        _metadata = metadata;
        _signingKey = signingKey;
        CaFile = caFile;
    }

    /// <summary>The PEM of the CA that signed the metadata server's certificate.</summary>
    public string CaFile { get; }

    public string MetadataUrl { get; private init; } = string.Empty;

    public static async Task<BotFrameworkIssuer> StartAsync()
    {
        using var caKey = RSA.Create(2048);
        var caRequest = new CertificateRequest("CN=FaqBot Test CA", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        using var ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));

        using var serverKey = RSA.Create(2048);
        var serverRequest = new CertificateRequest("CN=127.0.0.1", serverKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        serverRequest.CertificateExtensions.Add(names.Build());
        serverRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var signed = serverRequest.Create(ca, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddHours(12), RandomNumberGenerator.GetBytes(8));
        var serverCertificate = X509CertificateLoader.LoadPkcs12(signed.CopyWithPrivateKey(serverKey).Export(X509ContentType.Pfx), null);

        var caFile = Path.Combine(Path.GetTempPath(), $"faqbot-test-ca-{Guid.NewGuid():N}.pem");
        await File.WriteAllTextAsync(caFile, ca.ExportCertificatePem());

        var signingKey = RSA.Create(2048);
        var metadataUrl = string.Empty;
        var app = await LoopbackServer.StartAsync(
            server =>
            {
                server.MapGet("/.well-known/openidconfiguration", () => Results.Json(new Dictionary<string, object>
                {
                    ["issuer"] = Issuer,
                    ["jwks_uri"] = metadataUrl.Replace("/.well-known/openidconfiguration", "/keys", StringComparison.Ordinal),
                    ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
                    ["token_endpoint_auth_methods_supported"] = new[] { "private_key_jwt" },
                }));
                server.MapGet("/keys", () =>
                {
                    var parameters = signingKey.ExportParameters(false);
                    return Results.Json(new
                    {
                        keys = new[]
                        {
                            new
                            {
                                kty = "RSA", use = "sig", kid = KeyId, n = Base64UrlEncoder.Encode(parameters.Modulus),
                                e = Base64UrlEncoder.Encode(parameters.Exponent), endorsements = new[] { "msteams", "emulator", "webchat", "directline" },
                            },
                        },
                    });
                });
            },
            kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(serverCertificate)));
        metadataUrl = $"{app.Address()}/.well-known/openidconfiguration";
        return new BotFrameworkIssuer(app, caFile, signingKey) { MetadataUrl = metadataUrl };
    }

    /// <summary>
    /// The settings that make a bot with <paramref name="appId"/> trust <paramref name="metadataUrl"/> for the Bot Framework's
    /// signing keys. Overriding one Bot Framework endpoint makes the SDK read them all from configuration: the public
    /// cloud's, but this key server.
    /// </summary>
    public static Dictionary<string, string> BotSettings(string appId, string metadataUrl) => new()
    {
        ["MicrosoftAppId"] = appId,
        ["MicrosoftAppPassword"] = "not-a-real-secret",
        ["ToBotFromChannelOpenIdMetadataUrl"] = metadataUrl,
        ["ToBotFromChannelTokenIssuer"] = Issuer,
        ["ToBotFromEmulatorOpenIdMetadataUrl"] = metadataUrl,
        ["ToChannelFromBotLoginUrl"] = "https://login.microsoftonline.com/botframework.com",
        ["ToChannelFromBotOAuthScope"] = "https://api.botframework.com",
        ["OAuthUrl"] = "https://api.botframework.com",
        ["ValidateAuthority"] = "true",
    };

    /// <summary>A Teams message to the bot <paramref name="appId"/> as the channel posts it, with the Authorization header as given.</summary>
    public static HttpRequestMessage ChannelMessage(string appId, string serviceUrl, string? authorization)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/messages", UriKind.Relative))
        {
            Content = JsonContent.Create(new
            {
                type = "message",
                id = Guid.NewGuid().ToString("N"),
                text = "are they always enemies?",
                channelId = "msteams",
                serviceUrl,
                deliveryMode = "expectReplies",
                from = new { id = "29:user" },
                recipient = new { id = $"28:{appId}" },
                conversation = new { id = "a:personal-chat" },
            }),
        };
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        return request;
    }

    /// <summary>A channel's token: for <paramref name="audience"/>, naming the service URL the activity replies to.</summary>
    public string Token(string audience, string serviceUrl, TimeSpan? expiresIn = null, RSA? signedWith = null)
    {
        var now = DateTime.UtcNow;
        var expires = now + (expiresIn ?? TimeSpan.FromMinutes(30));
        var key = new RsaSecurityKey(signedWith ?? _signingKey) { KeyId = KeyId };
        var token = new JwtSecurityToken(
            Issuer,
            audience,
            [new Claim("serviceurl", serviceUrl)],
            notBefore: expires < now ? expires.AddMinutes(-30) : now.AddMinutes(-1),
            expires: expires,
            signingCredentials: new SigningCredentials(key, SecurityAlgorithms.RsaSha256));
        return new JwtSecurityTokenHandler().WriteToken(token);
    }

    public async ValueTask DisposeAsync()
    {
        await _metadata.StopAsync();
        await _metadata.DisposeAsync();
        _signingKey.Dispose();
        File.Delete(CaFile);
    }
}
