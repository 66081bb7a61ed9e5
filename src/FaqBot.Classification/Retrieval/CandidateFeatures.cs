using FaqBot.Classification.Embeddings;
using FaqBot.Core.Decision;
using FaqBot.Core.Knowledge;

namespace FaqBot.Classification.Retrieval;

/// <summary>An answer FaqBot could give for one question, with its feature record for the ranker.</summary>
/// <param name="Passage">For a sentence candidate, the sentences that hold its answer to the question (the sentence, with
/// a neighbour that names what the question asks): what training judges it by.</param>
/// <param name="Sentence">For a sentence candidate, the sentence itself (its passage may quote a neighbour with it).</param>
public sealed record Candidate(CandidateKind Kind, string AnswerId, Section Section, IReadOnlyList<string> Passage, float[] Features, EssaySentence? Sentence = null)
{
    /// <summary>Two candidates with the same key give the same answer.</summary>
    public string Key => Sentence?.Text ?? AnswerId;

    /// <summary>
    /// What a reply quotes: the passage, or more of the essay around it so the quote reads on its own. Kept apart from
    /// <see cref="Passage"/> so that what a reply shows does not change how training labels the candidate.
    /// </summary>
    public IReadOnlyList<string> Quote { get; init; } = Passage;
}

/// <summary>
/// Turns a question and the essay's index into feature records, one per candidate answer: every FAQ entry, every
/// section, and the body sentences most likely to answer (by meaning and by terms). Features measure; they do not
/// decide: how much each counts is learned by the ranker (<c>AnswerRanker</c>) from labelled questions of other
/// essays. Each record has the question's own features too (its form, how off-topic the classifier finds it), so the
/// ranker can learn, for instance, that a "how many" question wants a sentence with a number.
/// </summary>
public static class CandidateFeatures
{
    /// <summary>How many body sentences go to the ranker: the best by a plain blend of meaning and terms.</summary>
    public const int SentencesRanked = 30;

    /// <summary>Changes whenever a feature is added, removed or computed differently: a ranker fitted on other features is stale.</summary>
    public const string Version = "features-v7";

    // A sentence at least half of whose terms the question has mostly names what the question asks about.
    private const float RestatesQuestion = 0.5f;

    /// <summary>The feature names, in record order.</summary>
    public static readonly string[] Names = Enum.GetNames<Feature>();

    public static int Count => Names.Length;

    /// <summary>The features the question alone has, at the start of every record.</summary>
    public const int QuestionFeatureCount = (int)Feature.KindFaq;

