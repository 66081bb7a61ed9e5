using System.Globalization;
using FaqBot.Classification.Engine;
using FaqBot.Classification.Retrieval;
using FaqBot.Classification.Training;
using FaqBot.Core.Decision;
using FaqBot.Core.Knowledge;
using FaqBot.Core.Text;

namespace FaqBot.Classification.Myths;

/// <summary>One essay's hand labels for the myth models: supporting sentences per FAQ entry, and labelled messages.</summary>
/// <param name="Evidence">For each FAQ entry labelled, the body sentences that bear its answer out (empty: none does).</param>
public sealed record MythLabels(IReadOnlyDictionary<string, IReadOnlyList<string>> Evidence, IReadOnlyList<(string Text, string FaqId, Stance Stance)> Stances)
{
    public static MythLabels Load(Essay essay, TrainingDataLocation data)
    {
        ArgumentNullException.ThrowIfNull(essay);
        ArgumentNullException.ThrowIfNull(data);
        var evidence = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (fields, line) in Rows(data.EvidenceFile(essay), 2))
        {
            Known(essay, fields[0], line, data.EvidenceFile(essay)!);
            var list = evidence.TryGetValue(fields[0], out var l) ? l : evidence[fields[0]] = [];
            if (fields[1] != "-")
            {
                list.Add(fields[1]);
            }
        }

        var stances = new List<(string, string, Stance)>();
        foreach (var (fields, line) in Rows(data.StanceFile(essay), 3))
        {
            Known(essay, fields[1], line, data.StanceFile(essay)!);
            var stance = fields[0] switch
            {
                "ask" => Stance.Asks,
                "myth" => Stance.StatesMyth,
                "agrees" => Stance.Agrees,
                _ => throw new InvalidDataException($"{data.StanceFile(essay)} line {line}: stance '{fields[0]}' is not ask, myth or agrees."),
            };
            stances.Add((fields[2], fields[1], stance));
        }

        return new MythLabels(evidence.ToDictionary(e => e.Key, e => (IReadOnlyList<string>)e.Value), stances);
    }

    public bool IsEmpty => Evidence.Count == 0 && Stances.Count == 0;

    private static void Known(Essay essay, string id, int line, string file)
    {
        if (!essay.Faqs.Any(f => f.Id == id))
        {
            throw new InvalidDataException($"{file} line {line}: '{id}' is not an FAQ entry of {Path.GetFileName(essay.SourcePath)}.");
        }
    }

    private static IEnumerable<(string[] Fields, int Line)> Rows(string? file, int columns)
    {
        if (file is null)
        {
            yield break;
        }

        var number = 0;
        foreach (var line in File.ReadLines(file))
        {
            number++;
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var fields = line.Split('\t');
            if (fields.Length != columns)
            {
                throw new InvalidDataException($"{file} line {number}: expected {columns} tab-separated fields, found {fields.Length}.");
            }

            yield return (fields, number);
        }
    }
}

/// <summary>An essay's index and reader with its labels, featurised once for fitting and judging the myth models.</summary>
public sealed class MythEssay
{
    private MythEssay(string name, QuestionReader reader, List<(FaqUnit Faq, List<(SentenceUnit Sentence, float[] Features)> Candidates)> evidence,
        List<(float[] Features, Stance Stance)> stances, MythLabels labels)
    {
        Name = name;
        Reader = reader;
        EvidenceCandidates = evidence;
        Stances = stances;
        Labels = labels;
    }

    public string Name { get; }

    public QuestionReader Reader { get; }

    public MythLabels Labels { get; }

    internal List<(FaqUnit Faq, List<(SentenceUnit Sentence, float[] Features)> Candidates)> EvidenceCandidates { get; }

    internal List<(float[] Features, Stance Stance)> Stances { get; }

    public static MythEssay Build(string name, QuestionReader reader, MythLabels labels)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(labels);
        var index = reader.Index;
        var evidence = index.Faqs.Where(f => labels.Evidence.ContainsKey(f.Faq.Id)).Select(f => (f, MythFeatures.Evidence(index, f))).ToList();
        var stances = labels.Stances.Select(s => (MythFeatures.Stance(s.Text, reader.Embed(s.Text), index, index.Faqs.Single(f => f.Faq.Id == s.FaqId)), s.Stance)).ToList();
        return new MythEssay(name, reader, evidence, stances, labels);
    }

    /// <summary>Every labelled (FAQ entry, body sentence) pair: does the sentence bear the answer out?</summary>
    internal IEnumerable<(float[] Features, bool Supports)> EvidencePairs() =>
        EvidenceCandidates.SelectMany(f => f.Candidates.Select(c => (c.Features, Supports(f.Faq.Faq.Id, c.Sentence.Sentence.Text))));

    /// <summary>Whether a sentence is one of the labelled supporting sentences of an FAQ entry (the labels copy sentences whole).</summary>
    public bool Supports(string faqId, string sentence) =>
        Labels.Evidence.TryGetValue(faqId, out var labelled) && labelled.Any(l => Same(l, sentence));

    private static bool Same(string label, string sentence)
    {
        var (a, b) = (TextNormalizer.Normalize(label).Trim(), TextNormalizer.Normalize(sentence).Trim());
        return a == b || (a.Length > 20 && b.Contains(a, StringComparison.Ordinal)) || (b.Length > 20 && a.Contains(b, StringComparison.Ordinal));
    }
}

