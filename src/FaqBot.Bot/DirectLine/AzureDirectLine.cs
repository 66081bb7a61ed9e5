using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;

namespace FaqBot.Bot.DirectLine;

/// <summary>
/// In Azure, the page's Web Chat talks to Azure's Direct Line channel; the bot exchanges its channel secret for a
/// token scoped to one new conversation, so the secret never reaches the browser.
/// </summary>
internal sealed class AzureDirectLine(IHttpClientFactory clients, IOptions<DirectLineOptions> options, ILogger<AzureDirectLine> logger)
{
    public const string HttpClientName = "FaqBot.DirectLine";

    public async Task<IResult> IssueAsync(CancellationToken cancellationToken)
    {
        var userId = "dl_" + DirectLineToken.NewId();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(options.Value.Endpoint, "tokens/generate"))
        {
            Content = JsonContent.Create(new { user = new { id = userId } }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", options.Value.Secret);
        try
        {
            using var response = await clients.CreateClient(HttpClientName).SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (response.IsSuccessStatusCode
                && await response.Content.ReadFromJsonAsync<GeneratedToken>(cancellationToken).ConfigureAwait(false) is { Token.Length: > 0 } token)
            {
                return Results.Json(new Dictionary<string, object?>
                {
                    ["conversationId"] = token.ConversationId,
                    ["token"] = token.Token,
                    ["expires_in"] = token.ExpiresIn,
                    ["userId"] = userId,
                });
            }

            logger.LogError("Direct Line refused a token: {Status}", (int)response.StatusCode);
        }
        catch (Exception ex) when (ex is HttpRequestException or System.Text.Json.JsonException or Polly.ExecutionRejectedException
                                       || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            logger.LogError("Direct Line could not be reached for a token: {Failure}", ex.GetType().Name);
        }

        return Results.Json(new { error = new { code = "ServiceUnavailable", message = "The web chat is unavailable right now; please try again later." } },
            statusCode: StatusCodes.Status503ServiceUnavailable);
    }

    private sealed record GeneratedToken(
        [property: JsonPropertyName("conversationId")] string? ConversationId,
        [property: JsonPropertyName("token")] string? Token,
        [property: JsonPropertyName("expires_in")] int ExpiresIn);
}
