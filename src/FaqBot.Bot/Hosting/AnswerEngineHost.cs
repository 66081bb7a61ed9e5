using FaqBot.Core.Decision;

namespace FaqBot.Bot.Hosting;

/// <summary>
/// Holds the answer engine once it is loaded. The web host starts listening at once and loads the essay and
/// model in the background; until then /healthz answers 503 and messages get a "still reading" reply.
/// </summary>
public sealed class AnswerEngineHost
{
    private readonly TaskCompletionSource<IAnswerEngine> _engine = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile IAnswerEngine? _current;

    public bool IsReady => _engine.Task.IsCompletedSuccessfully;

    /// <summary>Why loading failed, when it did: shown on /healthz so an operator sees the bad essay's error.</summary>
    public string? Failure => _engine.Task.IsFaulted ? _engine.Task.Exception!.InnerException!.Message : null;

    /// <summary>The engine answering now. A turn reads it once, so a swap never changes the engine under a turn.</summary>
    public IAnswerEngine? Engine => _current;

    internal void Ready(IAnswerEngine engine)
    {
        _current = engine;
        _engine.TrySetResult(engine);
    }

    /// <summary>Answers every turn from now on with <paramref name="engine"/>; turns already running finish on the old one.</summary>
    internal void Swap(IAnswerEngine engine) => _current = engine ?? throw new ArgumentNullException(nameof(engine));

    internal void Failed(Exception error) => _engine.TrySetException(error);
}
