namespace FaqBot.Core.Tests.Knowledge;

/// <summary>Small essay fragments the parser tests assemble into whole essays.</summary>
internal static class EssayText
{
    /// <summary>A section before the FAQ: its heading and a paragraph of two sentences.</summary>
    public const string Background = """
        Background

        Some background text. It has two sentences.
        """;

    /// <summary>A minimal FAQ section: its heading and two question/answer pairs.</summary>
    public const string TwoFaqs = """
        FAQ

        Is this the first question?

        Yes, it is the first one.

        Is this the second question?

        No, it is the second one.
        """;

    /// <summary>A whole essay: a title, <see cref="Background"/>, then the sections given.</summary>
    public static string AfterBackground(string sections) => $"A Title\n\n{Background}\n\n{sections}";
}
