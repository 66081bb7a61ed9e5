using FaqBot.Bot.Hosting;
using FaqBot.Classification.Engine;
using FaqBot.Classification.Evaluation;
using FaqBot.Classification.Training;
using FaqBot.Core.Decision;
using Microsoft.Extensions.Options;

namespace FaqBot.Bot.Admin;

/// <summary>
/// "Retrain" in the console: trains a new engine in the background with the curated data as it is now, judges it
/// beside the live one on the essay's labelled questions (its held-out set when it has one, else its curated examples),
/// and swaps it in only when it is no worse; otherwise keeps the live engine and says why. No restart, no turn dropped.
/// </summary>
internal sealed class Retrainer(AnswerEngineHost host, AnswerEngineLoader loader, IOptions<KnowledgeOptions> knowledge,
    IOptions<AnswerThresholdOptions> thresholds, TimeProvider time, ICuratedSync sync, ILogger<Retrainer> logger)
{
    /// <summary>How far below the live engine's share of right answers a new one may fall and still be swapped in.</summary>
    public const double Tolerance = 0.02;

    private readonly object _gate = new();
    private readonly List<string> _progress = [];
    private Task? _running;
    private string? _again;
    private bool _share;

    /// <summary>The latest run: what it did, and its before/after when it got that far.</summary>
    public RetrainStatus Status
    {
        get
        {
            lock (_gate)
            {
                return _status with { Progress = [.. _progress], Running = _running is { IsCompleted: false } };
            }
        }
    }

    private RetrainStatus _status = new(false, [], null, null, null, null, null);

    /// <summary>
    /// Starts a run unless one is running; false when one already is. <paramref name="again"/> asks for another run
    /// after the current one instead (the essay changed while it trained: the new text must be read too).
    /// </summary>
    /// <param name="share">Tell the other replicas when the new engine is swapped in (not when this run answers their news).</param>
    public bool Start(string reason = "Asked for from the console", bool again = false, bool share = true)
    {
        lock (_gate)
        {
            if (host.Engine is null)
            {
                return false;
            }

            if (_running is { IsCompleted: false })
            {
                _again = again ? reason : _again;
                return false;
            }

            Begin(reason);
            _share = share;
            _running = Task.Run(RunUntilCurrent);
            return true;
        }
    }

    /// <summary>Runs, and runs again while the essay changed during a run.</summary>
    private void RunUntilCurrent()
    {
        while (true)
        {
            Run();
            lock (_gate)
            {
                if (_again is not { } reason)
                {
                    return;
                }

                _again = null;
                Begin(reason);
            }
        }
    }

    private void Begin(string reason)
    {
        _progress.Clear();
        _progress.Add(reason);
        _status = new RetrainStatus(true, [], null, null, null, null, time.GetUtcNow());
    }

    /// <summary>The run in progress or last finished, for tests and shutdown.</summary>
    public Task Completion
    {
        get
        {
            lock (_gate)
            {
                return _running ?? Task.CompletedTask;
            }
        }
    }

    private void Run()
    {
        try
        {
            var live = host.Engine!;
            var options = knowledge.Value;
            var progress = new Progress<string>(Report);
            var trained = loader.Load(options, thresholds.Value, progress);
            var data = new TrainingDataLocation(KnowledgeOptions.Resolve(options.DataDirectory));
            var (questions, source) = Questions(trained, data);
            Report($"Judging both engines on {questions.Count} {source}");
            var before = Share(live, questions);
            var after = Share(trained, questions);
            var swap = questions.Count == 0 || after >= before - Tolerance;
            if (swap)
            {
                host.Swap(trained);
                if (_share)
                {
                    sync.RetrainedAsync(trained.Essay, CancellationToken.None).GetAwaiter().GetResult();
                }
            }

            var outcome = swap
                ? "Swapped in: the new engine answers from now on."
                : $"Kept the live engine: the new one answers {after:P1} of the {source} right against {before:P1}.";
            logger.LogInformation("Retrained: {Outcome}", outcome);
            Finish(before, after, swap, outcome);
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Retraining failed; the live engine keeps answering");
            Finish(null, null, false, $"Retraining failed ({ex.Message}); the live engine keeps answering.");
        }
    }

    /// <summary>The essay's held-out questions when it has them, else its curated examples: what "no worse" is judged on.</summary>
    private static (IReadOnlyList<LabelledQuestion> Questions, string Source) Questions(FaqAnswerEngine engine, TrainingDataLocation data)
    {
        var heldOut = HeldOutSet.Load(engine.Essay, data);
        if (heldOut.Questions.Count > 0 && data.HeldOutFile(engine.Essay) is not null)
        {
            return ([.. heldOut.Questions.Select(q => new LabelledQuestion(q.Text, q.Label, null))], "held-out questions");
        }

        var curated = data.CuratedTrainingFile(engine.Essay) is { } file ? TrainingDataFile.ReadLabelled(file) : [];
        return ([.. curated.Select(q => new LabelledQuestion(q.Text, q.Label, null))], "curated examples");
    }

    private static double Share(IAnswerEngine engine, IReadOnlyList<LabelledQuestion> questions) =>
        questions.Count == 0 ? 1 : questions.Count(q => Judge.IsRight(engine.Answer(q.Text), q)) / (double)questions.Count;

    private void Report(string step)
    {
        lock (_gate)
        {
            _progress.Add(step);
        }
    }

    private void Finish(double? before, double? after, bool swapped, string outcome)
    {
        lock (_gate)
        {
            _status = _status with { Before = before, After = after, Swapped = swapped, Outcome = outcome };
        }
    }
}

/// <param name="Before">The live engine's share of right answers on the judged questions; <paramref name="After"/>, the new one's.</param>
internal sealed record RetrainStatus(bool Running, IReadOnlyList<string> Progress, double? Before, double? After, bool? Swapped, string? Outcome,
    DateTimeOffset? Started);
