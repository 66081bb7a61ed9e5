using FaqBot.Classification.Myths;
using System.Diagnostics;
using System.Globalization;
using FaqBot.Classification.Engine;
using FaqBot.Classification.Embeddings;
using FaqBot.Classification.Evaluation;
using FaqBot.Classification.Ranking;
using FaqBot.Classification.Training;
using FaqBot.Core.Decision;
using FaqBot.Core.Replies;
using FaqBot.Core.Feedback;
using FaqBot.Core.Knowledge;
using Microsoft.Extensions.Logging;

namespace FaqBot.Training;

/// <summary>The train, eval and ask commands.</summary>
internal sealed class TrainingTools(ISentenceEmbedder embedder, TextWriter output) : IDisposable
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    // Disposed at exit so the console logger flushes the last warnings.
    private readonly ILoggerFactory _loggers =
        LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning));

    public void Dispose() => _loggers.Dispose();

    public int Train(CommandLine commandLine)
    {
        var knowledge = commandLine.Knowledge;
        if (commandLine.CompareTrainers)
        {
            var scores = CompareTrainers(knowledge);
            knowledge.Trainer = scores.MaxBy(s => s.MacroAccuracy)!.Trainer;
            Say($"Best by macro accuracy: {knowledge.Trainer}");
        }

        var started = Stopwatch.GetTimestamp();
        var engine = Loader().Load(knowledge, progress: Progress());
        Say($"Model for '{engine.Essay.Title}' ready in {Stopwatch.GetElapsedTime(started).TotalSeconds:F1} s " +
            $"({engine.Classifier.Labels.Count} labels) in {KnowledgeOptions.Resolve(knowledge.ModelDirectory)}");
        if (knowledge.Trainer != new KnowledgeOptions().Trainer)
        {
            Say($"The bot uses this model when started with --Knowledge:Trainer={knowledge.Trainer}");
        }

        return 0;
    }

    /// <summary>eval: one essay's held-out questions, answered as the bot answers them (the shipped ranking model).</summary>
    public int Evaluate(CommandLine commandLine)
    {
        if (commandLine.AllEssays)
        {
            return EvaluateAll(commandLine);
        }

        if (commandLine.Bot is not null)
        {
            return EvaluateBot(commandLine);
        }

        var knowledge = commandLine.Knowledge;
        var engine = Loader().Load(knowledge, progress: Progress());
        var data = new TrainingDataLocation(KnowledgeOptions.Resolve(knowledge.DataDirectory));
        var heldOut = HeldOutSet.Load(engine.Essay, data);
        if (heldOut.Questions.Count + heldOut.Facts.Count == 0)
        {
            throw new FileNotFoundException(
                $"No held-out questions for this essay: expected {Path.Combine(data.Root ?? knowledge.DataDirectory, Path.GetFileNameWithoutExtension(engine.Essay.SourcePath), "heldout.tsv")}.");
        }

        Say($"Evaluating on {heldOut.Questions.Count} held-out questions and {heldOut.Facts.Count} fact questions with the shipped ranking model " +
            $"(fitted on {string.Join(", ", engine.Model.Info.Essays)})");
        var name = Path.GetFileNameWithoutExtension(engine.Essay.SourcePath);
        var scores = new EssayScores(CrossEssayEvaluation.FaqBotName, name,
            CrossEssayEvaluation.Questions(heldOut).Select(q => Outcome.Of(engine.Answer(q.Text), q)).ToList());
        var report = new EssayReport(name, engine.Essay.Title, [scores], engine.Options);
        return Write(commandLine, [report], leaveOneOut: false);
    }

    /// <summary>eval --bot URL: the essay's held-out questions asked of a running bot over /api/messages, its replies scored.</summary>
    private int EvaluateBot(CommandLine commandLine)
    {
        var essay = EssayParser.Load(KnowledgeOptions.Resolve(commandLine.Knowledge.EssayPath));
        var heldOut = HeldOutSet.Load(essay, new TrainingDataLocation(KnowledgeOptions.Resolve(commandLine.Knowledge.DataDirectory)));
        using var http = new HttpClient { BaseAddress = new Uri(commandLine.Bot!.TrimEnd('/') + "/"), Timeout = TimeSpan.FromSeconds(30) };
        var bot = new BotReplies(http, essay);
        var questions = CrossEssayEvaluation.Questions(heldOut);
        Say($"Asking {http.BaseAddress} {questions.Count} held-out questions of {Path.GetFileName(essay.SourcePath)}");
        var outcomes = questions.Select(q => bot.AskAsync(q, CancellationToken.None).GetAwaiter().GetResult()).ToList();
        var name = Path.GetFileNameWithoutExtension(essay.SourcePath);
        var report = new EssayReport(name, essay.Title, [new EssayScores($"FaqBot over {http.BaseAddress}", name, outcomes)], Thresholds: null);
        return Write(commandLine, [report], leaveOneOut: false);
    }

    /// <summary>eval --all: every essay with held-out questions, each answered by a ranking model fitted without it.</summary>
    public int EvaluateAll(CommandLine commandLine)
    {
        var essays = Gather(commandLine);
        var before = Path.Combine(RepositoryFolder("training", "eval", "before") ?? Path.Combine(AppContext.BaseDirectory, "eval", "before"));
        var reports = CrossEssayEvaluation.Run(essays, embedder,
            e => File.Exists(Path.Combine(before, e.Name + ".tsv"))
                ? RecordedOutcomes.Read(Path.Combine(before, e.Name + ".tsv"), CrossEssayEvaluation.BeforeName, e.Name)
                : null,
            Progress(),
            commandLine.SaveModels is { } keep ? (essay, model) => model.Save(Path.Combine(keep, essay)) : null,
            commandLine.InnerFolds);
        var record = commandLine.OutputGiven || RepositoryFolder("training", "eval") is not { } folder
            ? Path.Combine(commandLine.OutputDirectory, "leave-one-out.tsv")
            : Path.Combine(folder, "leave-one-out.tsv");
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(record))!);
        LeaveOneOutRecord.Write(reports, record);
        Say($"Recorded the counts the test floors come from in {Path.GetFullPath(record)}");
        var written = Write(commandLine, reports, leaveOneOut: true);
        Say("Myth cards: evidence and stance, leave one essay out");
        return written == 0 ? Myths(commandLine, fit: false) : written;
    }

    /// <summary>fit: the ranking model fitted on every essay's calibration questions, written where the build embeds it.</summary>
    public int Fit(CommandLine commandLine)
    {
        var essays = Gather(commandLine);
        var fingerprint = RankingData.Fingerprint(EssayFiles(commandLine), new TrainingDataLocation(KnowledgeOptions.Resolve(commandLine.Knowledge.DataDirectory)));
        var model = RankingFit.Fit(essays, fingerprint, Progress());
        var target = commandLine.OutputGiven
            ? commandLine.OutputDirectory
            : File.Exists("FaqBot.sln")
                ? Path.Combine("src", "FaqBot.Classification", "Ranking", "Model")
                : throw new UsageException("fit needs --out DIR outside the repository.");
        model.Save(target);
        Say($"Wrote the ranking model to {Path.GetFullPath(target)}: {Thresholds(model.Thresholds)}");
        return 0;
    }

    /// <summary>
    /// myths: the evidence and stance models judged leaving one essay out (per essay and pooled), then fitted on every
    /// labelled essay and written where the build embeds them.
    /// </summary>
    public int Myths(CommandLine commandLine) => Myths(commandLine, fit: true);

    /// <param name="fit">Also fit on every essay and write the shipped model; eval --all only reports.</param>
    private int Myths(CommandLine commandLine, bool fit)
    {
        var data = new TrainingDataLocation(KnowledgeOptions.Resolve(commandLine.Knowledge.DataDirectory));
        var essays = new List<MythEssay>();
        foreach (var file in EssayFiles(commandLine))
        {
            var essay = EssayParser.Load(file);
            var labels = MythLabels.Load(essay, data);
            if (labels.IsEmpty)
            {
                continue;
            }

            var knowledge = new KnowledgeOptions
            {
                EssayPath = file,
                DataDirectory = commandLine.Knowledge.DataDirectory,
                ModelDirectory = commandLine.Knowledge.ModelDirectory,
                Trainer = commandLine.Knowledge.Trainer,
                UseCuratedExamples = false,
            };
            essays.Add(MythEssay.Build(Path.GetFileNameWithoutExtension(file), Loader().LoadReader(essay, knowledge, Progress()), labels));
            Say($"{essays[^1].Name}: {labels.Evidence.Count} FAQ entries with evidence labels, {labels.Stances.Count} stance statements");
        }

        if (essays.Count < 2)
        {
            throw new UsageException("myths needs at least two essays with evidence.tsv or stance.tsv.");
        }

        var folds = MythFit.LeaveOneOutModels(essays, Progress());
        var scores = folds.Select(f => f.Scores).ToList();
        // Precision against recall at other bars: what showing more evidence would cost.
        foreach (var bar in new[] { 0.3f, 0.5f, 0.7f })
        {
            var at = folds.Select(f => MythFit.Judge(f.Model.With(f.Model.Info with { EvidenceThreshold = bar }), f.Essay)).ToList();
            Say(string.Create(CultureInfo.InvariantCulture,
                $"  evidence bar {bar:F1}: precision {at.Sum(s => s.EvidenceRight) / (double)Math.Max(1, at.Sum(s => s.EvidenceShown)):P1} of {at.Sum(s => s.EvidenceShown)}, recall {at.Sum(s => s.EvidenceRight) / (double)at.Sum(s => s.EvidenceLabelled):P1}"));
        }

        var pooled = new MythScores("all (pooled)", scores.Sum(s => s.EvidenceShown), scores.Sum(s => s.EvidenceRight), scores.Sum(s => s.EvidenceLabelled),
            scores.Sum(s => s.NoneRight), scores.Sum(s => s.NoneLabelled), scores.Sum(s => s.Statements), scores.Sum(s => s.StanceDecided),
            scores.Sum(s => s.StanceRight), scores.Sum(s => s.StanceRightAll))
        { TopRight = scores.Sum(s => s.TopRight), TopOf = scores.Sum(s => s.TopOf) };
        Say(pooled.ToString());
        Say(string.Create(CultureInfo.InvariantCulture,
            $"mean over essays: evidence precision {scores.Average(s => s.EvidencePrecision):P1}, recall {scores.Average(s => s.EvidenceRecall):P1}; " +
            $"stance accuracy {scores.Average(s => s.StanceAccuracy):P1} decided, {scores.Average(s => s.StanceCoverage):P1} decided, best guess {scores.Average(s => s.StanceAccuracyAll):P1}"));
        var record = commandLine.OutputGiven || RepositoryFolder("training", "eval") is not { } folder
            ? Path.Combine(commandLine.OutputDirectory, "myths.tsv")
            : Path.Combine(folder, "myths.tsv");
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(record))!);
        File.WriteAllLines(record, [
            "# Myth models, leave one essay out (`dotnet run --project training/FaqBot.Training -- myths`): each essay judged by models fitted on the others.",
            "essay\tevidence_shown\tevidence_right\tevidence_labelled\tnone_right\tnone_labelled\tstatements\tstance_decided\tstance_right\tstance_right_best_guess",
            .. scores.Append(pooled).Select(s => string.Join('\t', s.Essay, s.EvidenceShown, s.EvidenceRight, s.EvidenceLabelled, s.NoneRight, s.NoneLabelled,
                s.Statements, s.StanceDecided, s.StanceRight, s.StanceRightAll)),
        ]);
        Say($"Recorded the leave-one-out counts in {Path.GetFullPath(record)}");
        if (!fit)
        {
            return 0;
        }

        var model = MythFit.Fit(essays, MythFit.Fingerprint(EssayFiles(commandLine), data));
        var target = commandLine.OutputGiven
            ? Path.Combine(commandLine.OutputDirectory, "myth-model")
            : File.Exists("FaqBot.sln")
                ? Path.Combine("src", "FaqBot.Classification", "Myths", "Model")
                : throw new UsageException("myths needs --out DIR outside the repository.");
        model.Save(target);
        foreach (var essay in essays)
        {
            var shown = model.Evidence(essay.Reader.Index);
            Say($"  {essay.Name}: the fitted model shows evidence for {shown.Count(e => e.Value.Count > 0)} of {shown.Count} FAQ answers ({shown.Sum(e => e.Value.Count)} sentences)");
        }

        Say(string.Create(CultureInfo.InvariantCulture,
            $"Wrote the myth model to {Path.GetFullPath(target)}: evidence bar {model.Info.EvidenceThreshold:F3}, stance bar {model.Info.StanceThreshold:F3}"));
        return 0;
    }

    public int Ask(CommandLine commandLine)
    {
        var engine = Loader().Load(commandLine.Knowledge, progress: null);
        var question = commandLine.Text!;
        if (engine.ExactRoute(question) is { } route)
        {
            output.WriteLine($"Exact route to {route}");
        }

        var (answer, evidence, ranked, confidence) = engine.Explain(question);
        if (evidence.Corrected != question)
        {
            output.WriteLine($"Spelling: {evidence.Corrected}");
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Decision: {answer.Kind}{(answer is FaqAnswer { Faq.Myth: not null } m ? $" (stance {m.Stance})" : "")} (confidence {confidence:F3}); classifier: ") +
            string.Join(", ", evidence.Ranking.Take(3).Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Label} {r.Probability:F2}"))));
        output.WriteLine("Best candidates:");
        foreach (var candidate in ranked.Take(5))
        {
            var what = candidate.Kind == CandidateKind.Sentence ? string.Join(" ", candidate.Passage) : candidate.AnswerId;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {candidate.Score,7:F3}  {candidate.Kind,-8} {what}"));
        }

        output.WriteLine();
        var reply = new ReplyComposer(engine.Essay).Compose(answer);
        output.WriteLine(reply.Text);
        foreach (var action in reply.Actions)
        {
            output.WriteLine($"  [{action.Title}]");
        }

        return 0;
    }

    public int Review(CommandLine commandLine)
    {
        var records = new FeedbackLog(commandLine.FeedbackLog).ReadAll().AsEnumerable();
        var source = commandLine.FeedbackLog;
        if (commandLine.Redis is { } redis)
        {
            using var connection = StackExchange.Redis.ConnectionMultiplexer.Connect(redis);
            records = records.Concat(new FaqBot.Redis.RedisFeedbackLog(connection, commandLine.RedisKeyPrefix).ReadAllAsync().GetAwaiter().GetResult());
            source = $"{source} and Redis {redis}";
        }

        var items = ReviewQueue.Build(records.OrderBy(r => r.Time));
        if (commandLine.Take.Count == 0)
        {
            output.WriteLine(items.Count == 0
                ? $"Nothing to review in {source}."
                : $"{items.Count} questions to review from {source}:");
            foreach (var item in items)
            {
                output.WriteLine($"{item.Number,4}. \"{item.Question}\"  fallback x{item.Fallbacks}, none-of-these x{item.NoneOfThese}, " +
                    $"not helpful x{item.NotHelpful}{(item.AnswerId is null ? "" : $", answered with {item.AnswerId}")}");
            }

            if (items.Count > 0)
            {
                output.WriteLine();
                output.WriteLine("Write chosen items as training data: review --take 1,3 --label <faq:...|section:...|out-of-scope>, then train.");
            }

            return 0;
        }

        var essay = EssayParser.Load(KnowledgeOptions.Resolve(commandLine.Knowledge.EssayPath));
        var label = commandLine.Label!;
        if (label != AnswerPolicy.OutOfScopeLabel && !essay.AnswerIds.Contains(label))
        {
            throw new UsageException($"'{label}' is not a label of this essay. Labels: {string.Join(", ", essay.AnswerIds)}, {AnswerPolicy.OutOfScopeLabel}.");
        }

        var unknown = commandLine.Take.Where(n => n > items.Count).ToList();
        if (unknown.Count > 0)
        {
            throw new UsageException($"No review item {string.Join(", ", unknown)}; there are {items.Count}.");
        }

        var path = new TrainingDataLocation(KnowledgeOptions.Resolve(commandLine.Knowledge.DataDirectory)).CuratedTrainingPath(essay);
        var chosen = commandLine.Take.Distinct().Select(n => items[n - 1].Question).ToList();
        TrainingDataFile.AppendLabelled(path, label, chosen);
        Say($"Added {chosen.Count} example(s) labelled {label} to {Path.GetFullPath(path)}. Run `train` to retrain.");
        return 0;
    }

    private IReadOnlyList<CrossValidationScore> CompareTrainers(KnowledgeOptions knowledge)
    {
        var essay = EssayParser.Load(KnowledgeOptions.Resolve(knowledge.EssayPath));
        var set = TrainingSet.Build(essay, new TrainingDataLocation(KnowledgeOptions.Resolve(knowledge.DataDirectory)), knowledge.UseCuratedExamples);
        var scores = new FaqClassifierTrainer(embedder).CrossValidate(set, Enum.GetValues<ClassifierTrainer>(), progress: Progress());
        foreach (var score in scores)
        {
            Say(string.Create(CultureInfo.InvariantCulture,
                $"{score.Trainer}: micro accuracy {score.MicroAccuracy:P1}, macro accuracy {score.MacroAccuracy:P1}, log-loss {score.LogLoss:F3}"));
        }

        return scores;
    }

    /// <summary>The thresholds a report's answers were decided with; a running bot's are its own, unseen from outside.</summary>
    internal static string Thresholds(AnswerPolicyOptions? o) => o is null ? "the bot's own" : string.Create(CultureInfo.InvariantCulture,
        $"answer {o.AnswerThreshold:F2}, fact {o.FactThreshold:F2}, did-you-mean {o.DidYouMeanThreshold:F2}, alternatives within {o.AlternativeGap:F2}, sentences joined within {o.JoinGap:F2}");

    /// <summary>Every essay with held-out questions, its engine trained on its own text alone, its questions gathered.</summary>
    private List<EssayEvidence> Gather(CommandLine commandLine)
    {
        var data = new TrainingDataLocation(KnowledgeOptions.Resolve(commandLine.Knowledge.DataDirectory));
        var essays = new List<EssayEvidence>();
        foreach (var file in EssayFiles(commandLine))
        {
            var knowledge = new KnowledgeOptions
            {
                EssayPath = file,
                DataDirectory = commandLine.Knowledge.DataDirectory,
                ModelDirectory = commandLine.Knowledge.ModelDirectory,
                Trainer = commandLine.Knowledge.Trainer,
                UseCuratedExamples = false,
            };
            var essay = EssayParser.Load(file);
            if (data.HeldOutFile(essay) is null)
            {
                continue;
            }

            var evidence = CrossEssayEvaluation.Gather(Loader().LoadReader(essay, knowledge, Progress()), data);
            Say($"{evidence.Name}: {evidence.Calibration.Count} calibration and {evidence.HeldOut.Count} held-out questions");
            essays.Add(evidence);
        }

        return essays.Count >= 2 ? essays : throw new UsageException("eval --all and fit need at least two essays with held-out questions.");
    }

    private static IReadOnlyList<string> EssayFiles(CommandLine commandLine)
    {
        var folder = commandLine.EssayFolder ?? RepositoryFolder("training", "essays") ?? Path.Combine(AppContext.BaseDirectory, "essays");
        return Directory.GetFiles(folder, "*.txt").Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>A folder of the repository, when the tool runs from its root.</summary>
    private static string? RepositoryFolder(params string[] parts)
    {
        var path = Path.Combine(parts);
        return Directory.Exists(path) && File.Exists("FaqBot.sln") ? path : null;
    }

    private int Write(CommandLine commandLine, IReadOnlyList<EssayReport> reports, bool leaveOneOut)
    {
        var markdown = EvaluationMarkdown.Write(reports, leaveOneOut);
        output.WriteLine();
        output.WriteLine(markdown);
        Directory.CreateDirectory(commandLine.OutputDirectory);
        File.WriteAllText(Path.Combine(commandLine.OutputDirectory, "report.md"), markdown);
        foreach (var (name, html) in HtmlReport.Write(reports, leaveOneOut))
        {
            File.WriteAllText(Path.Combine(commandLine.OutputDirectory, name), html);
        }

        Say($"Wrote {Path.GetFullPath(Path.Combine(commandLine.OutputDirectory, "index.html"))}");
        return 0;
    }

    private AnswerEngineLoader Loader() => new(embedder, _loggers.CreateLogger<AnswerEngineLoader>());

    private IProgress<string> Progress() => new ImmediateProgress(Say);

    // Progress<T> reports on the thread pool, out of order with the rest of the output.
    private sealed class ImmediateProgress(Action<string> report) : IProgress<string>
    {
        public void Report(string value) => report(value);
    }

    private void Say(string message) => output.WriteLine($"[{_clock.Elapsed.TotalSeconds,6:F1}s] {message}");
}