    /// <summary>The candidates for a question: every FAQ entry and section, and the <see cref="SentencesRanked"/> likeliest sentences.</summary>
    /// <param name="question">The user's text, spelling already corrected.</param>
    /// <param name="vector">Its sentence embedding.</param>
    /// <param name="ranking">The essay classifier's probabilities for every label.</param>
    public static IReadOnlyList<Candidate> For(EssayIndex index, string question, TokenEmbedding embedding, IReadOnlyList<LabelScore> ranking)
    {
        ArgumentNullException.ThrowIfNull(index);
        ArgumentNullException.ThrowIfNull(question);
        ArgumentNullException.ThrowIfNull(embedding);
        ArgumentNullException.ThrowIfNull(ranking);
        var vector = embedding.Vector;
        var terms = index.Terms;
        var form = QuestionForm.Of(question);
        var query = terms.Terms(question);
        var weight = terms.Weight(query);
        var names = query.Where(terms.Names.Contains).ToList();
        var probability = ranking.ToDictionary(r => r.Label, r => r.Probability, StringComparer.Ordinal);
        var labelRank = ranking.Where(r => r.Label != AnswerPolicy.OutOfScopeLabel).Select((r, i) => (r.Label, i))
            .ToDictionary(p => p.Label, p => p.i, StringComparer.Ordinal);
        // The best and second-best essay labels (0 for none): a label's lead is over the best other label, which is the
        // best, or for the best label itself the second best.
        var (topLabel, bestLabel, secondLabel) = ((string?)null, 0f, 0f);
        foreach (var r in ranking)
        {
            if (r.Label == AnswerPolicy.OutOfScopeLabel)
            {
                continue;
            }

            if (topLabel is null || r.Probability > bestLabel)
            {
                secondLabel = topLabel is null ? secondLabel : Math.Max(secondLabel, bestLabel);
                (topLabel, bestLabel) = (r.Label, r.Probability);
            }
            else
            {
                secondLabel = Math.Max(secondLabel, r.Probability);
            }
        }
        // Each of the essay's vectors meets the question once: a sentence's is read by its section, its neighbours'
        // pairs and its own record, and the prior below reads every sentence's (NaN: not computed yet).
        var cosines = new float[index.Vectors.Length];
        Array.Fill(cosines, float.NaN);
        float Cos(int v)
        {
            if (v < 0)
            {
                return 0f;
            }

            var c = cosines[v];
            return float.IsNaN(c) ? cosines[v] = VectorMath.Dot(vector, index.Vectors[v]) : c;
        }

        float BestCos(IReadOnlyList<int> texts)
        {
            // Enumerable.Max over the cosines, 0 for none, without its iterator.
            if (texts.Count == 0)
            {
                return 0f;
            }

            var best = Cos(texts[0]);
            for (var i = 1; i < texts.Count; i++)
            {
                var c = Cos(texts[i]);
                best = c > best ? c : best;
            }

            return best;
        }

        var maxSim = new MaxSimScorer(embedding);
        float MaxSim(params int[] texts)
        {
            var words = new List<float[][]>(texts.Length);
            foreach (var t in texts)
            {
                if (t >= 0)
                {
                    words.Add(index.Words[t]);
                }
            }

            return maxSim.Score(words);
        }
        var sectionTitle = index.Sections.ToDictionary(s => s.Section.Id, s => Cos(s.TitleVector), StringComparer.Ordinal);
        var body = index.Essay.BodySections;
        var placed = body.Count == 0 ? null : form.Place switch { EssayPlace.Start => body[0].Id, EssayPlace.End => body[^1].Id, _ => null };

        var rows = new List<(CandidateKind Kind, string Id, Section Section, IReadOnlyList<string> Passage, IReadOnlyList<string> Quote, float[] F, EssaySentence? Sentence)>();

        foreach (var faq in index.Faqs)
        {
            var f = new float[Count];
            f[(int)Feature.KindFaq] = 1;
            var (question0, claim) = (Cos(faq.QuestionVector), Cos(faq.ClaimVector));
            f[(int)Feature.Cosine] = Math.Max(question0, claim);
            var bestAnswerSentence = BestCos(faq.AnswerSentenceVectors);
            f[(int)Feature.CosineBody] = Math.Max(Cos(faq.AnswerVector), bestAnswerSentence);
            f[(int)Feature.CosineNext] = bestAnswerSentence;
            f[(int)Feature.CosineParagraph] = Cos(faq.AnswerVector);
            f[(int)Feature.CosineSection] = sectionTitle[faq.Faq.SectionId];
            f[(int)Feature.Terms] = terms.Bm25(query, faq.Key, weight);
            f[(int)Feature.TermsBody] = terms.Coverage(query, weight, faq.Key, faq.Body);
            f[(int)Feature.TermsWindow] = f[(int)Feature.TermsBody];
            Classified(f, faq.Faq.Id);
            var answer = string.Join(" ", faq.AnswerSentences);
            Asked(f, answer, faq.Body);
            Names(f, faq.Key, [faq.Body]);
            f[(int)Feature.Length] = Length(faq.Body);
            f[(int)Feature.CosineClaim] = claim;
            f[(int)Feature.CosineQuestion] = question0;
            f[(int)Feature.MaxSim] = MaxSim(faq.QuestionVector, faq.ClaimVector);
            f[(int)Feature.MaxSimBody] = MaxSim(faq.AnswerSentenceVectors);
            rows.Add((CandidateKind.Faq, faq.Faq.Id, index.Essay.Section(faq.Faq.SectionId), [], [], f, null));
        }

        foreach (var section in index.Sections)
        {
            var f = new float[Count];
            f[(int)Feature.KindSection] = 1;
            f[(int)Feature.Cosine] = Cos(section.TitleVector);
            f[(int)Feature.CosineBody] = BestCos(section.BodyVectors);
            f[(int)Feature.CosineParagraph] = BestCos(section.ParagraphVectors);
            f[(int)Feature.CosineSection] = f[(int)Feature.Cosine];
            f[(int)Feature.MaxSim] = MaxSim(section.TitleVector);
            f[(int)Feature.MaxSimBody] = f[(int)Feature.MaxSim];
            f[(int)Feature.Terms] = terms.Bm25(query, section.Key, weight);
            f[(int)Feature.TermsBody] = terms.Coverage(query, weight, section.Key, section.Body);
            f[(int)Feature.TermsWindow] = f[(int)Feature.TermsBody];
            Classified(f, section.Section.Id);
            Names(f, section.Key, [section.Body]);
            f[(int)Feature.Length] = Length(section.Body);
            f[(int)Feature.PlaceAsked] = section.Section.Id == placed ? 1 : 0;
            rows.Add((CandidateKind.Section, section.Section.Id, section.Section, [], [], f, null));
        }

        // Only the likeliest sentences are ranked: the rest would cost the ranker time and never win.
        var priors = new float[index.Sentences.Count];
        var order = new int[priors.Length];
        for (var i = 0; i < priors.Length; i++)
        {
            var s = index.Sentences[i];
            priors[i] = Math.Max(Cos(s.Vector), Math.Max(Cos(s.PairVector), Cos(s.NextPairVector))) + terms.Coverage(query, weight, index.Windows[i]);
            order[i] = i;
        }

        // Best prior first, ties in essay order: a total order, so the sort's instability never shows.
        Array.Sort(order, (a, b) => priors[a] != priors[b] ? priors[b].CompareTo(priors[a]) : a.CompareTo(b));
        var likely = order.Take(SentencesRanked);
        foreach (var i in likely)
        {
            var s = index.Sentences[i];
            var f = new float[Count];
            f[(int)Feature.KindSentence] = 1;
            f[(int)Feature.Cosine] = Cos(s.Vector);
            f[(int)Feature.CosineBody] = s.PairVector < 0 ? f[(int)Feature.Cosine] : Cos(s.PairVector);
            f[(int)Feature.CosineNext] = s.NextPairVector < 0 ? f[(int)Feature.Cosine] : Cos(s.NextPairVector);
            f[(int)Feature.CosineParagraph] = Cos(s.ParagraphVector);
            f[(int)Feature.CosineSection] = sectionTitle[s.Sentence.Section.Id];
            f[(int)Feature.MaxSim] = MaxSim(s.Vector);
            f[(int)Feature.MaxSimBody] = maxSim.Score(index.BodyWords[i]);
            f[(int)Feature.Terms] = terms.Bm25(query, s.Own, weight);
            var context = index.Contexts[i];
            f[(int)Feature.TermsBody] = terms.Coverage(query, weight, index.Bodies[i]);
            f[(int)Feature.TermsWindow] = terms.Coverage(query, weight, index.Windows[i]);
            f[(int)Feature.NextPointsBack] = s.Next >= 0 && index.Sentences[s.Next].PointsBack ? 1 : 0;
            f[(int)Feature.NextAskedHeld] = s.Next >= 0 && form.AskedFor != AskedFor.Nothing && form.IsHeldBy(index.Sentences[s.Next].Sentence.Text) ? 1 : 0;
            Classified(f, s.Sentence.Section.Id);
            Asked(f, s.Sentence.Text, s.Own);
            var (ownTerms, restated) = (s.Own.Counts.Count, 0);
            foreach (var t in s.Own.Counts.Keys)
            {
                restated += query.Contains(t) ? 1 : 0;
            }

            f[(int)Feature.Restates] = ownTerms == 0 ? 0 : (float)restated / ownTerms;
            f[(int)Feature.NewTerms] = ownTerms - restated;
            f[(int)Feature.ContextOnly] = f[(int)Feature.TermsBody] - terms.Coverage(query, weight, s.Own);
            f[(int)Feature.Position] = s.Position;
            f[(int)Feature.PointsBack] = s.PointsBack ? 1 : 0;
            Names(f, s.Own, context);
            f[(int)Feature.Length] = Length(s.Own);
            f[(int)Feature.PlaceAsked] = s.Sentence.Section.Id == placed ? 1 : 0;
            var passage = Passage(index, s, query, f[(int)Feature.Restates]);
            rows.Add((CandidateKind.Sentence, s.Sentence.Section.Id, s.Sentence.Section, passage, Quote(index, s, passage), f, s.Sentence));
        }

        // Leads and ranks: how far each candidate is ahead of (or behind) the best other candidate of its kind, and its
        // place among them; these mean the same on any essay, where raw scores drift with its style.
        foreach (var kind in Enum.GetValues<CandidateKind>())
        {
            var same = rows.Where(r => r.Kind == kind).Select(r => r.F).ToArray();
            foreach (var (feature, lead, rank) in Relative)
            {
                Relate(same, (int)feature, (int)lead, (int)rank);
            }
        }

        var questionFeatures = new float[QuestionFeatureCount];
        questionFeatures[(int)Feature.QuestionTerms] = query.Count;
        questionFeatures[(int)Feature.What] = form.What ? 1 : 0;
        questionFeatures[(int)Feature.Who] = form.Who ? 1 : 0;
        questionFeatures[(int)Feature.When] = form.When ? 1 : 0;
        questionFeatures[(int)Feature.Where] = form.Where ? 1 : 0;
        questionFeatures[(int)Feature.Why] = form.Why ? 1 : 0;
        questionFeatures[(int)Feature.How] = form.How ? 1 : 0;
        questionFeatures[(int)Feature.Quantity] = form.Quantity ? 1 : 0;
        questionFeatures[(int)Feature.YesNo] = form.YesNo ? 1 : 0;
        questionFeatures[(int)Feature.TopicRequest] = form.TopicRequest ? 1 : 0;
        questionFeatures[(int)Feature.Statement] = form.Statement ? 1 : 0;
        questionFeatures[(int)Feature.Place] = (int)form.Place;
        questionFeatures[(int)Feature.OutOfScope] = probability.GetValueOrDefault(AnswerPolicy.OutOfScopeLabel);
        questionFeatures[(int)Feature.UnknownTerms] = weight <= 0 ? 1 : (float)(query.Where(t => !terms.Knows(t)).Sum(terms.Idf) / weight);
        questionFeatures[(int)Feature.BestCosine] = rows.Max(r => r.F[(int)Feature.Cosine]);
        questionFeatures[(int)Feature.BestLabel] = bestLabel;
        foreach (var row in rows)
        {
            questionFeatures.CopyTo(row.F, 0);
        }

        return rows.Select(r => new Candidate(r.Kind, r.Id, r.Section, r.Passage, r.F, r.Sentence) { Quote = r.Quote }).ToList();

        void Classified(float[] f, string label)
        {
            f[(int)Feature.Label] = probability.GetValueOrDefault(label);
            f[(int)Feature.LabelRank] = labelRank.GetValueOrDefault(label, labelRank.Count);
            f[(int)Feature.LabelLead] = f[(int)Feature.Label] - (label == topLabel ? secondLabel : bestLabel);
        }

        void Asked(float[] f, string text, TermCounts counts)
        {
            if (form.AskedFor != AskedFor.Nothing)
            {
                var held = form.IsHeldBy(text);
                f[(int)Feature.AskedHeld] = held ? 1 : 0;
                f[(int)Feature.AskedMissing] = held ? 0 : 1;
            }

            f[(int)Feature.NounHeld] = form.AskedNoun is { } noun && counts.Counts.ContainsKey(noun) ? 1 : 0;
        }

        void Names(float[] f, TermCounts own, IReadOnlyList<TermCounts> around)
        {
            if (names.Count == 0)
            {
                return;
            }

            f[(int)Feature.NamesShared] = (float)names.Count(n => own.Counts.ContainsKey(n) || around.Any(a => a.Counts.ContainsKey(n))) / names.Count;
            var ownNames = own.Counts.Keys.Where(terms.Names.Contains).ToList();
            f[(int)Feature.NamesOther] = ownNames.Count > 0 && !ownNames.Any(names.Contains) ? 1 : 0;
        }
    }

