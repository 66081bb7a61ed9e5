using System.Runtime.ExceptionServices;

namespace FaqBot.Classification.Embeddings;

/// <summary>
/// Lets questions asked at the same time share one model run. MiniLM reads all of its weights for every run, so a
/// padded batch of four costs about 2.6 ms of CPU a text where four single runs cost 4-5 ms each (2 cores,
/// <c>FaqBot.Benchmarks -- ceiling</c>). At most <c>maxConcurrentRuns</c> runs go at once; a question that arrives while
/// they are all busy waits, and when a run ends the first waiting question's thread takes up to
/// <c>maxBatchSize</c> waiting questions into the next one. Nothing waits for company: a question asked alone is run
/// at once, as before, and no thread is started. Each thread runs at most one batch.
/// <para>
/// A vector is the same whichever batch its text ran in: padding comes after a text's tokens and is masked out, so
/// it adds exact zeros after the real terms of every sum (checked bit for bit in <c>BatchingSentenceEmbedderTests</c>
/// against the text run alone). Calls with several texts (training, the essay's passages) go straight to the model.
/// </para>
/// </summary>
public sealed class BatchingSentenceEmbedder : ISentenceEmbedder, IDisposable
{
    private readonly ISentenceEmbedder _inner;
    private readonly int _maxBatchSize;
    private readonly int _maxConcurrentRuns;
    private readonly Lock _gate = new();
    private readonly Queue<Request> _waiting = new();
    private int _running;
    private long _runs;
    private long _texts;

    public BatchingSentenceEmbedder(ISentenceEmbedder inner, int maxBatchSize, int maxConcurrentRuns)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConcurrentRuns, 1);
        _inner = inner;
        _maxBatchSize = maxBatchSize;
        _maxConcurrentRuns = maxConcurrentRuns;
    }

    public int Dimension => _inner.Dimension;

    /// <summary>Model runs made for single texts so far, and the texts they embedded: their ratio is the mean batch size.</summary>
    public (long Runs, long Texts) Counts
    {
        get
        {
            lock (_gate)
            {
                return (_runs, _texts);
            }
        }
    }

    /// <summary>Questions waiting for a model run now (some may have been given up on).</summary>
    public int Waiting
    {
        get
        {
            lock (_gate)
            {
                return _waiting.Count;
            }
        }
    }

    public float[][] Embed(IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(texts);
        if (texts.Count != 1)
        {
            return _inner.Embed(texts, cancellationToken);
        }

        cancellationToken.ThrowIfCancellationRequested();
        var request = new Request(texts[0]);
        lock (_gate)
        {
            if (_running < _maxConcurrentRuns && _waiting.Count == 0)
            {
                _running++;
                request.State = RequestState.Leading;
            }
            else
            {
                _waiting.Enqueue(request);
            }
        }

        if (request.State != RequestState.Leading)
        {
            Wait(request, cancellationToken);
        }

        if (request.State == RequestState.Leading)
        {
            RunBatchLedBy(request, cancellationToken);
        }

        request.Error?.Throw();
        return [request.Vector!];
    }

    /// <summary>
    /// Waits until the request's text has been embedded in another thread's batch, or until it is this thread's turn
    /// to run a batch. A caller who gives up while still in the queue leaves it; one whose text is already being run
    /// leaves the result behind; one handed the turn passes it on.
    /// </summary>
    private void Wait(Request request, CancellationToken cancellationToken)
    {
        try
        {
            request.Signal.Wait(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            lock (_gate)
            {
                switch (request.State)
                {
                    case RequestState.Waiting:
                        request.State = RequestState.Abandoned;
                        break;
                    case RequestState.Leading:
                        request.State = RequestState.Abandoned;
                        PassTurnOn();
                        break;
                    case RequestState.Done:
                        return;
                }
            }

            throw;
        }
    }

    private void RunBatchLedBy(Request leader, CancellationToken cancellationToken)
    {
        var batch = new List<Request>(_maxBatchSize) { leader };
        lock (_gate)
        {
            while (batch.Count < _maxBatchSize && _waiting.TryDequeue(out var next))
            {
                if (next.State == RequestState.Waiting)
                {
                    next.State = RequestState.Running;
                    batch.Add(next);
                }
            }

            _runs++;
            _texts += batch.Count;
        }

        try
        {
            // A batch of others' questions is not stopped because its leader gave up: it ends in milliseconds.
            var vectors = _inner.Embed(
                batch.ConvertAll(r => r.Text), batch.Count == 1 ? cancellationToken : CancellationToken.None);
            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Vector = vectors[i];
            }
        }
        catch (Exception ex)
        {
            var error = ExceptionDispatchInfo.Capture(ex);
            batch.ForEach(r => r.Error = error);
        }

        lock (_gate)
        {
            foreach (var request in batch)
            {
                request.State = RequestState.Done;
                request.Signal.Set();
            }

            PassTurnOn();
        }
    }

    /// <summary>Hands this run's place to the first question still waiting, or frees it. Called under the lock.</summary>
    private void PassTurnOn()
    {
        while (_waiting.TryDequeue(out var next))
        {
            if (next.State == RequestState.Waiting)
            {
                next.State = RequestState.Leading;
                next.Signal.Set();
                return;
            }
        }

        _running--;
    }

    public void Dispose() => (_inner as IDisposable)?.Dispose();

    private enum RequestState
    {
        Waiting,
        Leading,
        Running,
        Done,
        Abandoned,
    }

    private sealed class Request(string text)
    {
        public string Text { get; } = text;

        public ManualResetEventSlim Signal { get; } = new(false, spinCount: 0);

        public RequestState State { get; set; }

        public float[]? Vector { get; set; }

        public ExceptionDispatchInfo? Error { get; set; }
    }
}
