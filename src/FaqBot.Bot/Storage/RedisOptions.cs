using System.ComponentModel.DataAnnotations;

namespace FaqBot.Bot.Storage;

/// <summary>
/// Redis, shared by replicas: conversation state, the local Direct Line's conversations and the feedback log.
/// Empty <see cref="ConnectionString"/> (the default) keeps everything in this process. Configure under "Redis".
/// </summary>
public sealed class RedisOptions
{
    public const string SectionName = "Redis";

    /// <summary>A StackExchange.Redis configuration string, e.g. "redis:6379" or "name.redis.cache.windows.net:6380,password=…,ssl=True".</summary>
    public string ConnectionString { get; set; } = string.Empty;

    /// <summary>Prefix of every key, so several bots can share one Redis.</summary>
    [Required(AllowEmptyStrings = false)]
    public string KeyPrefix { get; set; } = "faqbot:";

    /// <summary>How long an idle conversation's state (the context of follow-ups) is kept.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "365.00:00:00")]
    public TimeSpan StateTimeToLive { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How long one Redis call may take before the bot carries on without it.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:00:30")]
    public TimeSpan OperationTimeout { get; set; } = TimeSpan.FromSeconds(1);

    public bool Enabled => !string.IsNullOrWhiteSpace(ConnectionString);
}