    /// <summary>
    /// What a sentence answer quotes: the sentence, after the earlier sentence of its paragraph that holds what the
    /// question asks and this one lacks, or after the sentence before it when it opens by pointing back to it; or before
    /// the next when that one points back to it ("Others are parkruns... They began in 2004...") or when this one mostly
    /// repeats the question's own words, naming the subject the next sentence gives the fact about. Two at most, but for a chain of pointing-back sentences (up to four).
    /// </summary>
    private static IReadOnlyList<string> Passage(EssayIndex index, SentenceUnit sentence, IReadOnlyList<string> query, float restates)
    {
        var missing = query.Where(t => !sentence.Own.Counts.ContainsKey(t)).ToList();
        for (var k = 0; k < sentence.Context.Length; k++)
        {
            var c = sentence.Context[k];
            if (missing.Any(index.Sentences[c].Own.Counts.ContainsKey))
            {
                // Beyond the usual context only a chain of pointing-back sentences reaches: quote all of it, since
                // each link names what the next one means ("...Treaty... It was signed... It was extended... This limits").
                return k < EssayIndex.ContextSentences
                    ? [index.Sentences[c].Sentence.Text, sentence.Sentence.Text]
                    : [.. sentence.Context.Take(k + 1).Reverse().Select(i => index.Sentences[i].Sentence.Text), sentence.Sentence.Text];
            }
        }

        if (sentence.PointsBack && sentence.Context.Length > 0)
        {
            return [index.Sentences[sentence.Context[0]].Sentence.Text, sentence.Sentence.Text];
        }

        return sentence.Next >= 0 && (index.Sentences[sentence.Next].PointsBack || restates >= RestatesQuestion)
            ? [sentence.Sentence.Text, index.Sentences[sentence.Next].Sentence.Text]
            : [sentence.Sentence.Text];
    }