/// <summary>How the myth models do on an essay they were not fitted on.</summary>
/// <param name="EvidenceShown">Sentences shown as evidence over all labelled FAQ entries; <paramref name="EvidenceRight"/> of them labelled.</param>
/// <param name="EvidenceLabelled">Labelled supporting sentences; recall is right shown over these.</param>
/// <param name="NoneRight">FAQ entries labelled with no supporting sentence that were shown none; of <paramref name="NoneLabelled"/>.</param>
/// <param name="StanceDecided">Labelled messages the stance model was sure enough about; <paramref name="StanceRight"/> of them right.</param>
public sealed record MythScores(string Essay, int EvidenceShown, int EvidenceRight, int EvidenceLabelled, int NoneRight, int NoneLabelled,
    int Statements, int StanceDecided, int StanceRight, int StanceRightAll)
{
    /// <summary>FAQ entries with labelled evidence whose best-scored sentence is labelled, whatever its score; of <see cref="TopOf"/>.</summary>
    public int TopRight { get; init; }

    public int TopOf { get; init; }

    public double EvidencePrecision => EvidenceShown == 0 ? 1 : EvidenceRight / (double)EvidenceShown;

    public double EvidenceRecall => EvidenceLabelled == 0 ? 1 : EvidenceRight / (double)EvidenceLabelled;

    /// <summary>Right among the messages it decided on.</summary>
    public double StanceAccuracy => StanceDecided == 0 ? 0 : StanceRight / (double)StanceDecided;

    /// <summary>Right among all labelled messages, each taken at the model's best guess (no abstention).</summary>
    public double StanceAccuracyAll => Statements == 0 ? 0 : StanceRightAll / (double)Statements;

    public double StanceCoverage => Statements == 0 ? 0 : StanceDecided / (double)Statements;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Essay}: evidence precision {EvidencePrecision:P1} ({EvidenceRight}/{EvidenceShown}), recall {EvidenceRecall:P1} of {EvidenceLabelled}, " +
        $"none-right {NoneRight}/{NoneLabelled}, best sentence right {TopRight}/{TopOf}; stance {StanceAccuracy:P1} of {StanceDecided} decided ({StanceCoverage:P0} of {Statements}), best guess {StanceAccuracyAll:P1}");
}

