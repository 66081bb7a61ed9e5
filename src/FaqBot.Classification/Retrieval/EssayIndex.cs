using FaqBot.Classification.Embeddings;
using FaqBot.Core.Knowledge;
using FaqBot.Core.Text;

namespace FaqBot.Classification.Retrieval;

/// <summary>
/// What the essay offers to answer with, prepared once: every FAQ entry (its question, its myth claim, its answer),
/// every section (its title and sentences) and every body sentence (with the sentences before it in its paragraph as
/// context), each with its term counts and its place in the list of texts to embed.
/// </summary>
public sealed class EssayIndex
{
    private EssayIndex(Essay essay, EssayTerms terms, List<string> texts, HashSet<int> words, List<FaqUnit> faqs, List<SectionUnit> sections,
        List<SentenceUnit> sentences)
    {
        Essay = essay;
        Terms = terms;
        TextsToEmbed = texts;
        WordsKept = words;
        Faqs = faqs;
        Sections = sections;
        Sentences = sentences;
        // The term counts each sentence's features read together, gathered once rather than for every question.
        Contexts = sentences.Select(x => x.Context.Select(c => sentences[c].Own).ToArray()).ToArray();
        Bodies = sentences.Select((x, i) => (TermCounts[])[x.Own, .. Contexts[i]]).ToArray();
        Windows = sentences.Select((x, i) => (TermCounts[])[.. Bodies[i], .. x.Next >= 0 ? [sentences[x.Next].Own] : Array.Empty<TermCounts>()]).ToArray();
    }

    public Essay Essay { get; }

    public EssayTerms Terms { get; }

    /// <summary>Every text whose embedding the index needs, in the order <see cref="Vectors"/> holds them.</summary>
    public IReadOnlyList<string> TextsToEmbed { get; }

    internal IReadOnlyList<FaqUnit> Faqs { get; }

    internal IReadOnlyList<SectionUnit> Sections { get; }

    internal IReadOnlyList<SentenceUnit> Sentences { get; }

    /// <summary>For each sentence (as <see cref="Sentences"/>), its context sentences' term counts, nearest first.</summary>
    internal TermCounts[][] Contexts { get; }

    /// <summary>For each sentence, its own term counts and its context's.</summary>
    internal TermCounts[][] Bodies { get; }

    /// <summary>For each sentence, its own term counts, its context's and the next sentence's.</summary>
    internal TermCounts[][] Windows { get; }

    /// <summary>For each sentence, its own word vectors and its context's, as <see cref="Bodies"/> holds their terms; set by <see cref="WithVectors"/>.</summary>
    internal float[][][][] BodyWords { get; private set; } = [];

    /// <summary>The texts (indices into <see cref="TextsToEmbed"/>) whose word vectors the index keeps, for late interaction.</summary>
    public IReadOnlySet<int> WordsKept { get; }

    /// <summary>The embeddings of <see cref="TextsToEmbed"/>; set once by <see cref="WithVectors"/>.</summary>
    internal float[][] Vectors { get; private set; } = [];

    /// <summary>The word vectors of each text in <see cref="WordsKept"/> (empty for the others).</summary>
    internal float[][][] Words { get; private set; } = [];

