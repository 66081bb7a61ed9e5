using System.Diagnostics;
using FaqBot.Classification.Embeddings;
using FaqBot.Tests.Shared;

namespace FaqBot.Benchmarks;

/// <summary>
/// What the int8 sentence model changes against the fp32 one, on the load test's unique texts and the default essay's
/// sentences: the cosine between the two vectors of each text, how often a question's nearest essay sentence stays
/// the same, and each model's CPU per text on one thread (the same run, so the ratio holds on a noisy machine).
/// <code>dotnet run -c Release --project tests/FaqBot.Benchmarks -- precision [rounds]</code>
/// </summary>
internal static class PrecisionComparison
{
    public static void Run(int rounds)
    {
        var folder = TestKnowledge.ModelDirectory;
        using var fp32 = new MiniLmSentenceEmbedder(folder, precision: SentenceModelPrecision.Float32);
        using var int8 = new MiniLmSentenceEmbedder(folder, precision: SentenceModelPrecision.Int8);
        var questions = StageTimings.UniqueTexts();
        var sentences = TestKnowledge.Default.Essay.Sentences.Select(s => s.Text).ToArray();

        var (q32, q8) = (fp32.Embed(questions), int8.Embed(questions));
        var (s32, s8) = (fp32.Embed(sentences), int8.Embed(sentences));
        var cosines = q32.Zip(q8, (a, b) => VectorMath.Dot(a, b)).Concat(s32.Zip(s8, (a, b) => VectorMath.Dot(a, b))).ToArray();
        var sameNearest = questions.Indices().Count(i => Nearest(q32[i], s32) == Nearest(q8[i], s8));
        Console.WriteLine($"{cosines.Length} texts ({questions.Length} questions, {sentences.Length} essay sentences): cosine of int8 and fp32 mean {cosines.Average():F4}, lowest {cosines.Min():F4}");
        Console.WriteLine($"nearest essay sentence unchanged for {sameNearest} of {questions.Length} questions ({100.0 * sameNearest / questions.Length:F1} %)");

        foreach (var (name, embedder) in new[] { ("fp32", fp32), ("int8", int8) })
        {
            for (var i = 0; i < 50; i++)
            {
                embedder.Embed([questions[i % questions.Length]]);
            }

            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var n = rounds * questions.Length;
            for (var i = 0; i < n; i++)
            {
                embedder.Embed([questions[i % questions.Length]]);
            }

            var ms = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds / n;
            Console.WriteLine($"{name}: {ms:F3} ms CPU per question, one at a time");
        }
    }

    private static int Nearest(float[] question, float[][] sentences) =>
        sentences.Indices().MaxBy(j => VectorMath.Dot(question, sentences[j]));

    private static IEnumerable<int> Indices<T>(this T[] items) => Enumerable.Range(0, items.Length);
}
