using FaqBot.Core.Knowledge;
using FaqBot.Core.Text;

namespace FaqBot.Classification.Training;

/// <summary>
/// Makes training utterances from the essay alone, so any essay of the right shape can be answered without
/// hand-written data: each FAQ question in several registers, its myth claim, its answer's sentences; each
/// section's title, title parts as topic requests, and every sentence.
/// </summary>
internal static class UtteranceGenerator
{
    public static IReadOnlyList<TrainingExample> FromEssay(Essay essay)
    {
        var examples = new List<TrainingExample>();
        foreach (var faq in essay.Faqs)
        {
            var question = faq.Question.TrimEnd('?').Trim();
            Add(examples, faq.Id, faq.Question);
            Add(examples, faq.Id, question.ToLowerInvariant());
            Add(examples, faq.Id, string.Join(" ", TextNormalizer.Tokenize(question).Where(TextNormalizer.IsContentWord)));
            if (faq.Myth is { } myth)
            {
                var claim = myth.Claim.TrimEnd('.');
                Add(examples, faq.Id, myth.Claim);
                Add(examples, faq.Id, claim.ToLowerInvariant());
                Add(examples, faq.Id, $"is it true that {Lower(claim)}?");
                Add(examples, faq.Id, $"people say {Lower(claim)}");
            }

            foreach (var sentence in SentenceSplitter.Split(faq.Answer).Where(s => s.Split(' ').Length >= 4))
            {
                Add(examples, faq.Id, sentence);
            }
        }

        foreach (var section in essay.Sections)
        {
            Add(examples, section.Id, section.Title);
            foreach (var part in section.Title.Split(':', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                Add(examples, section.Id, part.ToLowerInvariant());
                Add(examples, section.Id, $"tell me about {Lower(part)}");
                Add(examples, section.Id, $"what does the essay say about {Lower(part)}?");
            }

            // The FAQ section's sentences are its entries' answers, already labelled with those entries.
            var own = section.IsFaqSection
                ? section.Sentences.Except(essay.Faqs.SelectMany(f => SentenceSplitter.Split(f.Answer)))
                : section.Sentences;
            foreach (var sentence in own)
            {
                Add(examples, section.Id, sentence);
            }
        }

        return examples;
    }

    private static string Lower(string text) =>
        text.Length > 1 && char.IsUpper(text[0]) && !char.IsUpper(text[1]) ? char.ToLowerInvariant(text[0]) + text[1..] : text;

    private static void Add(List<TrainingExample> examples, string label, string text)
    {
        if (!string.IsNullOrWhiteSpace(text))
        {
            examples.Add(new TrainingExample(label, text.Trim()));
        }
    }
}
