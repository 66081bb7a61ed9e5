using System.Text.Json;
using FaqBot.Bot.Admin;
using FaqBot.Bot.Hosting;
using FaqBot.Classification.Engine;
using FaqBot.Classification.Training;
using FaqBot.Core.Knowledge;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace FaqBot.Bot.Storage;

/// <summary>
/// The replicas' curated labels in a Redis list per essay (by its content hash), and a channel on which a replica says
/// it swapped in a retrained engine. Every other replica then adds the shared labels to its own curated file and
/// retrains itself the same way (judged, swapped only when no worse), so the new model reaches every replica by itself.
/// </summary>
internal sealed class RedisCuratedSync(RedisConnection redis, ILogger<RedisCuratedSync> logger) : ICuratedSync
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>This process, so that it ignores its own announcements.</summary>
    public string Replica { get; } = Guid.NewGuid().ToString("N");

    public RedisChannel Channel => RedisChannel.Literal(redis.KeyPrefix + "retrained");

    public async Task LabelledAsync(Essay essay, string label, IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(essay);
        ArgumentNullException.ThrowIfNull(texts);
        var values = texts.Select(t => (RedisValue)JsonSerializer.Serialize(new SharedLabel(label, t), Json)).ToArray();
        try
        {
            await redis.Multiplexer.GetDatabase().ListRightPushAsync(Key(essay), values).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            // The label is in this replica's file already; only the other replicas miss it, and the curator is told in the log.
            logger.LogWarning(ex, "Could not share {Count} label(s) with the other replicas", texts.Count);
        }
    }

    public async Task RetrainedAsync(Essay essay, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(essay);
        var message = JsonSerializer.Serialize(new Announcement(Replica, essay.ContentHash), Json);
        try
        {
            await redis.Multiplexer.GetSubscriber().PublishAsync(Channel, message).WaitAsync(cancellationToken).ConfigureAwait(false);
            logger.LogInformation("Told the other replicas about the retrained engine");
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            logger.LogWarning(ex, "Could not tell the other replicas about the retrained engine; they keep theirs until their own retrain");
        }
    }

    /// <summary>Every label shared for the essay, oldest first.</summary>
    public async Task<IReadOnlyList<(string Label, string Text)>> SharedAsync(Essay essay)
    {
        var values = await redis.Multiplexer.GetDatabase().ListRangeAsync(Key(essay)).ConfigureAwait(false);
        return values.Select(v => JsonSerializer.Deserialize<SharedLabel>(v.ToString(), Json))
            .OfType<SharedLabel>().Select(l => (l.Label, l.Text)).ToList();
    }

    private RedisKey Key(Essay essay) => redis.KeyPrefix + "curated:" + essay.ContentHash;

    internal sealed record SharedLabel(string Label, string Text);

    internal sealed record Announcement(string Replica, string Essay);
}

/// <summary>Listens for another replica's retrain: takes the shared labels into this replica's data and retrains.</summary>
internal sealed class RedisCuratedListener(RedisCuratedSync sync, RedisConnection redis, AnswerEngineHost host, Retrainer retrainer,
    IOptions<KnowledgeOptions> knowledge, ILogger<RedisCuratedListener> logger) : BackgroundService
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            var queue = await redis.Multiplexer.GetSubscriber().SubscribeAsync(sync.Channel).ConfigureAwait(false);
            queue.OnMessage(message => OnAnnouncementAsync(message.Message.ToString()));
        }
        catch (RedisException ex)
        {
            // Without Redis now, this replica still curates for itself; the next retrain elsewhere is missed, not lost:
            // the labels stay in Redis and come with the next announcement.
            logger.LogWarning(ex, "Could not listen for other replicas' retrains");
        }
    }

    private async Task OnAnnouncementAsync(string message)
    {
        try
        {
            var announcement = JsonSerializer.Deserialize<RedisCuratedSync.Announcement>(message, Json);
            if (announcement is null || announcement.Replica == sync.Replica || host.Engine is not { } engine || announcement.Essay != engine.Essay.ContentHash)
            {
                return;
            }

            var added = CuratedMerge.Merge(CuratedData.Folder(knowledge.Value).CuratedTrainingPath(engine.Essay),
                await sync.SharedAsync(engine.Essay).ConfigureAwait(false));
            logger.LogInformation("Another replica retrained; {Added} shared label(s) new here, retraining", added);
            retrainer.Start($"Another replica retrained ({added} shared label(s) new here)", again: true, share: false);
        }
        catch (Exception ex) when (ex is RedisException or JsonException or IOException)
        {
            logger.LogWarning(ex, "Could not take another replica's retrain");
        }
    }
}
