using FaqBot.Bot.Storage;
using Microsoft.Bot.Builder;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace FaqBot.Bot.Tests.Storage;

public sealed class BoundedMemoryStorageTests
{
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);

    [Fact]
    public async Task Write_ThenRead_GivesTheItemBack_AndAWriteWithAStaleETagIsRefused()
    {
        var storage = Storage(maxConversations: 10);
        await storage.WriteAsync(new Dictionary<string, object> { ["a"] = new Note { Text = "first" } });
        var first = await ReadAsync(storage, "a");
        var second = await ReadAsync(storage, "a");

        first!.Text = "from one turn";
        await storage.WriteAsync(new Dictionary<string, object> { ["a"] = first });
        second!.Text = "from another";

        await Assert.ThrowsAnyAsync<Exception>(() => storage.WriteAsync(new Dictionary<string, object> { ["a"] = second }));
        Assert.Equal("from one turn", (await ReadAsync(storage, "a"))!.Text);
    }

    [Fact]
    public async Task PastTheBound_TheConversationIdleLongestIsForgotten_AndOneJustReadIsKept()
    {
        var storage = Storage(maxConversations: 3);
        foreach (var key in new[] { "a", "b", "c" })
        {
            await storage.WriteAsync(new Dictionary<string, object> { [key] = new Note { Text = key } });
            _clock.Advance(TimeSpan.FromSeconds(1));
        }

        // "a" is the oldest written, but read again now: "b" has been idle longest.
        Assert.NotNull(await ReadAsync(storage, "a"));
        _clock.Advance(TimeSpan.FromSeconds(1));
        await storage.WriteAsync(new Dictionary<string, object> { ["d"] = new Note { Text = "d" } });

        Assert.Null(await ReadAsync(storage, "b"));
        Assert.Equal("a", (await ReadAsync(storage, "a"))!.Text);
        Assert.Equal("d", (await ReadAsync(storage, "d"))!.Text);
        Assert.True(storage.Count <= 3, $"{storage.Count} items kept, the bound is 3");
    }

    [Fact]
    public async Task ManyConversations_NeverKeepMoreThanTheBound()
    {
        var storage = Storage(maxConversations: 100);
        for (var i = 0; i < 1_000; i++)
        {
            await storage.WriteAsync(new Dictionary<string, object> { [$"conversation-{i}"] = new Note { Text = $"{i}" } });
            Assert.True(storage.Count <= 100, $"{storage.Count} items after {i + 1} conversations");
        }

        Assert.Equal("999", (await ReadAsync(storage, "conversation-999"))!.Text);
        Assert.Null(await ReadAsync(storage, "conversation-0"));
    }

    [Fact]
    public async Task AnIdleConversation_IsForgottenAfterItsLifetime_AndAnActiveOneIsNot()
    {
        var storage = Storage(maxConversations: 10, idle: TimeSpan.FromHours(1));
        await storage.WriteAsync(new Dictionary<string, object> { ["idle"] = new Note { Text = "idle" }, ["active"] = new Note { Text = "active" } });

        _clock.Advance(TimeSpan.FromMinutes(40));
        Assert.NotNull(await ReadAsync(storage, "active"));
        _clock.Advance(TimeSpan.FromMinutes(30));

        Assert.Null(await ReadAsync(storage, "idle"));
        Assert.Equal("active", (await ReadAsync(storage, "active"))!.Text);

        // The next write sweeps: the idle item is gone from memory, not only hidden.
        await storage.WriteAsync(new Dictionary<string, object> { ["new"] = new Note { Text = "new" } });
        Assert.Equal(2, storage.Count);
    }

    [Fact]
    public async Task Delete_ForgetsTheItem()
    {
        var storage = Storage(maxConversations: 10);
        await storage.WriteAsync(new Dictionary<string, object> { ["a"] = new Note { Text = "a" } });

        await storage.DeleteAsync(["a"]);

        Assert.Null(await ReadAsync(storage, "a"));
        Assert.Equal(0, storage.Count);
    }

    private BoundedMemoryStorage Storage(int maxConversations, TimeSpan? idle = null) =>
        new(Options.Create(new StateOptions { MaxConversations = maxConversations, IdleLifetime = idle ?? TimeSpan.FromDays(7) }), _clock);

    private static async Task<Note?> ReadAsync(IStorage storage, string key) =>
        (await storage.ReadAsync([key])).TryGetValue(key, out var item) ? (Note)item : null;

    private sealed class Note : IStoreItem
    {
        public string Text { get; set; } = string.Empty;

        public string ETag { get; set; } = string.Empty;
    }
}
