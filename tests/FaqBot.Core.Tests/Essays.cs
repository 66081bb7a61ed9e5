using FaqBot.Core.Knowledge;

namespace FaqBot.Core.Tests;

/// <summary>Paths of the essays copied next to the test assembly.</summary>
internal static class Essays
{
    // Parsed once: an Essay is immutable, so tests can share it.
    private static readonly Lazy<Essay> DefaultEssay = new(() => EssayParser.Load(Default));

    public static string Default => Path.Combine(AppContext.BaseDirectory, "essays", "us-russia-relations.txt");

    public static string Honeybees => Path.Combine(AppContext.BaseDirectory, "essays", "honeybees-winter.txt");

    /// <summary>The default essay, parsed.</summary>
    public static Essay ParsedDefault => DefaultEssay.Value;
}
