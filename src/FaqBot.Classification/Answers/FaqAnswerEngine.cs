using FaqBot.Classification.Embeddings;
using FaqBot.Classification.Retrieval;
using FaqBot.Classification.Training;
using FaqBot.Core.Answers;
using FaqBot.Core.Knowledge;
using FaqBot.Core.Text;

namespace FaqBot.Classification.Answers;

/// <summary>
/// The answer path: embed the question once, classify it, score the essay's sentences, and let the
/// <see cref="AnswerPolicy"/> decide. Text that names an FAQ question or a section exactly (as buttons send)
/// is answered directly.
/// </summary>
public sealed class FaqAnswerEngine : IAnswerEngine
{
    // Half the question's keyword weight must be in a sentence before keywords alone may answer.
    private const float KeywordFloor = 0.5f;

    private readonly ISentenceEmbedder _embedder;
    private readonly SentenceIndex _index;
    private readonly AnswerPolicy _policy;
    private readonly Dictionary<string, string> _exactRoutes;

    public FaqAnswerEngine(Essay essay, FaqClassifier classifier, ISentenceEmbedder embedder, SentenceIndex index,
        AnswerPolicyOptions options)
    {
        Essay = essay;
        Classifier = classifier;
        Options = options;
        _embedder = embedder;
        _index = index;
        _policy = new AnswerPolicy(essay, options);
        _exactRoutes = ExactRoutes(essay);
    }

    public Essay Essay { get; }

    public FaqClassifier Classifier { get; }

    /// <summary>The thresholds this engine answers with.</summary>
    public AnswerPolicyOptions Options { get; }

    /// <summary>The same models answering with other thresholds (evaluation and calibration; nothing is retrained).</summary>
    public FaqAnswerEngine WithOptions(AnswerPolicyOptions options) => new(Essay, Classifier, _embedder, _index, options);

    public Answer Answer(string question)
    {
        ArgumentNullException.ThrowIfNull(question);

        // A button's text (an FAQ question, a section title) needs no model: answer it without embedding.
        return _exactRoutes.TryGetValue(Key(question), out var id)
            ? _policy.AnswerWith(id, question, [], new AnswerConfidence(1f, 1f))
            : Explain(question).Answer;
    }

    /// <summary>The answer with what it was decided from: the classifier's ranking and the best passages (one embedding).</summary>
    public AnswerExplanation Explain(string question)
    {
        ArgumentNullException.ThrowIfNull(question);
        var normalized = TextNormalizer.Normalize(question);
        var embedding = _embedder.Embed([normalized])[0];
        var ranking = Classifier.Classify(normalized, embedding);

        // Every sentence, not a top few: the policy looks for the best one inside the section the classifier chose.
        var matches = _index.Match(question, embedding, int.MaxValue);
        return new AnswerExplanation(Decide(question, ranking, matches, _policy), ranking, matches);
    }

    /// <summary>What a policy with other thresholds answers, from evidence already gathered (no model calls).</summary>
    internal Answer Decide(string question, AnswerExplanation evidence, AnswerPolicy policy) =>
        Decide(question, evidence.Ranking, evidence.Passages, policy);

    private Answer Decide(string question, IReadOnlyList<LabelScore> ranking, IReadOnlyList<SentenceMatch> matches, AnswerPolicy policy) =>
        _exactRoutes.TryGetValue(Key(question), out var id)
            ? policy.AnswerWith(id, question, [], new AnswerConfidence(1f, 1f))
            : policy.Decide(question, ranking, matches);

    public Answer AnswerByKeywords(string question)
    {
        ArgumentNullException.ThrowIfNull(question);
        var match = _index.MatchByTerms(question);
        return match is not null && match.Score >= KeywordFloor
            ? new FactAnswer(match.Passage, match.Sentence.Section, new AnswerConfidence(match.Score, 0f), LessSure: true)
            : new FallbackAnswer(null, OutOfScope: false, AnswerConfidence.None);
    }

    private static Dictionary<string, string> ExactRoutes(Essay essay)
    {
        var routes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var faq in essay.Faqs)
        {
            routes.TryAdd(Key(faq.Question), faq.Id);
        }

        foreach (var section in essay.Sections)
        {
            routes.TryAdd(Key(section.Title), section.Id);
            routes.TryAdd(Key(ReplyComposer.SummaryRequest(section)), section.Id);
        }

        return routes;
    }

    private static string Key(string text) => string.Join(" ", TextNormalizer.Tokenize(text));
}

/// <summary>An answer and the evidence behind it, for evaluation and the `ask` tool.</summary>
public sealed record AnswerExplanation(Answer Answer, IReadOnlyList<LabelScore> Ranking, IReadOnlyList<SentenceMatch> Passages);
