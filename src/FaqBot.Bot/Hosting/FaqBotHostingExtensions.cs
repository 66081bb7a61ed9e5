using FaqBot.Core.Conversation;
using FaqBot.Bot.Resilience;
using FaqBot.Bot.Activities;
using FaqBot.Bot.Admin;
using FaqBot.Bot.Channel;
using FaqBot.Bot.DirectLine;
using FaqBot.Bot.Storage;
using FaqBot.Bot.Telemetry;
using FaqBot.Bot.WebChat;
using FaqBot.Classification.Engine;
using FaqBot.Classification.Embeddings;
using FaqBot.Core.Decision;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.Extensions.Options;
using FaqBot.Core.Feedback;

namespace FaqBot.Bot.Hosting;

public static class FaqBotHostingExtensions
{
    /// <summary>The knowledge base, the answer engine (loaded in the background) and the Bot Framework adapter.</summary>
    public static IServiceCollection AddFaqBot(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<KnowledgeOptions>(configuration, KnowledgeOptions.SectionName);
        services.AddValidatedOptions<AnswerThresholdOptions>(configuration, AnswerThresholdOptions.SectionName);

        services.AddValidatedOptions<AnswerResilienceOptions>(configuration, AnswerResilienceOptions.SectionName);
        services.AddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.AddValidatedOptions<AnswerCacheOptions>(configuration, AnswerCacheOptions.SectionName);
        services.AddSingleton<ResilientAnswerer>();
        services.AddSingleton<IQuestionAnswerer>(sp => sp.GetRequiredService<ResilientAnswerer>());
        services.AddSingleton<FaqConversation>();
        services.AddFaqBotTelemetry(configuration);

        services.AddValidatedOptions<EmbeddingCacheOptions>(configuration, EmbeddingCacheOptions.SectionName);
        services.AddSingleton<ISentenceEmbedder>(sp =>
        {
            // The sentence model is kept as a file beside the trained models: loading a file costs far less memory.
            var model = new MiniLmSentenceEmbedder(
                KnowledgeOptions.Resolve(sp.GetRequiredService<IOptions<KnowledgeOptions>>().Value.ModelDirectory),
                logger: sp.GetRequiredService<ILoggerFactory>().CreateLogger<MiniLmSentenceEmbedder>());
            return sp.GetRequiredService<IOptions<EmbeddingCacheOptions>>().Value.Capacity is > 0 and var capacity
                ? new CachingSentenceEmbedder(model, capacity)
                : model;
        });
        services.AddSingleton<AnswerEngineLoader>();
        services.AddSingleton<AnswerEngineHost>();
        services.AddHostedService<AnswerEngineLoadingService>();

        // Anonymous when MicrosoftAppId is empty (Emulator, local use); every request JWT-checked when it is set.
        services.AddChannelHttp(configuration);
        services.AddTransient<IncomingActivity>();
        services.AddFaqBotRateLimits();
        services.AddSingleton<FaqBotAdapter>();
        services.AddSingleton<IBotFrameworkHttpAdapter>(sp => sp.GetRequiredService<FaqBotAdapter>());
        services.AddDirectLine(configuration);
        services.AddFaqBotStorage(configuration);
        services.AddReadiness(configuration);
        services.AddSingleton<ConversationState>();
        services.AddFaqBotAdmin(configuration);
        services.AddTransient<IBot, FaqBotActivityHandler>();
        return services;
    }

    /// <summary>
    /// POST /api/messages for the channels, the web chat page and its Direct Line, GET /healthz (alive and able to
    /// answer), GET /readyz (model loaded and shared storage reachable), and /metrics when Prometheus scrapes.
    /// </summary>
    public static WebApplication MapFaqBot(this WebApplication app)
    {
        WarnWhenAnonymous(app);

        // The middleware, in the order a request meets it: the activity read and checked (POST /api/messages only),
        // then the rate limits that key on it, the Web Chat files, the console's sign-in (when configured); endpoints after.
        app.UseIncomingActivities();
        app.UseRateLimiter();
        app.UseWebChatFiles();
        app.UseAdminSignIn();

        app.MapMessages();
        app.MapWebChat();
        app.MapDirectLine();
        app.MapGet("/healthz", (AnswerEngineHost host) => host.IsReady
            ? Results.Ok(new { status = "ready", essay = host.Engine!.Essay.Title })
            : Results.Json(new { status = host.Failure is null ? "loading" : "failed", problem = host.Failure },
                statusCode: StatusCodes.Status503ServiceUnavailable));
        app.MapReadiness();
        app.MapFaqBotTelemetry();
        app.MapAdmin();
        return app;
    }

    private static void WarnWhenAnonymous(WebApplication app)
    {
        if (string.IsNullOrWhiteSpace(app.Configuration["MicrosoftAppId"]))
        {
            app.Logger.LogWarning(
                "MicrosoftAppId is not set: /api/messages accepts anonymous requests from anyone who can reach it. " +
                "Fine for the Emulator and local use; set MicrosoftAppId and MicrosoftAppPassword before exposing the bot.");
        }
    }
}