    /// <summary>
    /// What a reply quotes for a sentence: its passage, after the sentence before it when the sentence names its subject
    /// only by a pronoun after a preposition ("In 1986 a vast cloud of it burst from...") and the passage does not
    /// start earlier already. More of the essay, never less: the passage is all there.
    /// </summary>
    private static IReadOnlyList<string> Quote(EssayIndex index, SentenceUnit sentence, IReadOnlyList<string> passage) =>
        sentence.RefersBack && sentence.Context.Length > 0 && passage[0] == sentence.Sentence.Text
            ? [index.Sentences[sentence.Context[0]].Sentence.Text, .. passage]
            : passage;

    /// <summary>
    /// The candidates with the sentence ranker's scores written into their records, for the answer ranker: a sentence's
    /// own score and lead over the best other sentence; a section's best sentence; for every candidate the best sentence
    /// of all. An FAQ entry has no sentences of its own (<see cref="NoSentence"/>).
    /// </summary>
    public static IReadOnlyList<Candidate> WithSentenceScores(IReadOnlyList<Candidate> candidates, IReadOnlyList<float> sentenceScores)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(sentenceScores);
        var sentences = Enumerable.Range(0, candidates.Count).Where(i => candidates[i].Kind == CandidateKind.Sentence).ToList();
        var best = sentences.Select(i => sentenceScores[i]).DefaultIfEmpty(NoSentence).Max();
        var bestInSection = sentences.GroupBy(i => candidates[i].AnswerId).ToDictionary(g => g.Key, g => g.Max(i => sentenceScores[i]), StringComparer.Ordinal);
        var result = new Candidate[candidates.Count];
        for (var i = 0; i < candidates.Count; i++)
        {
            var c = candidates[i];
            var f = (float[])c.Features.Clone();
            f[(int)Feature.BestSentenceScore] = best;
            if (c.Kind == CandidateKind.Sentence)
            {
                f[(int)Feature.SentenceScore] = sentenceScores[i];
                f[(int)Feature.SentenceScoreLead] = sentenceScores[i] - sentences.Where(j => j != i).Select(j => sentenceScores[j]).DefaultIfEmpty(NoSentence).Max();
            }
            else
            {
                f[(int)Feature.SentenceScore] = c.Kind == CandidateKind.Section ? bestInSection.GetValueOrDefault(c.AnswerId, NoSentence) : NoSentence;
                f[(int)Feature.SentenceScoreLead] = f[(int)Feature.SentenceScore] - best;
            }

            result[i] = c with { Features = f };
        }

