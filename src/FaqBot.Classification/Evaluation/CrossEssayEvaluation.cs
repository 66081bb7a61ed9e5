using FaqBot.Classification.Engine;
using FaqBot.Classification.Embeddings;
using FaqBot.Classification.Ranking;
using FaqBot.Classification.Training;
using FaqBot.Core.Decision;
using FaqBot.Core.Knowledge;

namespace FaqBot.Classification.Evaluation;

/// <summary>One essay's numbers for every system, and the thresholds FaqBot answered it with.</summary>
public sealed record EssayReport(string Name, string Title, IReadOnlyList<EssayScores> Systems, AnswerPolicyOptions? Thresholds)
{
    public EssayScores FaqBot => Systems[0];
}

/// <summary>
/// Leave one essay out: each essay is answered by a ranking model fitted on the other essays' calibration questions
/// only (<see cref="RankingFit"/>), with its classifier trained on its own text alone, exactly as FaqBot meets an essay it
/// has never seen, and scored on its held-out questions beside the baselines (whose cut-offs are fitted on the other
/// essays the same way) and, where recorded, FaqBot as it was before this evaluation existed.
/// </summary>
public static class CrossEssayEvaluation
{
    public const string FaqBotName = "FaqBot";
    public const string BeforeName = "FaqBot before (06208c4)";

    /// <summary>The questions of a split as labelled questions: the labelled ones (off-topic included), then the fact ones.</summary>
    public static IReadOnlyList<LabelledQuestion> Questions(HeldOutSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        return set.Questions.Select(q => new LabelledQuestion(q.Text, q.Label, null))
            .Concat(set.Facts.Select(f => new LabelledQuestion(f.Question, null, f.AnswerFragment)))
            .ToList();
    }

