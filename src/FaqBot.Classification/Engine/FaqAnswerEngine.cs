using FaqBot.Classification.Embeddings;
using FaqBot.Classification.Myths;
using FaqBot.Classification.Ranking;
using FaqBot.Classification.Retrieval;
using FaqBot.Classification.Spelling;
using FaqBot.Classification.Training;
using FaqBot.Core.Decision;
using FaqBot.Core.Replies;
using FaqBot.Core.Knowledge;
using FaqBot.Core.Text;

namespace FaqBot.Classification.Engine;

/// <summary>
/// Reads a question the way every answer starts: corrects its spelling towards the essay's words, embeds it once,
/// classifies it, and builds a feature record for every candidate answer. It measures and decides nothing.
/// </summary>
public sealed class QuestionReader(Essay essay, FaqClassifier classifier, ISentenceEmbedder embedder, EssayIndex index, SpellingCorrector speller)
{
    public Essay Essay => essay;

    public FaqClassifier Classifier => classifier;

    public EssayIndex Index => index;

    public SpellingCorrector Speller => speller;

    /// <summary>Everything the models say about a question before any decision: one embedding, one classification.</summary>
    public QuestionEvidence Read(string question)
    {
        ArgumentNullException.ThrowIfNull(question);
        var corrected = speller.Correct(question);
        var normalized = TextNormalizer.Normalize(corrected);
        var embedding = embedder.EmbedTokens([normalized])[0];
        var ranking = classifier.Classify(normalized, embedding.Vector);
        var candidates = CandidateFeatures.For(index, corrected, embedding, ranking);
        var offTopic = ranking.Count > 0 && ranking[0].Label == AnswerPolicy.OutOfScopeLabel;
        return new QuestionEvidence(question, corrected, ranking, candidates, offTopic, embedding.Vector);
    }

    /// <summary>A message's sentence vector as <see cref="Read"/> computes it (spelling corrected, normalised).</summary>
    public float[] Embed(string message) => embedder.EmbedTokens([TextNormalizer.Normalize(speller.Correct(message))])[0].Vector;
}

/// <summary>
/// The answer path: the <see cref="QuestionReader"/> reads the question, the ranking model orders its candidates and
/// estimates how likely the best is right, and the <see cref="AnswerPolicy"/> decides. Text that names an FAQ question
/// or a section exactly (as buttons send) is answered directly.
/// </summary>
public sealed class FaqAnswerEngine : IAnswerEngine
{
    // Half the question's keyword weight must be in a sentence before keywords alone may answer.
    private const float KeywordFloor = 0.5f;

    private readonly AnswerPolicy _policy;
    private readonly Dictionary<string, string> _exactRoutes;
    private readonly IReadOnlyDictionary<string, IReadOnlyList<EssaySentence>> _evidence;

    /// <param name="myths">The evidence and stance models; null shows no evidence and answers every myth neutrally.</param>
    public FaqAnswerEngine(QuestionReader reader, RankingModel model, AnswerPolicyOptions options, MythModel? myths = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        Reader = reader;
        Model = model;
        Options = options;
        Myths = myths;
        _policy = new AnswerPolicy(reader.Essay, options);
        _exactRoutes = ExactRoutes(reader.Essay);

        // Found once per essay: the body sentences that bear out each FAQ answer.
        _evidence = myths?.Evidence(reader.Index) ?? new Dictionary<string, IReadOnlyList<EssaySentence>>();
    }

    public MythModel? Myths { get; }

    public Essay Essay => Reader.Essay;

    public QuestionReader Reader { get; }

    public FaqClassifier Classifier => Reader.Classifier;

    /// <summary>The ranker, confidence model and thresholds this engine answers with.</summary>
    public RankingModel Model { get; }

    public AnswerPolicyOptions Options { get; }

    public Answer Answer(string question)
    {
        ArgumentNullException.ThrowIfNull(question);

        // A button's text (an FAQ question, a section title) needs no model: answer it without embedding.
        return _exactRoutes.TryGetValue(Key(question), out var id) ? AnswerWith(id) : Explain(question).Answer;
    }

    /// <summary>The answer with what it was decided from; an FAQ answer with its evidence and the user's stance on its myth.</summary>
    public AnswerExplanation Explain(string question)
    {
        var evidence = Reader.Read(question);
        var explanation = Decide(evidence, Model, _policy);
        return explanation.Answer is FaqAnswer faq
            ? explanation with
            {
                Answer = WithEvidence(faq) with
                {
                    Stance = faq.Faq.Myth is null || Myths is null
                        ? Stance.Unsure
                        : Myths.StanceOf(evidence.Corrected, evidence.Vector, Reader.Index, faq.Faq.Id),
                },
            }
            : explanation;
    }

    private Answer WithEvidence(Answer answer) =>
        answer is FaqAnswer faq && _evidence.TryGetValue(faq.Faq.Id, out var sentences) ? faq with { Evidence = sentences } : answer;

    private FaqAnswer WithEvidence(FaqAnswer faq) => (FaqAnswer)WithEvidence((Answer)faq);

    /// <summary>What a ranking model and policy answer from evidence already gathered (no embedding, no classifier).</summary>
    public static AnswerExplanation Decide(QuestionEvidence evidence, RankingModel model, AnswerPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(policy);
        var sorted = model.Rank(evidence.Candidates);
        var confidence = sorted.Candidates.Count == 0 ? 0f : model.Confidence.Predict(ConfidenceModel.Features(sorted.Candidates, sorted.Scores));
        var ranked = sorted.ToRanked();
        return new AnswerExplanation(policy.Decide(ranked, confidence, evidence.OffTopic), evidence, ranked, confidence);
    }

    public Answer AnswerWith(string answerId) => WithEvidence(_policy.AnswerWith(answerId));

    public Answer AnswerByKeywords(string question)
    {
        ArgumentNullException.ThrowIfNull(question);
        var match = Reader.Index.BestByTerms(Reader.Speller.Correct(question));
        return match is { } best && best.Score >= KeywordFloor
            ? new FactAnswer([best.Sentence.Text], best.Sentence.Section, new AnswerConfidence(best.Score, 0f), LessSure: true)
            : new FallbackAnswer(null, OutOfScope: false, AnswerConfidence.None);
    }

    /// <summary>The id a text names exactly (an FAQ question, a section title, a summary request), if any.</summary>
    public string? ExactRoute(string text) => _exactRoutes.GetValueOrDefault(Key(text));

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

/// <summary>What the models say about a question: its spelling-corrected text, the classifier's ranking, the candidates.</summary>
/// <param name="OffTopic">The classifier finds the question off-topic before anything else.</param>
/// <param name="Vector">The question's sentence vector.</param>
public sealed record QuestionEvidence(string Question, string Corrected, IReadOnlyList<LabelScore> Ranking, IReadOnlyList<Candidate> Candidates, bool OffTopic,
    float[] Vector);

/// <summary>An answer and the evidence behind it, for evaluation and the `ask` tool.</summary>
public sealed record AnswerExplanation(Answer Answer, QuestionEvidence Evidence, IReadOnlyList<RankedCandidate> Ranked, float Confidence);
