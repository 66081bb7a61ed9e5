using FaqBot.Classification.Embeddings;
using FaqBot.Tests.Shared;

namespace FaqBot.Classification.Tests.Embeddings;

public sealed class BatchingSentenceEmbedderTests
{
    private static readonly string[] Questions =
    [
        "are they always enemies?",
        "hey, quick question: does nato growth mean aggression according to the essay?",
        "why?",
        "what limits does New START set",
        "i was wondering, how many warheads did america hold at the scariest point of the arms race?",
        "Привет",
        "sanctions always work",
        "so is there trust left between washington and moscow in practice - any idea?",
    ];

    [Fact]
    public void Embed_QuestionsAskedTogetherWithTheRealModel_EachVectorIsBitForBitTheQuestionAlone()
    {
        var alone = Questions.Select(q => TestKnowledge.Embedder.Embed([q])[0]).ToArray();
        var batching = new BatchingSentenceEmbedder(TestKnowledge.Embedder, maxBatchSize: 8, maxConcurrentRuns: 1);

        var together = new float[Questions.Length * 6][];
        Parallel.For(0, together.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 },
            i => together[i] = batching.Embed([Questions[i % Questions.Length]])[0]);

        for (var i = 0; i < together.Length; i++)
        {
            Assert.Equal(alone[i % Questions.Length], together[i]);
        }

        // Eight callers, one run at a time: questions of different lengths did share runs (padded batches).
        var (runs, texts) = batching.Counts;
        Assert.Equal(together.Length, texts);
        Assert.True(runs < texts, $"{runs} runs for {texts} questions");
    }

    [Fact]
    public void Embed_QuestionAskedAlone_RunsAtOnceOnTheCallersThread()
    {
        var model = new GatedEmbedder(open: true);
        var batching = new BatchingSentenceEmbedder(model, maxBatchSize: 8, maxConcurrentRuns: 1);

        var vector = batching.Embed(["why?"])[0];

        Assert.Equal(GatedEmbedder.VectorOf("why?"), vector);
        Assert.Equal([["why?"]], model.Batches);
        Assert.Equal(Environment.CurrentManagedThreadId, model.Threads.Single());
    }

    [Fact]
    public async Task Embed_QuestionsArrivingWhileTheModelIsBusy_ShareTheNextRunUpToTheBatchSize()
    {
        var model = new GatedEmbedder(open: false);
        var batching = new BatchingSentenceEmbedder(model, maxBatchSize: 2, maxConcurrentRuns: 1);
        var first = Task.Run(() => batching.Embed(["first"])[0]);
        await model.Started.WaitAsync(TimeSpan.FromSeconds(30));

        var later = new[] { "a", "b", "c" }.Select(text => Task.Run(() => (text, vector: batching.Embed([text])[0]))).ToList();
        await Until(() => batching.Waiting == 3);
        model.Open();
        var answers = await Task.WhenAll(later);
        await first;

        Assert.All(answers, a => Assert.Equal(GatedEmbedder.VectorOf(a.text), a.vector));
        Assert.Equal([1, 2, 1], model.Batches.Select(b => b.Count));
        Assert.Equal(["a", "b", "c"], model.Batches.Skip(1).SelectMany(b => b).Order());
    }

    [Fact]
    public async Task Embed_ModelFailsForABatch_EveryQuestionInItGetsTheErrorAndTheNextQuestionIsAnswered()
    {
        var model = new GatedEmbedder(open: false) { FailOn = "b" };
        var batching = new BatchingSentenceEmbedder(model, maxBatchSize: 8, maxConcurrentRuns: 1);
        var first = Task.Run(() => batching.Embed(["first"]));
        await model.Started.WaitAsync(TimeSpan.FromSeconds(30));
        var a = Task.Run(() => batching.Embed(["a"]));
        var b = Task.Run(() => batching.Embed(["b"]));
        await Until(() => batching.Waiting == 2);

        model.Open();

        await first;
        Assert.Equal("the model failed on b", (await Assert.ThrowsAsync<InvalidOperationException>(() => a)).Message);
        await Assert.ThrowsAsync<InvalidOperationException>(() => b);
        Assert.Equal(GatedEmbedder.VectorOf("after"), batching.Embed(["after"])[0]);
    }

    [Fact]
    public async Task Embed_CallerGivesUpWhileWaiting_GetsCancelledAndItsQuestionIsNotRun()
    {
        var model = new GatedEmbedder(open: false);
        var batching = new BatchingSentenceEmbedder(model, maxBatchSize: 8, maxConcurrentRuns: 1);
        var first = Task.Run(() => batching.Embed(["first"]));
        await model.Started.WaitAsync(TimeSpan.FromSeconds(30));
        using var giveUp = new CancellationTokenSource();
        var impatient = Task.Run(() => batching.Embed(["impatient"], giveUp.Token));
        var patient = Task.Run(() => batching.Embed(["patient"]));
        await Until(() => batching.Waiting == 2);

        await giveUp.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => impatient);
        model.Open();

        Assert.Equal(GatedEmbedder.VectorOf("patient"), (await patient)[0]);
        await first;
        Assert.DoesNotContain("impatient", model.Batches.SelectMany(b => b));
    }

    [Fact]
    public void Embed_SeveralTextsInOneCall_GoStraightToTheModelAsOneBatch()
    {
        var model = new GatedEmbedder(open: true);
        var batching = new BatchingSentenceEmbedder(model, maxBatchSize: 2, maxConcurrentRuns: 1);

        batching.Embed(["a", "b", "c"]);

        Assert.Equal([["a", "b", "c"]], model.Batches);
        Assert.Equal((0, 0), batching.Counts);
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 0)]
    public void Constructor_NoBatchOrNoRun_Throws(int maxBatchSize, int maxConcurrentRuns) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new BatchingSentenceEmbedder(new GatedEmbedder(open: true), maxBatchSize, maxConcurrentRuns));

    private static async Task Until(Func<bool> condition)
    {
        for (var waited = 0; !condition(); waited += 10)
        {
            Assert.True(waited < 30_000, "timed out waiting for the questions to queue");
            await Task.Delay(10);
        }
    }

    /// <summary>A stand-in model that blocks in its first run until opened, and records every batch it is given.</summary>
    private sealed class GatedEmbedder(bool open) : ISentenceEmbedder
    {
        private readonly ManualResetEventSlim _gate = new(open);
        private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly Lock _lock = new();

        public List<List<string>> Batches { get; } = [];

        public List<int> Threads { get; } = [];

        public Task Started => _started.Task;

        public string? FailOn { get; init; }

        public int Dimension => 2;

        public static float[] VectorOf(string text) => [text.Length, text[0]];

        public void Open() => _gate.Set();

        public float[][] Embed(IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
        {
            lock (_lock)
            {
                Batches.Add([.. texts]);
                Threads.Add(Environment.CurrentManagedThreadId);
            }

            _started.TrySetResult();
            _gate.Wait(TimeSpan.FromSeconds(30));
            return texts.Contains(FailOn)
                ? throw new InvalidOperationException($"the model failed on {FailOn}")
                : texts.Select(VectorOf).ToArray();
        }
    }
}
