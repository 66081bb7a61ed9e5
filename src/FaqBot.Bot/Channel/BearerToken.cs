using System.Buffers.Text;
using System.Text.Json;

namespace FaqBot.Bot.Channel;

/// <summary>
/// The shape every token a Bot Framework channel or the Emulator sends has: <c>Bearer</c> and a compact JWS, three
/// base64url parts, whose header is a JSON object naming RS256 and the id of the signing key, and whose payload is a JSON
/// object. A token of any other shape can never validate, so it is refused (401) before the SDK looks at it: the SDK
/// fetches the Bot Framework's signing keys before it reads the token, so a forged token would otherwise cost a key
/// fetch, and a 503 instead of a 401 where the key server cannot be reached.
/// </summary>
internal static class BearerToken
{
    private const string Scheme = "Bearer ";

    /// <summary>Larger than any real token (about 1.5 KB); past it nothing is decoded.</summary>
    private const int MaxLength = 16 * 1024;

    public static bool CouldBeValid(string? authorization)
    {
        if (authorization is null || authorization.Length > MaxLength || !authorization.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var parts = authorization.AsSpan(Scheme.Length).Trim();
        Span<Range> ranges = stackalloc Range[4];
        if (parts.Split(ranges, '.') != 3 || parts[ranges[2]].IsEmpty)
        {
            return false;
        }

        return Decoded(parts[ranges[0]]) is { } header
               && Decoded(parts[ranges[1]]) is { } payload
               && Base64Url.IsValid(parts[ranges[2]])
               && IsObject(header, out var rs256WithKeyId) && rs256WithKeyId
               && IsObject(payload, out _);
    }

    private static byte[]? Decoded(ReadOnlySpan<char> part)
    {
        if (part.IsEmpty || !Base64Url.IsValid(part))
        {
            return null;
        }

        var bytes = new byte[Base64Url.GetMaxDecodedLength(part.Length)];
        return Base64Url.TryDecodeFromChars(part, bytes, out var written) ? bytes[..written] : null;
    }

    /// <summary>Whether <paramref name="json"/> is a JSON object, and whether it names RS256 and a key id, as a token's header must.</summary>
    private static bool IsObject(byte[] json, out bool rs256WithKeyId)
    {
        rs256WithKeyId = false;
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 8 });
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return false;
            }

            rs256WithKeyId = root.TryGetProperty("alg", out var alg) && alg.ValueKind == JsonValueKind.String && alg.ValueEquals("RS256")
                             && root.TryGetProperty("kid", out var kid) && kid.ValueKind == JsonValueKind.String && kid.GetString()!.Length > 0;
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
