namespace FaqBot.Classification.Evaluation;

/// <summary>
/// Outcomes recorded by an earlier build of FaqBot on an essay's held-out questions (`training/eval/before/`, written by
/// `training/eval/record-before.sh`), read back as scores, so that today's numbers stand beside that build's on the
/// same questions. A line: kind (labelled or fact), question, expected label or fragment, outcome (an id, did-you-mean or
/// fallback), the ids a did-you-mean offered (| between), and for a fact whether the quote held the fragment (1 or 0).
/// </summary>
public static class RecordedOutcomes
{
    public static EssayScores Read(string path, string system, string essay)
    {
        var outcomes = new List<Outcome>();
        foreach (var line in File.ReadLines(path).Where(l => l.Length > 0 && !l.StartsWith('#')))
        {
            var f = line.Split('\t');
            if (f.Length != 6)
            {
                throw new InvalidDataException($"{path}: expected 6 tab-separated fields, got '{line}'.");
            }

            var fact = f[0] == "fact";
            var question = fact ? new LabelledQuestion(f[1], null, f[2]) : new LabelledQuestion(f[1], f[2], null);
            var choice = f[3] == "did-you-mean";
            var answered = choice || f[3] == "fallback" ? null : f[3];
            var offered = f[4].Split('|', StringSplitOptions.RemoveEmptyEntries);
            var right = fact ? f[5] == "1" : question.IsOffTopic ? f[3] == "fallback" : answered == question.Label;
            outcomes.Add(new Outcome(question, answered, choice, offered, right, Value(question, answered, choice, offered, right, fact), f[3]));
        }

        return new EssayScores(system, essay, outcomes);
    }

    /// <summary>The same valuation as <see cref="Judge.Value"/>, from the recorded fields.</summary>
    private static double Value(LabelledQuestion question, string? answered, bool choice, string[] offered, bool right, bool fact)
    {
        if (fact)
        {
            return right ? 1 : answered is null ? 0 : -1;
        }

        if (question.IsOffTopic)
        {
            return answered is null && !choice ? 1 : choice ? -0.5 : -Judge.WrongAnswerCost;
        }

        return right ? 1 : choice ? (offered.Contains(question.Label) ? 0.5 : 0) : answered is null ? 0 : -Judge.WrongAnswerCost;
    }
}
