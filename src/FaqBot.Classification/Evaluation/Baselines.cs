using FaqBot.Classification.Embeddings;
using FaqBot.Classification.Retrieval;
using FaqBot.Core.Answers;
using FaqBot.Core.Knowledge;
using FaqBot.Core.Text;

namespace FaqBot.Classification.Evaluation;

/// <summary>A simple system FaqBot is compared against on the same held-out set.</summary>
public interface IBaseline
{
    string Name { get; }

    /// <summary>The nearest answer id, or "out-of-scope" when nothing is near enough, with its score.</summary>
    (string Label, float Score) Nearest(string question);

    /// <summary>The essay sentence it would quote for a fact question.</summary>
    string NearestSentence(string question);
}

/// <summary>BM25 over the essay's FAQ questions and section headings; BM25 over sentences for facts.</summary>
public sealed class Bm25NearestQuestionBaseline : IBaseline
{
    private readonly List<(string Label, HashSet<string> Terms)> _candidates;
    private readonly Dictionary<string, double> _idf;
    private readonly Essay _essay;

    public Bm25NearestQuestionBaseline(Essay essay)
    {
        ArgumentNullException.ThrowIfNull(essay);
        _essay = essay;
        _candidates = essay.Faqs.Select(f => (f.Id, TextNormalizer.Terms(f.Question).ToHashSet()))
            .Concat(essay.Sections.Select(s => (s.Id, TextNormalizer.Terms(s.Title).ToHashSet())))
            .ToList();
        _idf = _candidates.SelectMany(c => c.Terms).GroupBy(t => t)
            .ToDictionary(g => g.Key, g => Math.Log(1 + ((_candidates.Count - g.Count() + 0.5) / (g.Count() + 0.5))));
    }

    public string Name => "BM25 nearest question";

    public (string Label, float Score) Nearest(string question)
    {
        var terms = TextNormalizer.Terms(question).ToHashSet();
        var best = _candidates.Select(c => (c.Label, Score: terms.Where(c.Terms.Contains).Sum(t => _idf[t]))).MaxBy(c => c.Score);
        return best.Score <= 0 ? (AnswerPolicy.OutOfScopeLabel, 0f) : (best.Label, (float)best.Score);
    }

    public string NearestSentence(string question)
    {
        var terms = TextNormalizer.Terms(question).ToHashSet();
        return _essay.Sentences.MaxBy(s => TextNormalizer.Terms(s.Text).Distinct().Count(terms.Contains))?.Text ?? string.Empty;
    }
}

/// <summary>Nearest neighbour by MiniLM cosine similarity over the FAQ questions and section headings.</summary>
public sealed class EmbeddingNearestQuestionBaseline : IBaseline
{
    private const float MinimumSimilarity = 0.35f;
    private readonly ISentenceEmbedder _embedder;
    private readonly List<string> _labels;
    private readonly float[][] _vectors;
    private readonly IReadOnlyList<string> _sentences;
    private readonly float[][] _sentenceVectors;

    public EmbeddingNearestQuestionBaseline(Essay essay, ISentenceEmbedder embedder)
    {
        ArgumentNullException.ThrowIfNull(essay);
        _embedder = embedder;
        _labels = essay.Faqs.Select(f => f.Id).Concat(essay.Sections.Select(s => s.Id)).ToList();
        _vectors = embedder.Embed(essay.Faqs.Select(f => f.Question).Concat(essay.Sections.Select(s => s.Title)).ToList());
        _sentences = essay.Sentences.Select(s => s.Text).ToList();
        _sentenceVectors = embedder.Embed(_sentences);
    }

    public string Name => "MiniLM nearest question";

    public (string Label, float Score) Nearest(string question)
    {
        var vector = _embedder.Embed([question])[0];
        var best = _vectors.Select((v, i) => (Index: i, Score: VectorMath.Dot(vector, v))).MaxBy(p => p.Score);
        return best.Score < MinimumSimilarity ? (AnswerPolicy.OutOfScopeLabel, best.Score) : (_labels[best.Index], best.Score);
    }

    public string NearestSentence(string question)
    {
        var vector = _embedder.Embed([question])[0];
        return _sentences[_sentenceVectors.Select((v, i) => (i, VectorMath.Dot(vector, v))).MaxBy(p => p.Item2).i];
    }
}