    /// <summary>An essay's calibration and held-out questions with the evidence its engine gathers for each.</summary>
    public static EssayEvidence Gather(QuestionReader reader, TrainingDataLocation data)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(data);
        var name = Path.GetFileNameWithoutExtension(reader.Essay.SourcePath);
        IReadOnlyList<EvidencedQuestion> Evidence(IEnumerable<LabelledQuestion> questions) =>
            questions.Select(q => new EvidencedQuestion(q, reader.Read(q.Text))).ToList();
        var calibration = Questions(HeldOutSet.LoadCalibration(reader.Essay, data)).Concat(TopicRequests(reader.Essay));
        return new EssayEvidence(name, reader, Evidence(calibration), Evidence(Questions(HeldOutSet.Load(reader.Essay, data))));
    }

    /// <param name="before">FaqBot's recorded outcomes before this evaluation, for an essay's name; null where none were recorded.</param>
    /// <summary>
    /// Requests for each section's topic, made from its heading ("tell me about the varroa mite problem"): few people
    /// write them into a calibration set, and without them the rankers never learn that a request for a topic wants the
    /// summary, not the one sentence that matches it best; and requests for its opening and its conclusion. Fitted on
    /// only, never scored.
    /// </summary>
    public static IEnumerable<LabelledQuestion> TopicRequests(Essay essay)
    {
        ArgumentNullException.ThrowIfNull(essay);
        foreach (var section in essay.BodySections)
        {
            var topic = section.Title.Split(':', StringSplitOptions.TrimEntries)[^1].ToLowerInvariant();
            yield return new LabelledQuestion($"tell me about {topic}", section.Id, null);
            yield return new LabelledQuestion($"give me an overview of {topic}", section.Id, null);
        }

        // And for where the essay opens and where it ends, asked of the essay as a text.
        var body = essay.BodySections;
        if (body.Count > 1)
        {
            yield return new LabelledQuestion("how does the essay open", body[0].Id, null);
            yield return new LabelledQuestion("what is the essay's conclusion", body[^1].Id, null);
        }
    }

    /// <param name="fitted">Told each essay's name and the model fitted without it (to keep it for a run of the bot).</param>
    /// <param name="innerFolds">The groups each fit leaves out in turn (see <see cref="RankingFit"/>).</param>
    public static IReadOnlyList<EssayReport> Run(IReadOnlyList<EssayEvidence> essays, ISentenceEmbedder embedder,
        Func<EssayEvidence, EssayScores?>? before = null, IProgress<string>? progress = null, Action<string, RankingModel>? fitted = null,
        int innerFolds = RankingFit.InnerFolds)
    {
        ArgumentNullException.ThrowIfNull(essays);
        ArgumentNullException.ThrowIfNull(embedder);
        var baselines = essays.Select(e => new IBaseline[] { new Bm25NearestQuestionBaseline(e.Essay), new EmbeddingNearestQuestionBaseline(e.Essay, embedder) })
            .ToList();
        // What each baseline says to each essay's calibration questions, asked once: every other essay's cut-off reads them.
        var calibrated = essays.Select((e, j) => baselines[j].Select(b => Nearest(e, b)).ToArray()).ToList();
        // Each essay's fit is independent of the others' and deterministic on its own, so the essays are fitted side by
        // side (one per core) and the reports are what one essay after another would give.
        var reports = new EssayReport[essays.Count];
        Parallel.For(0, essays.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
        {
            var essay = essays[i];
            var others = essays.Where((_, j) => j != i).ToList();
            progress?.Report($"{essay.Name}: fitting on the {others.Count} other essays");
            var model = RankingFit.Fit(others, "leave-one-out", progress: null, innerFolds: innerFolds);
            fitted?.Invoke(essay.Name, model);
            var policy = new AnswerPolicy(essay.Essay, model.Thresholds);
            var faqBot = new EssayScores(FaqBotName, essay.Name,
                essay.HeldOut.Select(q => Outcome.Of(FaqAnswerEngine.Decide(q.Evidence, model, policy).Answer, q.Question)).ToList());
            var systems = new List<EssayScores> { faqBot };
            if (before?.Invoke(essay) is { } recorded)
            {
                systems.Add(recorded);
            }

            for (var b = 0; b < baselines[i].Length; b++)
            {
                var cutOff = CutOff(calibrated.Where((_, j) => j != i).SelectMany(c => c[b]).ToList());
                systems.Add(Baseline(baselines[i][b], essay, cutOff));
            }

            reports[i] = new EssayReport(essay.Name, essay.Essay.Title, systems, model.Thresholds);
        });

        return reports;
    }

    /// <summary>What a baseline answers: its nearest label when it scores at least the cut-off, else a fallback.</summary>
    private static Answer BaselineAnswer(IBaseline baseline, Essay essay, LabelledQuestion question, float cutOff)
    {
        if (question.IsFact)
        {
            var sentence = baseline.NearestSentence(question.Text);
            return new FactAnswer([sentence.Text], sentence.Section, AnswerConfidence.None);
        }

        var (label, score) = baseline.Nearest(question.Text);
        return score >= cutOff ? new AnswerPolicy(essay, new AnswerPolicyOptions()).AnswerWith(label) : new FallbackAnswer(null, true, AnswerConfidence.None);
    }

    private static EssayScores Baseline(IBaseline baseline, EssayEvidence essay, float cutOff) =>
        new(baseline.Name, essay.Name, essay.HeldOut.Select(q => Outcome.Of(BaselineAnswer(baseline, essay.Essay, q.Question, cutOff), q.Question)).ToList());

    /// <summary>A baseline's nearest label and score for each of an essay's calibration questions (not the fact questions).</summary>
    private static List<(AnswerPolicy Policy, LabelledQuestion Question, (string Label, float Score) Nearest)> Nearest(EssayEvidence essay, IBaseline baseline)
    {
        var policy = new AnswerPolicy(essay.Essay, new AnswerPolicyOptions());
        return essay.Calibration.Where(q => !q.Question.IsFact).Select(q => (policy, q.Question, baseline.Nearest(q.Question.Text))).ToList();
    }

    /// <summary>The cut-off with the best utility over the other essays' calibration questions (the lowest on a tie).</summary>
    private static float CutOff(IReadOnlyList<(AnswerPolicy Policy, LabelledQuestion Question, (string Label, float Score) Nearest)> scored)
    {
        double Utility(float cutOff) => scored.Sum(s => Judge.Value(
            s.Nearest.Score >= cutOff ? s.Policy.AnswerWith(s.Nearest.Label) : new FallbackAnswer(null, true, AnswerConfidence.None), s.Question));
        return scored.Select(s => s.Nearest.Score).Append(0f).Distinct().OrderBy(c => c).MaxBy(Utility);
    }
}