    public static EssayIndex Build(Essay essay)
    {
        ArgumentNullException.ThrowIfNull(essay);
        var terms = new EssayTerms(essay);
        var texts = new List<string>();
        var words = new HashSet<int>();
        int Embed(string text)
        {
            texts.Add(text);
            return texts.Count - 1;
        }

        int EmbedWithWords(string text)
        {
            words.Add(texts.Count);
            return Embed(text);
        }

        var faqs = essay.Faqs.Select(f =>
        {
            var answerSentences = SentenceSplitter.Split(f.Answer);
            var key = f.Myth is { } myth ? $"{f.Question} {myth.Claim}" : f.Question;
            return new FaqUnit(
                f,
                EmbedWithWords(f.Question),
                f.Myth is { } m ? EmbedWithWords(m.Claim) : -1,
                Embed(f.Answer),
                answerSentences.Select(EmbedWithWords).ToArray(),
                terms.Count(key),
                terms.Count(f.Answer),
                answerSentences);
        }).ToList();

        var faqAnswers = essay.Faqs.Select(f => (f.SectionId, f.Answer)).ToHashSet();
        var body = essay.Sentences.Where(s => !faqAnswers.Contains((s.Section.Id, s.Section.Paragraphs[s.Paragraph]))).ToList();
        var paragraphs = new Dictionary<(string, int), int>();
        var tokens = body.Select(s => TextNormalizer.Tokenize(s.Text)).ToList();
        var sentences = new List<SentenceUnit>(body.Count);
        for (var i = 0; i < body.Count; i++)
        {
            var sentence = body[i];
            var context = new List<int>();
            for (var c = i - 1; c >= 0 && SameParagraph(body[c], sentence); c--)
            {
                context.Add(c);
            }

            // A chain of sentences that point back ("It was signed... It was extended... This limits...") names its
            // subject where the chain starts, which may be further back than the usual context.
            var reach = ContextSentences;
            while (reach < context.Count && reach < MaxContextSentences && StartsByPointingBack(tokens[context[reach - 1]]))
            {
                reach++;
            }

            var hasNext = i + 1 < body.Count && SameParagraph(body[i + 1], sentence);
            var key = (sentence.Section.Id, sentence.Paragraph);
            if (!paragraphs.TryGetValue(key, out var paragraph))
            {
                paragraph = Embed(sentence.Section.Paragraphs[sentence.Paragraph]);
                paragraphs[key] = paragraph;
            }

            sentences.Add(new SentenceUnit(
                sentence,
                EmbedWithWords(sentence.Text),
                context.Count > 0 ? Embed($"{body[i - 1].Text} {sentence.Text}") : -1,
                hasNext ? Embed($"{sentence.Text} {body[i + 1].Text}") : -1,
                paragraph,
                terms.Count(sentence.Text),
                context.Count,
                context.Take(reach).ToArray(),
                hasNext ? i + 1 : -1,
                StartsByPointingBack(tokens[i]),
                RefersBackInside(tokens[i])));
        }

        var sections = essay.Sections.Select(s =>
        {
            var own = sentences.Where(x => x.Sentence.Section.Id == s.Id).Select(x => x.Vector)
                .Concat(faqs.Where(f => f.Faq.SectionId == s.Id).Select(f => f.QuestionVector)).ToArray();
            var ownParagraphs = paragraphs.Where(p => p.Key.Item1 == s.Id).Select(p => p.Value)
                .Concat(faqs.Where(f => f.Faq.SectionId == s.Id).Select(f => f.AnswerVector)).ToArray();
            var bodyText = string.Join(" ", s.Sentences);
            return new SectionUnit(s, EmbedWithWords(s.Title), own, ownParagraphs, terms.Count(s.Title), terms.Count(bodyText));
        }).ToList();

        return new EssayIndex(essay, terms, texts, words, faqs, sections, sentences);
    }

    /// <summary>
    /// The index with the embeddings of its texts, computed (or read from a cache) by the caller: every text's vector,
    /// and the word vectors of the texts in <see cref="WordsKept"/>.
    /// </summary>
    public EssayIndex WithVectors(IReadOnlyList<TokenEmbedding> embeddings)
    {
        ArgumentNullException.ThrowIfNull(embeddings);
        if (embeddings.Count != TextsToEmbed.Count)
        {
            throw new ArgumentException($"Expected {TextsToEmbed.Count} embeddings, got {embeddings.Count}.", nameof(embeddings));
        }

        Vectors = embeddings.Select(e => e.Vector).ToArray();
        Words = embeddings.Select((e, i) => WordsKept.Contains(i) ? e.Tokens : []).ToArray();
        BodyWords = Sentences.Select(s => (float[][][])[Words[s.Vector], .. s.Context.Select(c => Words[Sentences[c].Vector])]).ToArray();
        return this;
    }

