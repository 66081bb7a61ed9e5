using FaqBot.Classification.Embeddings;
using FaqBot.Classification.Retrieval;
using FaqBot.Core.Text;

namespace FaqBot.Classification.Myths;

/// <summary>
/// The feature records of the two myth models: how well a body sentence bears out an FAQ answer (evidence), and what
/// a user's message does with an FAQ entry's myth (stance). Both compare texts of the essay with each other or with the
/// message; the only words listed are English quantifiers, hedges, negations and question openers, never a topic's.
/// </summary>
public static class MythFeatures
{
    /// <summary>Bump when a feature changes: a shipped myth model fitted on other features is refused.</summary>
    public const string Version = "myths-v1";

    public const int EvidenceCount = 12;

    public const int StanceCount = 18;

    // Quantifiers that make a claim universal, exclusive or absolute: what a myth usually says.
    private static readonly HashSet<string> Absolutes = new(StringComparer.Ordinal)
    {
        "always", "never", "all", "every", "everything", "everyone", "everybody", "only", "just", "nothing", "none", "nobody",
        "forever", "completely", "entirely", "totally", "fully", "inevitable", "inevitably", "impossible", "guaranteed",
        "certainly", "must", "whole", "any", "anything", "alone", "purely", "simply", "solely", "merely", "constantly",
    };

    // Words that hedge or qualify: what an essay's answer usually says back.
    private static readonly HashSet<string> Hedges = new(StringComparer.Ordinal)
    {
        "sometimes", "can", "could", "may", "might", "some", "often", "partly", "partially", "usually", "many", "most",
        "rarely", "occasionally", "depends", "depend", "mostly", "generally", "somewhat", "probably", "likely", "less",
        "more", "bit", "fairly", "quite", "complicated", "complex", "nuanced", "mixed", "not",
    };

    private static readonly HashSet<string> Negations = new(StringComparer.Ordinal)
    {
        "not", "no", "never", "neither", "nor", "none", "nothing", "nobody", "cannot", "without",
    };

    private static readonly HashSet<string> QuestionOpeners = new(StringComparer.Ordinal)
    {
        "do", "does", "did", "is", "are", "was", "were", "can", "could", "will", "would", "should", "has", "have", "had", "may",
        "might", "must", "shall", "am", "what", "why", "how", "when", "where", "which", "who", "whom", "whose", "isn't", "aren't",
        "doesn't", "don't", "didn't", "wasn't", "weren't", "won't", "can't", "couldn't", "shouldn't", "tell", "explain",
    };

    // Words a user asks with without a question's word order: "is it true", "I wonder whether", "tell me if".
    private static readonly HashSet<string> Inquiry = new(StringComparer.Ordinal)
    {
        "true", "whether", "wonder", "wondering", "if", "curious", "question", "ask", "asking", "know", "heard", "right",
    };

    // Words that press a statement as fact: "obviously", "everyone knows", "of course".
    private static readonly HashSet<string> Insistence = new(StringComparer.Ordinal)
    {
        "obviously", "clearly", "definitely", "surely", "certainly", "course", "fact", "literally", "undeniably", "absolutely",
        "honestly", "seriously", "100", "totally", "really", "truly",
    };