        return result;
    }

    /// <summary>
    /// Each record's lead on the best other record (0 when it is alone) and how many records are strictly ahead of it:
    /// the best other is the best of all except for the best itself, which is measured against the second.
    /// </summary>
    private static void Relate(float[][] records, int feature, int lead, int rank)
    {
        var (best, second, bestAt) = (float.NegativeInfinity, float.NegativeInfinity, -1);
        for (var i = 0; i < records.Length; i++)
        {
            var value = records[i][feature];
            if (value > best)
            {
                (second, best, bestAt) = (best, value, i);
            }
            else if (value > second)
            {
                second = value;
            }
        }

        for (var i = 0; i < records.Length; i++)
        {
            var value = records[i][feature];
            var other = records.Length == 1 ? 0f : i == bestAt ? second : best;
            var ahead = 0;
            foreach (var r in records)
            {
                ahead += r[feature] > value ? 1 : 0;
            }

            records[i][lead] = value - other;
            records[i][rank] = ahead;
        }
    }

    /// <summary>The sentence score of a candidate with no sentence: below any a ranker gives.</summary>
    public const float NoSentence = -100f;

    private static readonly (Feature Value, Feature Lead, Feature Rank)[] Relative =
    [
        (Feature.Cosine, Feature.CosineLead, Feature.CosineRank),
        (Feature.CosineBody, Feature.CosineBodyLead, Feature.CosineBodyRank),
        (Feature.Terms, Feature.TermsLead, Feature.TermsRank),
        (Feature.TermsBody, Feature.TermsBodyLead, Feature.TermsBodyRank),
        (Feature.MaxSim, Feature.MaxSimLead, Feature.MaxSimRank),
    ];

    private static float Length(TermCounts counts) => MathF.Log(1 + counts.Length);
}

