using FaqBot.Core.Knowledge;

namespace FaqBot.Core.Answers;

/// <summary>Answers a user's text from one essay.</summary>
public interface IAnswerEngine
{
    Essay Essay { get; }

    Answer Answer(string question);

    /// <summary>The degraded path: the best passage by keyword overlap alone, no models involved.</summary>
    Answer AnswerByKeywords(string question);
}
