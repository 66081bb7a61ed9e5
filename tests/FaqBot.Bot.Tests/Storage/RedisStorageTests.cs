using FaqBot.Bot.Storage;
using Microsoft.Bot.Builder;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FaqBot.Bot.Tests.Storage;

public sealed class RedisStorageTests
{
    [RedisFact]
    public async Task Write_ThenRead_GivesTheItemBackWithANewETag()
    {
        await using var server = await RedisServer.StartAsync();
        using var redis = Connection(server);
        var storage = new RedisStorage(redis, Options.Create(new RedisOptions { ConnectionString = server.ConnectionString }));

        await storage.WriteAsync(new Dictionary<string, object> { ["note"] = new Note { Text = "first" } });
        var read = await ReadNoteAsync(storage);

        Assert.Equal("first", read.Text);
        Assert.False(string.IsNullOrEmpty(read.ETag));
    }

    [RedisFact]
    public async Task Write_WithAStaleETag_IsRefused_WhileTheCurrentOneOrStarWins()
    {
        await using var server = await RedisServer.StartAsync();
        using var redis = Connection(server);
        var storage = new RedisStorage(redis, Options.Create(new RedisOptions { ConnectionString = server.ConnectionString }));
        await storage.WriteAsync(new Dictionary<string, object> { ["note"] = new Note { Text = "first" } });
        var replicaA = await ReadNoteAsync(storage);
        var replicaB = await ReadNoteAsync(storage);

        replicaA.Text = "from A";
        await storage.WriteAsync(new Dictionary<string, object> { ["note"] = replicaA });
        replicaB.Text = "from B";
        await Assert.ThrowsAsync<InvalidOperationException>(() => storage.WriteAsync(new Dictionary<string, object> { ["note"] = replicaB }));
        var afterConflict = await ReadNoteAsync(storage);
        replicaB.ETag = "*";
        await storage.WriteAsync(new Dictionary<string, object> { ["note"] = replicaB });

        Assert.Equal("from A", afterConflict.Text);
        Assert.Equal("from B", (await ReadNoteAsync(storage)).Text);
    }

    [RedisFact]
    public async Task ConversationState_SavedOnOneReplica_IsReadOnAnother()
    {
        await using var server = await RedisServer.StartAsync();
        using var first = Connection(server);
        using var second = Connection(server);
        var options = Options.Create(new RedisOptions { ConnectionString = server.ConnectionString });
        var turn = new TurnContext(new Microsoft.Bot.Builder.Adapters.TestAdapter(), new Microsoft.Bot.Schema.Activity
        {
            ChannelId = "test", Conversation = new() { Id = "c1" }, Type = "message",
        });

        var stateA = new ConversationState(new RedisStorage(first, options));
        await stateA.CreateProperty<string>("last").SetAsync(turn, "section:history");
        await stateA.SaveChangesAsync(turn);
        var stateB = new ConversationState(new RedisStorage(second, options));
        var turnB = new TurnContext(turn.Adapter, turn.Activity);

        Assert.Equal("section:history", await stateB.CreateProperty<string>("last").GetAsync(turnB, () => "nothing"));
    }

    /// <summary>As BotState reads: the stored JSON, turned into the caller's type.</summary>
    private static async Task<Note> ReadNoteAsync(IStorage storage) =>
        ((Newtonsoft.Json.Linq.JObject)(await storage.ReadAsync(["note"]))["note"]).ToObject<Note>()!;

    private static RedisConnection Connection(RedisServer server) =>
        new(Options.Create(new RedisOptions { ConnectionString = server.ConnectionString }), NullLogger<RedisConnection>.Instance);

    private sealed class Note : IStoreItem
    {
        public string Text { get; set; } = string.Empty;

        public string ETag { get; set; } = string.Empty;
    }
}
