using Microsoft.AspNetCore.Http.Features;
using Microsoft.Bot.Schema;

namespace FaqBot.Bot.Channel;

/// <summary>
/// The one reader of an activity from a request body, for /api/messages and the local Direct Line alike: bounded
/// (413 past <c>maxBytes</c>, whether the length was declared or not), then parsed as <see cref="ActivitySchema"/> reads
/// one (400 with the reason).
/// </summary>
internal static class ActivityBody
{
    public readonly record struct Read(Activity? Activity, int Status, string? Problem);

    public static async Task<Read> ReadAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes)
        {
            return TooLarge;
        }

        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = maxBytes;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > maxBytes)
                {
                    return TooLarge;
                }

                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge;
        }

        var (activity, problem) = ActivitySchema.Read(buffer.GetBuffer().AsMemory(0, (int)buffer.Length));
        return activity is null ? new Read(null, StatusCodes.Status400BadRequest, problem) : new Read(activity, StatusCodes.Status200OK, null);
    }

    private static Read TooLarge => new(null, StatusCodes.Status413PayloadTooLarge, "The request body is too large.");
}