    /// <summary>
    /// How a body sentence relates to one FAQ entry: its cosine with the whole answer, with the answer's closest
    /// sentence, with the question and the claim; word-level max-sim; shared terms; and where it stands among the
    /// essay's body sentences for that answer (rank, gap to the best, z-score), so that "close" is judged per essay.
    /// </summary>
    internal static List<(SentenceUnit Sentence, float[] Features)> Evidence(EssayIndex index, FaqUnit faq)
    {
        var body = index.Sentences.Where(s => !s.Sentence.Section.IsFaqSection).ToList();
        if (body.Count == 0)
        {
            return [];
        }

        var answer = index.Vectors[faq.AnswerVector];
        var question = index.Vectors[faq.QuestionVector];
        var claim = faq.ClaimVector >= 0 ? index.Vectors[faq.ClaimVector] : question;
        var answerWords = faq.AnswerSentenceVectors.Select(v => index.Words[v]).ToList();
        var answerTerms = index.Terms.Terms(faq.Faq.Answer);
        var answerWeight = index.Terms.Weight(answerTerms);
        var questionTerms = index.Terms.Terms(faq.Faq.Question);
        var questionWeight = index.Terms.Weight(questionTerms);
        var closest = body.Select(s => faq.AnswerSentenceVectors.Select(v => VectorMath.Dot(index.Vectors[v], index.Vectors[s.Vector])).DefaultIfEmpty(0f).Max())
            .ToArray();
        var whole = body.Select(s => VectorMath.Dot(answer, index.Vectors[s.Vector])).ToArray();
        var best = closest.Max();
        var mean = whole.Average();
        var spread = (float)Math.Sqrt(whole.Select(w => (w - mean) * (w - mean)).Average()) + 1e-4f;
        var rank = closest.Select((c, i) => (c, i)).OrderByDescending(p => p.c).Select((p, r) => (p.i, r)).ToDictionary(p => p.i, p => p.r);
        var result = new List<(SentenceUnit, float[])>(body.Count);
        for (var i = 0; i < body.Count; i++)
        {
            var s = body[i];
            var words = new TokenEmbedding(index.Vectors[s.Vector], index.Words[s.Vector]);
            result.Add((s,
            [
                whole[i],
                closest[i],
                VectorMath.Dot(question, index.Vectors[s.Vector]),
                VectorMath.Dot(claim, index.Vectors[s.Vector]),
                words.MaxSim(answerWords),
                index.Terms.Coverage(answerTerms, answerWeight, s.Own),
                index.Terms.Coverage(questionTerms, questionWeight, s.Own),
                Math.Min(rank[i], 20),
                best - closest[i],
                VectorMath.Dot(answer, index.Vectors[s.ParagraphVector]),
                Math.Min(s.Position, 5),
                (whole[i] - mean) / spread,
            ]));
        }

        return result;
    }

    /// <summary>
    /// What a message does with an FAQ entry's claim: its question form, its quantifiers, hedges and negations against
    /// the claim's own, and whether it reads closer to the claim or to the essay's answer.
    /// </summary>
    internal static float[] Stance(string message, float[] messageVector, EssayIndex index, FaqUnit faq)
    {
        var tokens = TextNormalizer.Tokenize(message);
        var claimText = faq.Faq.Myth?.Claim ?? faq.Faq.Question;
        var claim = TextNormalizer.Tokenize(claimText);
        static int Count(IReadOnlyList<string> words, HashSet<string> set) => words.Count(w => set.Contains(w) || (set == Negations && w.EndsWith("n't", StringComparison.Ordinal)));
        var negated = Count(tokens, Negations);
        var claimNegated = Count(claim, Negations);
        var claimVector = faq.ClaimVector >= 0 ? index.Vectors[faq.ClaimVector] : index.Vectors[faq.QuestionVector];
        var toClaim = VectorMath.Dot(messageVector, claimVector);
        var toAnswer = VectorMath.Dot(messageVector, index.Vectors[faq.AnswerVector]);
        var negatedAbsolute = tokens.Zip(tokens.Skip(1)).Count(p => (Negations.Contains(p.First) || p.First.EndsWith("n't", StringComparison.Ordinal)) && Absolutes.Contains(p.Second));
        return
        [
            message.TrimEnd().EndsWith('?') ? 1f : 0f,
            tokens.Count > 0 && QuestionOpeners.Contains(tokens[0]) ? 1f : 0f,
            Count(tokens, Inquiry),
            Count(tokens, Absolutes),
            Count(tokens, Hedges),
            negated,
            claimNegated,
            Count(claim, Absolutes),
            (negated - claimNegated) % 2 == 0 ? 0f : 1f,
            tokens.Intersect(claim).Count(Absolutes.Contains),
            Count(tokens, Insistence),
            toClaim,
            toAnswer,
            VectorMath.Dot(messageVector, index.Vectors[faq.QuestionVector]),
            toClaim - toAnswer,
            negatedAbsolute,
            Math.Min(tokens.Count, 30),
            faq.Faq.Answer.StartsWith("yes", StringComparison.OrdinalIgnoreCase) ? 1f : 0f,
        ];
    }
}