/// <summary>The ranker's features, in record order: first the question's own, then the candidate's.</summary>
public enum Feature
{
    QuestionTerms,
    What,
    Who,
    When,
    Where,
    Why,
    How,
    Quantity,
    YesNo,
    TopicRequest,
    Statement,
    Place,
    OutOfScope,
    UnknownTerms,
    BestCosine,
    BestLabel,

    KindFaq,
    KindSection,
    KindSentence,
    Cosine,
    CosineLead,
    CosineBody,
    CosineBodyLead,
    Terms,
    TermsLead,
    TermsBody,
    TermsBodyLead,
    Label,
    LabelRank,
    LabelLead,
    AskedHeld,
    AskedMissing,
    NounHeld,
    Restates,
    NewTerms,
    ContextOnly,
    Position,
    PointsBack,
    NamesShared,
    NamesOther,
    Length,
    CosineClaim,
    CosineQuestion,
    CosineNext,
    CosineParagraph,
    CosineSection,
    TermsWindow,
    NextPointsBack,
    CosineRank,
    CosineBodyRank,
    TermsRank,
    TermsBodyRank,
    NextAskedHeld,
    MaxSim,
    MaxSimBody,
    MaxSimLead,
    MaxSimRank,
    PlaceAsked,

    // Filled in by the sentence ranker, for the answer ranker (zero when the sentence ranker reads the record).
    SentenceScore,
    SentenceScoreLead,
    BestSentenceScore,
}
