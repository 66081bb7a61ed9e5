namespace FaqBot.Core.Knowledge;

/// <summary>An essay file that does not have the shape FaqBot reads; the message names the file and the problem.</summary>
public sealed class EssayFormatException : Exception
{
    public EssayFormatException(string path, string problem)
        : base($"Essay '{path}': {problem}")
    {
        SourcePath = path;
        Problem = problem;
    }

    public EssayFormatException()
    {
        SourcePath = string.Empty;
        Problem = string.Empty;
    }

    public EssayFormatException(string message)
        : base(message)
    {
        SourcePath = string.Empty;
        Problem = message;
    }

    public EssayFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
        SourcePath = string.Empty;
        Problem = message;
    }

    public string SourcePath { get; }

    public string Problem { get; }
}
