using FaqBot.Bot.Hosting;
using Microsoft.Extensions.Options;

namespace FaqBot.Bot.DirectLine;

public static class DirectLineExtensions
{
    /// <summary>The web chat's Direct Line: served locally, or tokens from Azure's channel when a secret is configured.</summary>
    public static IServiceCollection AddDirectLine(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<DirectLineOptions>(configuration, DirectLineOptions.SectionName);
        services.AddSingleton<DirectLineTurns>();
        services.AddSingleton<LocalDirectLine>();
        services.AddSingleton<AzureDirectLine>();
        services.AddHttpClient(AzureDirectLine.HttpClientName).AddStandardResilienceHandler();
        return services;
    }

    /// <summary>
    /// POST /api/directline/token for the page; with no Azure secret, also the local Direct Line 3.0 subset at
    /// /v3/directline that Web Chat polls.
    /// </summary>
    public static IEndpointRouteBuilder MapDirectLine(this IEndpointRouteBuilder app)
    {
        if (app.ServiceProvider.GetRequiredService<IOptions<DirectLineOptions>>().Value.UsesAzure)
        {
            app.MapPost("/api/directline/token", (AzureDirectLine azure, CancellationToken cancellationToken) => azure.IssueAsync(cancellationToken));
            return app;
        }

        app.MapPost("/api/directline/token", (LocalDirectLine local, CancellationToken cancellationToken) => local.IssueAsync(cancellationToken))
            .AddEndpointFilter(WhenStoreIsDown);
        var v3 = app.MapGroup("/v3/directline").AddEndpointFilter(WhenStoreIsDown);
        v3.MapPost("/conversations", (HttpRequest request, LocalDirectLine local, CancellationToken cancellationToken) =>
            local.StartAsync(request, cancellationToken));
        v3.MapGet("/conversations/{conversationId}/activities", (HttpRequest request, string conversationId, string? watermark, LocalDirectLine local,
            CancellationToken cancellationToken) => local.ReadAsync(request, conversationId, watermark, cancellationToken));
        v3.MapPost("/conversations/{conversationId}/activities", (HttpRequest request, string conversationId, LocalDirectLine local,
            CancellationToken cancellationToken) => local.PostAsync(request, conversationId, cancellationToken));
        v3.MapPost("/tokens/refresh", (HttpRequest request, LocalDirectLine local, CancellationToken cancellationToken) =>
            local.RefreshAsync(request, cancellationToken));
        return app;
    }

    /// <summary>With conversations in Redis and Redis gone, Web Chat is told to try again rather than given a 500.</summary>
    private static async ValueTask<object?> WhenStoreIsDown(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is StackExchange.Redis.RedisException or StackExchange.Redis.RedisTimeoutException)
        {
            context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DirectLineExtensions))
                .LogWarning("Web chat conversations are unavailable: {Failure}", ex.GetType().Name);
            context.HttpContext.Response.Headers.RetryAfter = "5";
            return Results.Json(new { error = new { code = "ServiceUnavailable", message = "The chat is unavailable for a moment; please try again." } },
                statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }
}
