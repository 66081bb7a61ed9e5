using FaqBot.Core.Knowledge;

namespace FaqBot.Core.Decision;

/// <summary>Answers a user's text from one essay.</summary>
public interface IAnswerEngine
{
    Essay Essay { get; }

    Answer Answer(string question);

    /// <summary>The answer for an FAQ entry or section the user picked by id (a button), with no model run.</summary>
    Answer AnswerWith(string answerId);

    /// <summary>The degraded path: the best passage by keyword overlap alone, no models involved.</summary>
    Answer AnswerByKeywords(string question);
}

/// <summary>Runs an engine's answer path for a question, with whatever resilience and caching the host adds.</summary>
public interface IQuestionAnswerer
{
    Task<Answer> AnswerAsync(IAnswerEngine engine, string question, CancellationToken cancellationToken);
}
