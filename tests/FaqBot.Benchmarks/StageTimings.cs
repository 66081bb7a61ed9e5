using System.Runtime.InteropServices;
using FaqBot.Classification.Engine;
using FaqBot.Classification.Ranking;
using FaqBot.Classification.Retrieval;
using FaqBot.Core.Decision;
using FaqBot.Core.Replies;
using FaqBot.Core.Text;
using FaqBot.Tests.Shared;

namespace FaqBot.Benchmarks;

/// <summary>
/// Where one message's time goes on the answer path, stage by stage, over the load test's two mixes
/// (tests/load/messages.lua): the dozen repeating questions and generated unique ones. Stages: normalise, embed
/// (MiniLM), classify (ML.NET), retrieve (sentence index), decide (policy), compose the reply. One thread, after a
/// warm-up, timed in the thread's own CPU time (clock_gettime), which other processes on a shared machine disturb
/// far less than wall-clock time. Linux only.
/// <code>dotnet run -c Release --project tests/FaqBot.Benchmarks -- stages [rounds]</code>
/// </summary>
internal static partial class StageTimings
{
    private static readonly string[] Openers = ["", "hey, ", "quick question: ", "i was wondering, ", "so ", "honestly, "];

    private static readonly string[] Cores =
    [
        "are the us and russia always enemies", "do sanctions fix anything", "is russia a power in decline",
        "does nato growth mean aggression", "is a war between them unavoidable", "what does new start limit",
        "how much aid did the us give syrian refugees", "why did the us leave the jcpoa", "what is the capital of australia",
        "how do volcanoes form", "what role does back-channel diplomacy play", "is cooperation possible",
    ];

    private static readonly string[] Endings = ["?", " please?", " in short?", " according to the essay?"];

    private static readonly string[] Questions =
    [
        "are they always enemies?", "what limits does New START set?", "do sanctions really work?", "is russia a declining power",
        "when did the soviet union collapse?", "does nato expansion always mean aggression", "can leaders fix the relationship on their own?",
        "is war between them inevitable", "tell me about the history", "what happened with the iran nuclear deal?",
        "why do they keep talking if they distrust each other?", "what's the weather in Paris?",
    ];

    public static void Run(int rounds)
    {
        var unique = UniqueTexts();
        Measure("repeating mix", Questions, rounds * Questions.Length);
        Measure("unique mix", unique, Math.Min(unique.Length, rounds * Questions.Length));
    }

    /// <summary>Every text different, shaped like the load test's unique mix: opener x question x ending.</summary>
    public static string[] UniqueTexts() => (from o in Openers from c in Cores from e in Endings select o + c + e).ToArray();

    private static void Measure(string name, string[] questions, int count)
    {
        var engine = TestKnowledge.Default;
        var embedder = TestKnowledge.Embedder;
        var reader = engine.Reader;
        var model = engine.Model;
        var policy = new AnswerPolicy(engine.Essay, engine.Options);
        var composer = new ReplyComposer(engine.Essay);
        string[] stages = ["spelling", "embed", "classify", "features", "rank", "confidence", "decide", "compose"];
        var ticks = new long[stages.Length];

        for (var pass = 0; pass < 2; pass++)
        {
            Array.Clear(ticks);
            // A long warm-up: shorter ones time code the JIT has not yet optimised (tiered compilation).
            var n = pass == 0 ? 1500 : count;
            var allocated = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < n; i++)
            {
                var question = questions[i % questions.Length];
                var t0 = ThreadCpuNanoseconds();
                var corrected = reader.Speller.Correct(question);
                var normalized = TextNormalizer.Normalize(corrected);
                var t1 = ThreadCpuNanoseconds();
                var embedding = embedder.EmbedTokens([normalized])[0];
                var t2 = ThreadCpuNanoseconds();
                var ranking = engine.Classifier.Classify(normalized, embedding.Vector);
                var t3 = ThreadCpuNanoseconds();
                var candidates = CandidateFeatures.For(reader.Index, corrected, embedding, ranking);
                var t4 = ThreadCpuNanoseconds();
                var ranked = model.Rank(candidates);
                var t5 = ThreadCpuNanoseconds();
                var confidence = model.Confidence.Predict(ConfidenceModel.Features(ranked.Candidates, ranked.Scores));
                var t6 = ThreadCpuNanoseconds();
                var answer = policy.Decide(ranked.ToRanked(), confidence, ranking[0].Label == AnswerPolicy.OutOfScopeLabel);
                var t7 = ThreadCpuNanoseconds();
                composer.Compose(answer);
                var t8 = ThreadCpuNanoseconds();
                long[] marks = [t0, t1, t2, t3, t4, t5, t6, t7, t8];
                for (var s = 0; s < stages.Length; s++)
                {
                    ticks[s] += marks[s + 1] - marks[s];
                }
            }

            if (pass == 0)
            {
                continue;
            }

            allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
            var total = ticks.Sum();
            Console.WriteLine($"{name}: {n} answers of {questions.Length} texts, one thread; mean CPU time per answer:");
            for (var s = 0; s < stages.Length; s++)
            {
                Console.WriteLine($"  {stages[s],-10} {ticks[s] / 1e3 / n,9:F1} us  {100.0 * ticks[s] / total,5:F1} %");
            }

            Console.WriteLine($"  {"total",-10} {total / 1e3 / n,9:F1} us  allocated {allocated / n / 1024.0:F0} KB per answer");
            Console.WriteLine($"  the whole answer costs {(double)total / ticks[1]:F2} x the sentence model's run alone ({SentenceModel(embedder)})");
        }
    }

    private static string SentenceModel(object embedder) =>
        embedder is Classification.Embeddings.MiniLmSentenceEmbedder { Precision: var precision } ? $"MiniLM, {precision}" : "MiniLM";

    private static long ThreadCpuNanoseconds()
    {
        const int ThreadCpuTimeClock = 3; // CLOCK_THREAD_CPUTIME_ID
        return ClockGetTime(ThreadCpuTimeClock, out var time) == 0 ? (time.Seconds * 1_000_000_000) + time.Nanoseconds : 0;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clock, out TimeSpec time);

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
