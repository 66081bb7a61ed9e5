using FaqBot.Bot.Activities;
using FaqBot.Bot.DirectLine;
using FaqBot.Bot.Hosting;
using FaqBot.Classification.Engine;
using FaqBot.Core.Feedback;
using FaqBot.Redis;
using Microsoft.Bot.Builder;
using Microsoft.Extensions.Options;

namespace FaqBot.Bot.Storage;

public static class StorageExtensions
{
    /// <summary>
    /// In this process by default; with Redis:ConnectionString, shared by every replica through Redis: conversation
    /// state (behind a resilience pipeline), the local Direct Line's conversations and the feedback log.
    /// </summary>
    public static IServiceCollection AddFaqBotStorage(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<RedisOptions>(configuration, RedisOptions.SectionName);
        services.AddValidatedOptions<FeedbackOptions>(configuration, FeedbackOptions.SectionName);
        services.AddSingleton(sp => new FeedbackLog(KnowledgeOptions.Resolve(sp.GetRequiredService<IOptions<FeedbackOptions>>().Value.LogPath)));

        var redis = configuration.GetSection(RedisOptions.SectionName).Get<RedisOptions>() ?? new RedisOptions();
        if (!redis.Enabled)
        {
            services.AddValidatedOptions<StateOptions>(configuration, StateOptions.SectionName);
            services.AddSingleton<IStorage, BoundedMemoryStorage>();
            services.AddSingleton<IDirectLineStore, InMemoryDirectLineStore>();
            services.AddSingleton<IFeedbackLog>(sp => sp.GetRequiredService<FeedbackLog>());
            return services;
        }

        services.AddSingleton<RedisConnection>();
        services.AddSingleton<RedisStorage>();
        services.AddSingleton<IStorage>(sp => ActivatorUtilities.CreateInstance<ResilientStorage>(sp, sp.GetRequiredService<RedisStorage>()));
        services.AddSingleton<IDirectLineStore, RedisDirectLineStore>();
        services.AddSingleton(sp =>
        {
            var connection = sp.GetRequiredService<RedisConnection>();
            return new RedisFeedbackLog(connection.Multiplexer, connection.KeyPrefix);
        });
        services.AddSingleton<IFeedbackLog, SharedFeedbackLog>();
        return services;
    }
}
