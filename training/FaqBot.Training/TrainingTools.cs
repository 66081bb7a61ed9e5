using System.Diagnostics;
using System.Globalization;
using FaqBot.Classification.Answers;
using FaqBot.Classification.Embeddings;
using FaqBot.Classification.Evaluation;
using FaqBot.Classification.Training;
using FaqBot.Core.Answers;
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
        var engine = Loader().Load(knowledge, new AnswerPolicyOptions(), Progress());
        Say($"Model for '{engine.Essay.Title}' ready in {Stopwatch.GetElapsedTime(started).TotalSeconds:F1} s " +
            $"({engine.Classifier.Labels.Count} labels) in {KnowledgeOptions.Resolve(knowledge.ModelDirectory)}");
        if (knowledge.Trainer != new KnowledgeOptions().Trainer)
        {
            Say($"The bot uses this model when started with --Knowledge:Trainer={knowledge.Trainer}");
        }

        return 0;
    }

    public int Evaluate(CommandLine commandLine)
    {
        var knowledge = commandLine.Knowledge;
        var trainers = CompareTrainers(knowledge);
        var engine = Loader().Load(knowledge, new AnswerPolicyOptions(), Progress());
        var data = new TrainingDataLocation(KnowledgeOptions.Resolve(knowledge.DataDirectory));
        var calibrationSet = HeldOutSet.LoadCalibration(engine.Essay, data);
        ThresholdCalibration? calibration = null;
        if (calibrationSet.Questions.Count + calibrationSet.Facts.Count > 0)
        {
            Say($"Calibrating the thresholds on {calibrationSet.Questions.Count} calibration questions and {calibrationSet.Facts.Count} fact questions");
            calibration = ThresholdCalibrator.Calibrate(engine, calibrationSet);
            engine = engine.WithOptions(calibration.Options);
            Say($"Chosen: {Thresholds(calibration.Options)}");
            if (Thresholds(calibration.Options) != Thresholds(new AnswerPolicyOptions()))
            {
                Say($"The shipped defaults differ ({Thresholds(new AnswerPolicyOptions())}): set the chosen ones in AnswerPolicyOptions");
            }
        }
        else
        {
            Say($"No calibration split for this essay: evaluating with the shipped thresholds ({Thresholds(engine.Options)})");
        }

        var heldOut = HeldOutSet.Load(engine.Essay, data);
        if (heldOut.Questions.Count == 0)
        {
            throw new FileNotFoundException(
                $"No held-out questions for this essay: expected {Path.Combine(data.Root ?? knowledge.DataDirectory, Path.GetFileNameWithoutExtension(engine.Essay.SourcePath), "heldout.tsv")}.");
        }

        Say($"Evaluating on {heldOut.Questions.Count} held-out questions and {heldOut.Facts.Count} fact questions");
        var reports = new List<EvaluationReport>
        {
            Evaluator.Evaluate(engine, heldOut),
            Evaluator.EvaluateBaseline(new Bm25NearestQuestionBaseline(engine.Essay), engine.Essay, heldOut),
            Evaluator.EvaluateBaseline(new EmbeddingNearestQuestionBaseline(engine.Essay, embedder), engine.Essay, heldOut),
        };

        var markdown = EvaluationMarkdown.Write(engine.Essay, reports, trainers, knowledge.Trainer, engine.Options, calibration);
        output.WriteLine();
        output.WriteLine(markdown);
        Directory.CreateDirectory(commandLine.OutputDirectory);
        File.WriteAllText(Path.Combine(commandLine.OutputDirectory, "report.md"), markdown);
        var html = Path.Combine(commandLine.OutputDirectory, "report.html");
        File.WriteAllText(html, HtmlReport.Write(engine.Essay, reports, markdown));
        Say($"Wrote {Path.GetFullPath(html)}");
        return 0;
    }

    public int Ask(CommandLine commandLine)
    {
        var engine = Loader().Load(commandLine.Knowledge, new AnswerPolicyOptions(), progress: null);
        var question = commandLine.Text!;
        var (answer, ranking, passages) = engine.Explain(question);
        output.WriteLine($"Decision: {answer.Kind} (confidence {answer.Confidence.Probability:F3}, margin {answer.Confidence.Margin:F3})");
        output.WriteLine("Top 3:");
        foreach (var (label, probability) in ranking.Take(3))
        {
            output.WriteLine($"  {probability:F3}  {label}");
        }

        output.WriteLine("Best passages:");
        foreach (var match in passages.Take(3))
        {
            output.WriteLine($"  {match.Score:F3}  [{match.Sentence.Section.Title}] {string.Join(" ", match.Passage)}");
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
        var set = TrainingSet.Build(essay, new TrainingDataLocation(KnowledgeOptions.Resolve(knowledge.DataDirectory)));
        var scores = new FaqClassifierTrainer(embedder).CrossValidate(set, Enum.GetValues<ClassifierTrainer>(), progress: Progress());
        foreach (var score in scores)
        {
            Say(string.Create(CultureInfo.InvariantCulture,
                $"{score.Trainer}: micro accuracy {score.MicroAccuracy:P1}, macro accuracy {score.MacroAccuracy:P1}, log-loss {score.LogLoss:F3}"));
        }

        return scores;
    }

    private static string Thresholds(AnswerPolicyOptions o) => string.Create(CultureInfo.InvariantCulture,
        $"answer {o.AnswerThreshold:F2}, margin {o.MinimumMargin:F2}, did-you-mean {o.DidYouMeanThreshold:F2}, " +
        $"out-of-scope {o.OutOfScopeThreshold:F2}, fact {o.FactThreshold:F2}, strong fact {o.StrongFactThreshold:F2}, fact lead {o.FactLead:F2}");

    private AnswerEngineLoader Loader() => new(embedder, _loggers.CreateLogger<AnswerEngineLoader>());

    private IProgress<string> Progress() => new ImmediateProgress(Say);

    // Progress<T> reports on the thread pool, out of order with the rest of the output.
    private sealed class ImmediateProgress(Action<string> report) : IProgress<string>
    {
        public void Report(string value) => report(value);
    }

    private void Say(string message) => output.WriteLine($"[{_clock.Elapsed.TotalSeconds,6:F1}s] {message}");
}
