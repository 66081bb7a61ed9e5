using System.Diagnostics;
using FaqBot.Tests.Shared;

namespace FaqBot.Benchmarks;

/// <summary>
/// The most unique-mix messages per second FaqBot could answer on this machine if everything but the MiniLM embedding
/// cost nothing: the texts are the load test's unique mix shape (opener x question x ending, each embedded once),
/// embedded on as many threads as the bot would use, one at a time as the bot does, or <c>batch</c> texts to a model
/// run (what questions asked at the same time could cost if they shared runs). Divide it by the echo bot's requests
/// per second from tests/load/run.sh for the ceiling of the unique mix's ratio.
/// <code>dotnet run -c Release --project tests/FaqBot.Benchmarks -- ceiling [seconds] [threads] [batch]</code>
/// </summary>
internal static class EmbeddingCeiling
{
    public static void Run(int seconds, int threads, int batch)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batch, 1);
        var texts = StageTimings.UniqueTexts();
        var embedder = TestKnowledge.Embedder;
        var next = -1;
        string Next() => texts[(Interlocked.Increment(ref next) & int.MaxValue) % texts.Length];
        for (var i = 0; i < 100; i++)
        {
            embedder.Embed([Next()]);
        }

        var embedded = 0L;
        var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, threads).Select(_ => new Thread(() =>
        {
            var run = new string[batch];
            while (clock.Elapsed.TotalSeconds < seconds)
            {
                for (var i = 0; i < batch; i++)
                {
                    run[i] = Next();
                }

                embedder.Embed(run);
                Interlocked.Add(ref embedded, batch);
            }
        })).ToList();
        workers.ForEach(w => w.Start());
        workers.ForEach(w => w.Join());
        var elapsed = clock.Elapsed.TotalSeconds;
        process.Refresh();
        var cpu = (process.TotalProcessorTime - cpuBefore).TotalMilliseconds;
        Console.WriteLine(
            $"MiniLM alone, {threads} threads, {batch} text(s) a run, {texts.Length} unique-mix texts: {embedded / elapsed:F0} texts/s, " +
            $"{cpu / embedded:F2} ms CPU per text, {elapsed * 1000 * threads / embedded:F2} ms per text per thread");
    }
}
