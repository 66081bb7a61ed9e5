using FaqBot.Classification.Embeddings;
using FaqBot.Tests.Shared;

namespace FaqBot.Classification.Tests.Embeddings;

public class CachingSentenceEmbedderTests
{
    [Fact]
    public void Embed_SameTextTwice_RunsTheModelOnceAndReturnsTheSameVector()
    {
        var model = new CountingEmbedder();
        var cache = new CachingSentenceEmbedder(model, capacity: 8);

        var first = cache.Embed(["are they always enemies?"])[0];
        var second = cache.Embed(["are they always enemies?"])[0];

        Assert.Equal(1, model.Calls);
        Assert.Equal(first, second);
    }

    [Fact]
    public void Embed_CachedText_EqualsWhatTheModelGivesBitForBit()
    {
        var cache = new CachingSentenceEmbedder(TestKnowledge.Embedder, capacity: 8);
        var expected = TestKnowledge.Embedder.Embed(["do sanctions fix everything"])[0];

        cache.Embed(["do sanctions fix everything"]);
        var cached = cache.Embed(["do sanctions fix everything"])[0];

        Assert.Equal(expected, cached);
    }

    [Fact]
    public void EmbedTokens_SameTextAsEmbed_RunsTheModelOnceForBoth()
    {
        var model = new CountingEmbedder();
        var cache = new CachingSentenceEmbedder(model, capacity: 8);

        var vector = cache.Embed(["is russia declining"])[0];
        var tokens = cache.EmbedTokens(["is russia declining"])[0];

        Assert.Equal(1, model.Calls);
        Assert.Equal(vector, tokens.Vector);
    }

    [Fact]
    public void Embed_CallerChangesTheReturnedVector_CacheKeepsTheOriginal()
    {
        var cache = new CachingSentenceEmbedder(new CountingEmbedder(), capacity: 8);
        var original = (float[])cache.Embed(["why?"])[0].Clone();

        cache.Embed(["why?"])[0][0] = 42f;

        Assert.Equal(original, cache.Embed(["why?"])[0]);
    }

    [Fact]
    public void Embed_DifferentCase_IsADifferentText()
    {
        var model = new CountingEmbedder();
        var cache = new CachingSentenceEmbedder(model, capacity: 8);

        cache.Embed(["Sanctions"]);
        cache.Embed(["sanctions"]);

        Assert.Equal(2, model.Calls);
    }

    [Fact]
    public void Embed_MoreTextsThanCapacity_ForgetsTheLeastRecentlyUsed()
    {
        var model = new CountingEmbedder();
        var cache = new CachingSentenceEmbedder(model, capacity: 2);
        cache.Embed(["a"]);
        cache.Embed(["b"]);
        cache.Embed(["a"]);

        cache.Embed(["c"]);
        var before = model.Calls;
        cache.Embed(["a"]);
        var aStayed = model.Calls == before;
        cache.Embed(["b"]);

        Assert.True(aStayed);
        Assert.Equal(before + 1, model.Calls);
        Assert.Equal(2, cache.Count);
    }

    [Fact]
    public void Embed_Batch_GoesToTheModelAndIsNotRemembered()
    {
        var model = new CountingEmbedder();
        var cache = new CachingSentenceEmbedder(model, capacity: 8);

        var vectors = cache.Embed(["a", "b", "c"]);
        cache.Embed(["a"]);

        Assert.Equal(3, vectors.Length);
        Assert.Equal(2, model.Calls);
        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public void Embed_ManyThreadsAskingOverlappingTexts_EveryVectorMatchesItsText()
    {
        var cache = new CachingSentenceEmbedder(new CountingEmbedder(), capacity: 16);

        Parallel.For(0, 2000, i =>
        {
            var text = $"question {i % 40}";
            Assert.Equal(CountingEmbedder.VectorOf(text), cache.Embed([text])[0]);
        });

        Assert.Equal(16, cache.Count);
    }

    [Fact]
    public void Constructor_ZeroCapacity_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new CachingSentenceEmbedder(new CountingEmbedder(), capacity: 0));

    [Fact]
    public void Dispose_DisposesTheModel()
    {
        var model = new CountingEmbedder();

        new CachingSentenceEmbedder(model, capacity: 1).Dispose();

        Assert.True(model.Disposed);
    }

    /// <summary>A stand-in model: a vector derived from the text, and a count of calls.</summary>
    private sealed class CountingEmbedder : ISentenceEmbedder, IDisposable
    {
        private int _calls;

        public int Calls => _calls;

        public bool Disposed { get; private set; }

        public int Dimension => 3;

        public static float[] VectorOf(string text) => [text.Length, text.GetHashCode(StringComparison.Ordinal) % 1000, 1f];

        public float[][] Embed(IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _calls);
            return texts.Select(VectorOf).ToArray();
        }

        public IReadOnlyList<TokenEmbedding> EmbedTokens(IReadOnlyList<string> texts, CancellationToken cancellationToken = default) =>
            Embed(texts, cancellationToken).Select(v => new TokenEmbedding(v, [v])).ToList();

        public void Dispose() => Disposed = true;
    }
}
