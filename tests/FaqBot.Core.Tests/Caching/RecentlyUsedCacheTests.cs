using FaqBot.Core.Caching;

namespace FaqBot.Core.Tests.Caching;

public class RecentlyUsedCacheTests
{
    [Fact]
    public void TryGet_KeyNeverSet_ReturnsFalse()
    {
        var cache = new RecentlyUsedCache<string, int>(4);

        Assert.False(cache.TryGet("a", out _));
    }

    [Fact]
    public void TryGet_KeySet_ReturnsItsValue()
    {
        var cache = new RecentlyUsedCache<string, int>(4);
        cache.Set("a", 1);

        Assert.True(cache.TryGet("a", out var value));
        Assert.Equal(1, value);
    }

    [Fact]
    public void Set_SameKeyAgain_ReplacesTheValueWithoutGrowing()
    {
        var cache = new RecentlyUsedCache<string, int>(4);
        cache.Set("a", 1);

        cache.Set("a", 2);

        Assert.True(cache.TryGet("a", out var value));
        Assert.Equal(2, value);
        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public void Set_PastCapacity_ForgetsTheLeastRecentlyUsed()
    {
        var cache = new RecentlyUsedCache<string, int>(2);
        cache.Set("a", 1);
        cache.Set("b", 2);
        cache.TryGet("a", out _);

        cache.Set("c", 3);

        Assert.True(cache.TryGet("a", out _));
        Assert.False(cache.TryGet("b", out _));
        Assert.True(cache.TryGet("c", out _));
        Assert.Equal(2, cache.Count);
    }

    [Fact]
    public void Set_PastCapacity_SaysWhichKeyItForgot()
    {
        var cache = new RecentlyUsedCache<string, int>(2);
        Assert.False(cache.Set("a", 1, out _));
        cache.Set("b", 2);

        Assert.True(cache.Set("c", 3, out var forgotten));
        Assert.Equal("a", forgotten);
    }

    [Fact]
    public void Remove_ForgetsTheKey()
    {
        var cache = new RecentlyUsedCache<string, int>(2);
        cache.Set("a", 1);

        Assert.True(cache.Remove("a"));
        Assert.False(cache.TryGet("a", out _));
        Assert.False(cache.Remove("a"));
    }

    [Fact]
    public void ForgetOldestWhile_StopsAtTheFirstEntryThatIsNotStale()
    {
        var cache = new RecentlyUsedCache<string, int>(4);
        cache.Set("old", 1);
        cache.Set("recent", 10);
        cache.Set("older", 2);
        cache.TryGet("recent", out _);

        Assert.Equal(["old", "older"], cache.ForgetOldestWhile(v => v < 5));
        Assert.Equal(1, cache.Count);
        Assert.True(cache.TryGet("recent", out _));
    }

    [Fact]
    public void Constructor_Comparer_IsUsedForKeys()
    {
        var cache = new RecentlyUsedCache<string, int>(2, StringComparer.OrdinalIgnoreCase);
        cache.Set("Sanctions", 1);

        Assert.True(cache.TryGet("sanctions", out _));
    }

    [Fact]
    public void Constructor_ZeroCapacity_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new RecentlyUsedCache<string, int>(0));

    [Fact]
    public void SetAndTryGet_ManyThreads_NeverExceedsCapacityAndKeepsValuesWithTheirKeys()
    {
        var cache = new RecentlyUsedCache<int, string>(8);

        Parallel.For(0, 5000, i =>
        {
            var key = i % 50;
            if (cache.TryGet(key, out var value))
            {
                Assert.Equal($"value {key}", value);
            }
            else
            {
                cache.Set(key, $"value {key}");
            }
        });

        Assert.Equal(8, cache.Count);
    }
}
