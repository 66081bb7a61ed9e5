using System.Security.Cryptography;
using System.Text;

namespace FaqBot.Bot.DirectLine;

/// <summary>Random, unguessable tokens and ids, and the hash under which a store keeps a token.</summary>
internal static class DirectLineToken
{
    /// <summary>256 random bits, URL-safe.</summary>
    public static string NewToken() => Base64Url(RandomNumberGenerator.GetBytes(32));

    /// <summary>128 random bits: a conversation or user id that cannot be guessed from another.</summary>
    public static string NewId() => Base64Url(RandomNumberGenerator.GetBytes(16));

    /// <summary>Stores keep tokens hashed, so a dump of the store opens no conversation.</summary>
    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>The bearer token of a request, or null.</summary>
    public static string? FromRequest(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        const string Bearer = "Bearer ";
        return header.StartsWith(Bearer, StringComparison.OrdinalIgnoreCase) && header.Length > Bearer.Length && header.Length < 512
            ? header[Bearer.Length..].Trim()
            : null;
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
