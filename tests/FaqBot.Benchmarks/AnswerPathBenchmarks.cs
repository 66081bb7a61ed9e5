using BenchmarkDotNet.Attributes;
using FaqBot.Classification.Engine;
using FaqBot.Core.Text;
using FaqBot.Tests.Shared;

namespace FaqBot.Benchmarks;

/// <summary>
/// One message's cost, stage by stage, on the default essay with a trained model: the MiniLM embedding, the
/// classifier, sentence retrieval, and the whole answer (embed + classify + retrieve + decide).
/// </summary>
[MemoryDiagnoser]
public class AnswerPathBenchmarks
{
    private FaqAnswerEngine _engine = null!;
    private float[] _embedding = [];
    private string _normalized = string.Empty;

    [Params("are they always enemies?", "what limits does New START set?", "what's the weather in Paris?")]
    public string Question { get; set; } = string.Empty;

    [GlobalSetup]
    public void Setup()
    {
        _engine = TestKnowledge.Default;
        _normalized = TextNormalizer.Normalize(Question);
        _embedding = TestKnowledge.Embedder.Embed([_normalized])[0];
    }

    [Benchmark(Baseline = true)]
    public object Answer() => _engine.Answer(Question);

    [Benchmark]
    public object Embed() => TestKnowledge.Embedder.Embed([_normalized]);

    [Benchmark]
    public object Classify() => _engine.Classifier.Classify(_normalized, _embedding);

    [Benchmark]
    public object KeywordsOnly() => _engine.AnswerByKeywords(Question);
}