/// <summary>Fits the myth models across essays and judges them leaving one essay out.</summary>
public static class MythFit
{
    /// <summary>SHA-256 over the feature version and, per labelled essay, its text and its two label files: when it changes, refit.</summary>
    public static string Fingerprint(IEnumerable<string> essayFiles, TrainingDataLocation data)
    {
        ArgumentNullException.ThrowIfNull(essayFiles);
        ArgumentNullException.ThrowIfNull(data);
        using var hash = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        hash.AppendData(System.Text.Encoding.UTF8.GetBytes(MythFeatures.Version));
        foreach (var file in essayFiles.Order(StringComparer.Ordinal))
        {
            var essay = EssayParser.Load(file);
            var labels = new[] { data.EvidenceFile(essay), data.StanceFile(essay) };
            if (labels.All(l => l is null))
            {
                continue;
            }

            hash.AppendData(System.Text.Encoding.UTF8.GetBytes("\n" + Path.GetFileName(file) + "\n" + essay.ContentHash));
            foreach (var label in labels)
            {
                hash.AppendData(System.Text.Encoding.UTF8.GetBytes("\n" + (label is null ? "(none)" : File.ReadAllText(label).ReplaceLineEndings("\n"))));
            }
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>
    /// The models fitted on every essay given, with bars chosen on essays they did not see: each essay is scored by
    /// models fitted on the others, and the bar is the lowest score at which what is shown (at most
    /// <see cref="MythModel.MaxEvidence"/> sentences per answer) or acted on stays right as often as <see cref="MythModel.EvidencePrecision"/> and <see cref="MythModel.StancePrecision"/> ask.
    /// </summary>
    public static MythModel Fit(IReadOnlyList<MythEssay> essays, string dataFingerprint = "")
    {
        ArgumentNullException.ThrowIfNull(essays);
        var evidence = new List<(float, bool)>();
        var stances = new List<(float, bool)>();
        foreach (var essay in essays)
        {
            var inner = Models(essays.Where(e => e != essay).ToList());
            evidence.AddRange(TopEvidence(inner, essay).Select(t => (t.Probability, t.Right)));
            stances.AddRange(essay.Stances.Select(s => inner.PredictStance(s.Features)).Zip(essay.Stances, (p, s) => (p.Probability, p.Stance == s.Stance)));
        }

        var model = Models(essays);
        return model.With(model.Info with
        {
            DataFingerprint = dataFingerprint,
            EvidenceThreshold = MythModel.Bar(evidence, MythModel.EvidencePrecision),
            StanceThreshold = MythModel.Bar(stances, MythModel.StancePrecision),
        });
    }

    private static MythModel Models(IReadOnlyList<MythEssay> essays)
    {
        var pairs = essays.SelectMany(e => e.EvidencePairs()).ToList();
        var stances = essays.SelectMany(e => e.Stances).ToList();
        return MythModel.Train(pairs, stances, new MythModelInfo(MythFeatures.Version, essays.Select(e => e.Name).ToList(), pairs.Count, stances.Count));
    }

    /// <summary>The best few sentences per labelled FAQ entry, with their probabilities and whether the labels agree.</summary>
    private static IEnumerable<(float Probability, bool Right)> TopEvidence(MythModel model, MythEssay essay) =>
        essay.EvidenceCandidates.SelectMany(f => model.ScoreEvidence(essay.Reader.Index, f.Faq)
            .OrderByDescending(s => s.Probability).Take(MythModel.MaxEvidence)
            .Select(s => (s.Probability, essay.Supports(f.Faq.Faq.Id, s.Sentence.Text))));

    /// <summary>Each essay judged by a model fitted on the others.</summary>
    public static IReadOnlyList<MythScores> LeaveOneOut(IReadOnlyList<MythEssay> essays, IProgress<string>? progress = null) =>
        LeaveOneOutModels(essays, progress).Select(f => f.Scores).ToList();

    /// <summary>Each essay judged by a model fitted on the others, with that model.</summary>
    public static IReadOnlyList<(MythEssay Essay, MythModel Model, MythScores Scores)> LeaveOneOutModels(IReadOnlyList<MythEssay> essays,
        IProgress<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(essays);
        var folds = new List<(MythEssay, MythModel, MythScores)>();
        foreach (var essay in essays.Where(e => !e.Labels.IsEmpty))
        {
            var model = Fit(essays.Where(e => e != essay).ToList());
            var score = Judge(model, essay);
            progress?.Report(score.ToString());
            folds.Add((essay, model, score));
        }

        return folds;
    }

    public static MythScores Judge(MythModel model, MythEssay essay)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(essay);
        var shown = model.Evidence(essay.Reader.Index);
        int count = 0, right = 0, labelled = 0, noneRight = 0, noneLabelled = 0;
        foreach (var (faqId, sentences) in essay.Labels.Evidence)
        {
            var own = shown.GetValueOrDefault(faqId, []);
            count += own.Count;
            right += own.Count(s => essay.Supports(faqId, s.Text));
            labelled += sentences.Count;
            if (sentences.Count == 0)
            {
                noneLabelled++;
                noneRight += own.Count == 0 ? 1 : 0;
            }
        }

        var predictions = essay.Stances.Select(s => (Prediction: model.PredictStance(s.Features), s.Stance)).ToList();
        var decided = predictions.Where(p => p.Prediction.Probability >= model.Info.StanceThreshold).ToList();
        var tops = essay.EvidenceCandidates.Where(f => essay.Labels.Evidence[f.Faq.Faq.Id].Count > 0)
            .Select(f => model.ScoreEvidence(essay.Reader.Index, f.Faq).MaxBy(s => s.Probability))
            .Zip(essay.EvidenceCandidates.Where(f => essay.Labels.Evidence[f.Faq.Faq.Id].Count > 0), (best, f) => essay.Supports(f.Faq.Faq.Id, best.Sentence.Text))
            .ToList();
        return new MythScores(essay.Name, count, right, labelled, noneRight, noneLabelled, predictions.Count, decided.Count,
            decided.Count(p => p.Prediction.Stance == p.Stance), predictions.Count(p => p.Prediction.Stance == p.Stance))
        { TopRight = tops.Count(t => t), TopOf = tops.Count };
    }
}
