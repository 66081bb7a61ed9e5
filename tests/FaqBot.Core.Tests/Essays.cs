namespace FaqBot.Core.Tests;

/// <summary>Paths of the essays copied next to the test assembly.</summary>
internal static class Essays
{
    public static string Default => Path.Combine(AppContext.BaseDirectory, "essays", "us-russia-relations.txt");

    public static string Honeybees => Path.Combine(AppContext.BaseDirectory, "essays", "honeybees-winter.txt");
}
