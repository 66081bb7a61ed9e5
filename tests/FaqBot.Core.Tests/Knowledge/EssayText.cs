namespace FaqBot.Core.Tests.Knowledge;

/// <summary>Small essay fragments the parser tests assemble into whole essays.</summary>
internal static class EssayText
{
    /// <summary>A minimal FAQ section: its heading and two question/answer pairs.</summary>
    public const string TwoFaqs = """
        FAQ

        Is this the first question?

        Yes, it is the first one.

        Is this the second question?

        No, it is the second one.
        """;
}