    /// <summary>
    /// The body sentence that holds most of the question's terms (its own, or its paragraph's before it), with that
    /// share: the answer when the models cannot run. It must hold some terms itself.
    /// </summary>
    public (EssaySentence Sentence, float Score)? BestByTerms(string question)
    {
        ArgumentNullException.ThrowIfNull(question);
        var query = Terms.Terms(question);
        var weight = Terms.Weight(query);
        if (weight <= 0)
        {
            return null;
        }

        var best = Sentences
            .Select(s => (s.Sentence, Own: Terms.Bm25(query, s.Own, weight),
                All: Terms.Coverage(query, weight, [s.Own, .. s.Context.Select(c => Sentences[c].Own)])))
            .Where(s => s.Own > 0)
            .Select(s => (s.Sentence, Score: Math.Min(1f, (s.Own + s.All) / 2)))
            .DefaultIfEmpty()
            .MaxBy(s => s.Score);
        return best.Sentence is null ? null : best;
    }

    /// <summary>How many sentences before a sentence count as its context: pronouns point back about that far.</summary>
    internal const int ContextSentences = 2;

    /// <summary>How far back a chain of pointing-back sentences is followed to the sentence that names its subject.</summary>
    private const int MaxContextSentences = 3;

    private static bool SameParagraph(EssaySentence a, EssaySentence b) => a.Section == b.Section && a.Paragraph == b.Paragraph;

    /// <summary>A sentence that opens with a pronoun ("They usually come from...") names its subject in the sentence before.</summary>
    private static bool StartsByPointingBack(IReadOnlyList<string> words)
    {
        // "They're" and "It's" point back as "they" and "it" do.
        var first = words.FirstOrDefault()?.Split('\'')[0];
        return first is not null && PointingBack.Contains(first);
    }

    private static readonly HashSet<string> PointingBack = new(StringComparer.Ordinal)
    {
        "it", "its", "they", "their", "them", "this", "these", "those", "that", "he", "she", "his", "her", "such", "both",
    };

    /// <summary>
    /// A sentence that names its subject only as "it" or "them" after a preposition ("a vast cloud of it", "the largest
    /// belt of them"): the thing meant is in the sentence before, and without it the sentence does not say what it is about.
    /// </summary>
    private static bool RefersBackInside(IReadOnlyList<string> words)
    {
        for (var i = 1; i < words.Count; i++)
        {
            if (words[i] is "it" or "them" && Prepositions.Contains(words[i - 1]))
            {
                return true;
            }
        }

        return false;
    }

    // English, not any essay's: the words a pronoun follows when it is the object of a phrase.
    private static readonly HashSet<string> Prepositions = new(StringComparer.Ordinal)
    {
        "of", "in", "on", "at", "from", "with", "into", "onto", "by", "for", "about", "through", "under", "over", "around",
        "without", "within", "inside", "across", "toward", "towards", "against", "between", "among", "beneath", "behind",
        "below", "above", "near", "like", "throughout", "beyond", "along", "alongside", "upon", "beside",
    };
}

/// <summary>An FAQ entry as a candidate answer. Vector fields index <see cref="EssayIndex.Vectors"/>; -1 when absent.</summary>
internal sealed record FaqUnit(
    FaqEntry Faq, int QuestionVector, int ClaimVector, int AnswerVector, int[] AnswerSentenceVectors, TermCounts Key, TermCounts Body,
    IReadOnlyList<string> AnswerSentences);

/// <summary>A section as a candidate answer (its summary), with the vectors of its sentences, FAQ questions and paragraphs.</summary>
internal sealed record SectionUnit(Section Section, int TitleVector, int[] BodyVectors, int[] ParagraphVectors, TermCounts Key, TermCounts Body);

/// <summary>
/// A body sentence as a candidate answer: its vector, with the sentence before it (<paramref name="PairVector"/>), with
/// the one after (<paramref name="NextPairVector"/>) and its paragraph's; <paramref name="Context"/>: the one or two
/// sentences before it in its paragraph, nearest first; <paramref name="Next"/>: the one after it, or -1;
/// <paramref name="PointsBack"/>: it opens with a pronoun; <paramref name="RefersBack"/>: a pronoun inside it needs the sentence before.
/// </summary>
internal sealed record SentenceUnit(
    EssaySentence Sentence, int Vector, int PairVector, int NextPairVector, int ParagraphVector, TermCounts Own, int Position, int[] Context,
    int Next, bool PointsBack, bool RefersBack);
