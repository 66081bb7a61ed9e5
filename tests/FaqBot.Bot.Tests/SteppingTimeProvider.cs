using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;

namespace FaqBot.Bot.Tests;

/// <summary>
/// A fake clock that moves itself past every wait of at most <paramref name="step"/> as soon as it starts, and records
/// it: retry delays then pass at once and can still be asserted, with nobody sleeping. A wait is a timer armed when it
/// is created, as <c>Task.Delay</c> arms its own; a timeout (a <c>CancellationTokenSource</c> given this clock) arms its
/// timer afterwards, so timeouts, the answer budget among them, fire only when a test advances the clock itself.
/// </summary>
internal sealed class SteppingTimeProvider(TimeSpan step) : FakeTimeProvider(DateTimeOffset.UtcNow)
{
    /// <summary>Every wait the clock skipped, in the order they started.</summary>
    public ConcurrentQueue<TimeSpan> Skipped { get; } = new();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        if (dueTime > TimeSpan.Zero && dueTime <= step)
        {
            Skipped.Enqueue(dueTime);

            // After the timer exists, so that the advance fires it; not on the caller's thread, which is still setting it up.
            ThreadPool.QueueUserWorkItem(_ => Advance(dueTime));
        }

        return timer;
    }
}
