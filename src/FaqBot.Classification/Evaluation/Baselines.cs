using FaqBot.Classification.Embeddings;
using FaqBot.Core.Knowledge;
using FaqBot.Core.Text;

namespace FaqBot.Classification.Evaluation;

/// <summary>
/// A simple system FaqBot is compared against: it answers with its nearest FAQ question or section heading when that
/// scores above a cut-off (fitted, like FaqBot's thresholds, on other essays' questions), else falls back; for a fact it
/// quotes its nearest sentence.
/// </summary>
public interface IBaseline
{
    string Name { get; }

    /// <summary>The nearest FAQ entry or section id, with its score.</summary>
    (string Label, float Score) Nearest(string question);

    /// <summary>The essay sentence it quotes for a fact question.</summary>
    EssaySentence NearestSentence(string question);
}

/// <summary>Term overlap (inverse-document-frequency weighted) with the FAQ questions and section headings; with sentences for facts.</summary>
public sealed class Bm25NearestQuestionBaseline : IBaseline
{
    private readonly List<(string Label, HashSet<string> Terms)> _candidates;
    private readonly Dictionary<string, double> _idf;
    private readonly List<(EssaySentence Sentence, HashSet<string> Terms)> _sentences;

    public Bm25NearestQuestionBaseline(Essay essay)
    {
        ArgumentNullException.ThrowIfNull(essay);
        _candidates = essay.Faqs.Select(f => (f.Id, TextNormalizer.Terms(f.Question).ToHashSet()))
            .Concat(essay.Sections.Select(s => (s.Id, TextNormalizer.Terms(s.Title).ToHashSet())))
            .ToList();
        _idf = _candidates.SelectMany(c => c.Terms).GroupBy(t => t)
            .ToDictionary(g => g.Key, g => Math.Log(1 + ((_candidates.Count - g.Count() + 0.5) / (g.Count() + 0.5))));
        _sentences = essay.Sentences.Select(s => (s, TextNormalizer.Terms(s.Text).ToHashSet())).ToList();
    }

    public string Name => "BM25 nearest question";

    public (string Label, float Score) Nearest(string question)
    {
        var terms = TextNormalizer.Terms(question).ToHashSet();
        var best = _candidates.Select(c => (c.Label, Score: terms.Where(c.Terms.Contains).Sum(t => _idf[t]))).MaxBy(c => c.Score);
        return (best.Label, (float)best.Score);
    }

    public EssaySentence NearestSentence(string question)
    {
        var terms = TextNormalizer.Terms(question).ToHashSet();
        return _sentences.MaxBy(s => s.Terms.Count(terms.Contains)).Sentence;
    }
}

/// <summary>Nearest neighbour by MiniLM cosine similarity over the FAQ questions and section headings; over sentences for facts.</summary>
public sealed class EmbeddingNearestQuestionBaseline : IBaseline
{
    private readonly ISentenceEmbedder _embedder;
    private readonly List<string> _labels;
    private readonly float[][] _vectors;
    private readonly IReadOnlyList<EssaySentence> _sentences;
    private readonly float[][] _sentenceVectors;

    public EmbeddingNearestQuestionBaseline(Essay essay, ISentenceEmbedder embedder)
    {
        ArgumentNullException.ThrowIfNull(essay);
        ArgumentNullException.ThrowIfNull(embedder);
        _embedder = embedder;
        _labels = essay.Faqs.Select(f => f.Id).Concat(essay.Sections.Select(s => s.Id)).ToList();
        _vectors = embedder.Embed(essay.Faqs.Select(f => f.Question).Concat(essay.Sections.Select(s => s.Title)).ToList());
        _sentences = essay.Sentences;
        _sentenceVectors = embedder.Embed(_sentences.Select(s => s.Text).ToList());
    }

    public string Name => "MiniLM nearest question";

    public (string Label, float Score) Nearest(string question)
    {
        var vector = _embedder.Embed([question])[0];
        var best = _vectors.Select((v, i) => (Index: i, Score: VectorMath.Dot(vector, v))).MaxBy(p => p.Score);
        return (_labels[best.Index], best.Score);
    }

    public EssaySentence NearestSentence(string question)
    {
        var vector = _embedder.Embed([question])[0];
        return _sentences[_sentenceVectors.Select((v, i) => (i, VectorMath.Dot(vector, v))).MaxBy(p => p.Item2).i];
    }
}
