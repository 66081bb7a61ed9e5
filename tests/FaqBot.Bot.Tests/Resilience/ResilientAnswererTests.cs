using System.Diagnostics.Metrics;
using FaqBot.Bot.Resilience;
using FaqBot.Core.Decision;
using FaqBot.Core.Replies;
using FaqBot.Core.Knowledge;
using FaqBot.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace FaqBot.Bot.Tests.Resilience;

internal static class TestAnswerer
{
    public static ResilientAnswerer Create(TimeProvider? time = null, IMeterFactory? meters = null, int cacheCapacity = 0) => new(
        Options.Create(new AnswerResilienceOptions { TimeBudget = TimeSpan.FromSeconds(2) }),
        time ?? TimeProvider.System,
        meters ?? new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>(),
        NullLogger<ResilientAnswerer>.Instance,
        Options.Create(new AnswerCacheOptions { Capacity = cacheCapacity }));
}

public sealed class ResilientAnswererTests : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();

    public void Dispose() => _services.Dispose();

    [Fact]
    public async Task AnswerAsync_HealthyEngine_GivesTheFullAnswer()
    {
        var answer = await TestAnswerer.Create().AnswerAsync(TestKnowledge.Default, "are they always enemies?", CancellationToken.None);

        Assert.Equal("faq:are-the-u-s-and-russia-always-going-to-be-enemies", Assert.IsType<FaqAnswer>(answer).Faq.Id);
    }

    [Fact]
    public async Task AnswerAsync_ModelThrows_AnswersByKeywordsSayingItIsLessSureAndCountsIt()
    {
        var degraded = CountDegraded(out var listener);
        using (listener)
        {
            var engine = new FailingEngine(TestKnowledge.Default, () => throw new InvalidOperationException("ONNX session failed"));

            var answer = await TestAnswerer.Create(meters: _services.GetRequiredService<IMeterFactory>())
                .AnswerAsync(engine, "what limits does the New START treaty set on warheads?", CancellationToken.None);

            var fact = Assert.IsType<FactAnswer>(answer);
            Assert.True(fact.LessSure);
            Assert.True(fact.Sentences.Any(s => s.Contains("1,550", StringComparison.Ordinal)), string.Join(" | ", fact.Sentences));
            Assert.Contains("less sure", new ReplyComposer(engine.Essay).Compose(answer).Text, StringComparison.Ordinal);
            Assert.Equal(1, degraded());
        }
    }

    [Fact]
    public async Task AnswerAsync_ModelOverrunsItsBudget_AnswersByKeywordsWhenTheBudgetRunsOut()
    {
        var time = new FakeTimeProvider();
        using var release = new ManualResetEventSlim();
        var engine = new FailingEngine(TestKnowledge.Default, () => release.Wait(TimeSpan.FromSeconds(30)));

        var pending = TestAnswerer.Create(time).AnswerAsync(engine, "who met at the Geneva Summit?", CancellationToken.None);
        Assert.False(pending.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(3));
        var answer = await pending.WaitAsync(TimeSpan.FromSeconds(30));
        release.Set();

        Assert.True(Assert.IsType<FactAnswer>(answer).LessSure);
    }

    [Fact]
    public async Task AnswerAsync_NoKeywordMatchesEither_FallsBackHonestly()
    {
        var engine = new FailingEngine(TestKnowledge.Default, () => throw new InvalidOperationException("down"));

        var answer = await TestAnswerer.Create().AnswerAsync(engine, "xyzzy plugh", CancellationToken.None);

        Assert.IsType<FallbackAnswer>(answer);
    }

    [Fact]
    public async Task AnswerAsync_SameQuestionTwiceWithCache_RunsTheModelOnceAndGivesTheSameAnswer()
    {
        var engine = new CountingEngine(TestKnowledge.Default);
        var answerer = TestAnswerer.Create(cacheCapacity: 16);

        var first = await answerer.AnswerAsync(engine, "do sanctions really work?", CancellationToken.None);
        var second = await answerer.AnswerAsync(engine, "do sanctions really work?", CancellationToken.None);

        Assert.Equal(1, engine.ModelRuns);
        Assert.Same(first, second);
    }

    [Fact]
    public async Task AnswerAsync_CacheOff_RunsTheModelEveryTime()
    {
        var engine = new CountingEngine(TestKnowledge.Default);
        var answerer = TestAnswerer.Create(cacheCapacity: 0);

        await answerer.AnswerAsync(engine, "do sanctions really work?", CancellationToken.None);
        await answerer.AnswerAsync(engine, "do sanctions really work?", CancellationToken.None);

        Assert.Equal(2, engine.ModelRuns);
    }

    [Fact]
    public async Task AnswerAsync_ModelFailedThenRecovered_KeywordAnswerWasNotRemembered()
    {
        var failing = true;
        var engine = new FailingEngine(TestKnowledge.Default, () =>
        {
            if (failing)
            {
                throw new InvalidOperationException("ONNX session failed");
            }
        });
        var answerer = TestAnswerer.Create(cacheCapacity: 16);
        const string Question = "what limits does the New START treaty set on warheads?";
        var degraded = await answerer.AnswerAsync(engine, Question, CancellationToken.None);

        failing = false;
        var recovered = await answerer.AnswerAsync(engine, Question, CancellationToken.None);

        Assert.True(Assert.IsType<FactAnswer>(degraded).LessSure);
        Assert.False(recovered is FactAnswer { LessSure: true });
    }

    [Fact]
    public async Task AnswerAsync_SameQuestionToAnotherEngine_AsksThatEngine()
    {
        var first = new CountingEngine(TestKnowledge.Default);
        var second = new CountingEngine(TestKnowledge.Default);
        var answerer = TestAnswerer.Create(cacheCapacity: 16);

        await answerer.AnswerAsync(first, "is war between them inevitable", CancellationToken.None);
        await answerer.AnswerAsync(second, "is war between them inevitable", CancellationToken.None);

        Assert.Equal(1, second.ModelRuns);
    }

    private Func<long> CountDegraded(out MeterListener listener)
    {
        long count = 0;
        listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Name == "faqbot.answers.degraded")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref count, value));
        listener.Start();
        return () => Interlocked.Read(ref count);
    }

    /// <summary>The real engine, counting how often its full answer path runs.</summary>
    private sealed class CountingEngine(IAnswerEngine inner) : IAnswerEngine
    {
        private int _modelRuns;

        public int ModelRuns => _modelRuns;

        public Essay Essay => inner.Essay;

        public Answer Answer(string question)
        {
            Interlocked.Increment(ref _modelRuns);
            return inner.Answer(question);
        }

        public Answer AnswerWith(string answerId) => inner.AnswerWith(answerId);

        public Answer AnswerByKeywords(string question) => inner.AnswerByKeywords(question);
    }

    /// <summary>The real engine, but its full answer path fails the way a broken or stuck model would.</summary>
    private sealed class FailingEngine(IAnswerEngine inner, Action failure) : IAnswerEngine
    {
        public Essay Essay => inner.Essay;

        public Answer Answer(string question)
        {
            failure();
            return inner.Answer(question);
        }

        public Answer AnswerWith(string answerId) => inner.AnswerWith(answerId);

        public Answer AnswerByKeywords(string question) => inner.AnswerByKeywords(question);
    }
}
