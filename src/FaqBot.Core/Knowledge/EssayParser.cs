using System.Security.Cryptography;
using System.Text;
using FaqBot.Core.Text;

namespace FaqBot.Core.Knowledge;

/// <summary>
/// Reads the plain-text essay shape: a title line; headings (short stand-alone lines without closing
/// punctuation); paragraphs; and an FAQ section, a run of question lines each followed by its answer.
/// Nothing about any particular essay is known here.
/// </summary>
public static class EssayParser
{
    private const int MaxHeadingLength = 100;
    private const int MaxHeadingWords = 14;
    private const int MaxQuestionWords = 30;

    // A question paragraph counts as an FAQ entry only inside a run of at least this many question/answer pairs,
    // so that a rhetorical one-line question in an ordinary section stays a paragraph.
    private const int MinFaqRun = 2;

    public static Essay Load(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
        {
            throw new EssayFormatException(path, "the file does not exist");
        }

        var bytes = File.ReadAllBytes(path);
        string text;
        try
        {
            text = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw new EssayFormatException(path, "the file is not UTF-8 text");
        }

        return Parse(text.TrimStart('\uFEFF'), path, Convert.ToHexStringLower(SHA256.HashData(bytes)));
    }

    public static Essay Parse(string text, string sourcePath = "(text)", string? contentHash = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        contentHash ??= Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
        var blocks = ReadBlocks(text);
        if (blocks.Count == 0)
        {
            throw new EssayFormatException(sourcePath, "the file is empty");
        }

        var title = blocks[0].Text;
        var body = blocks.Skip(1).ToList();
        var isFaqQuestion = MarkFaqQuestions(body);

        if (!body.Where((_, i) => !isFaqQuestion[i]).Any(IsHeading))
        {
            throw new EssayFormatException(sourcePath,
                "no section headings found (a heading is a short line of its own without closing punctuation)");
        }

        var drafts = new List<SectionDraft>();
        for (var i = 0; i < body.Count; i++)
        {
            var block = body[i];
            if (isFaqQuestion[i])
            {
                RequireSection(drafts, sourcePath, block).Faqs.Add((block.Text, body[i + 1].Text));
                i++; // the answer paragraph belongs to the question
            }
            else if (IsHeading(block))
            {
                drafts.Add(new SectionDraft(block.Text, block.Line));
            }
            else
            {
                RequireSection(drafts, sourcePath, block).Paragraphs.Add(block.Text);
            }
        }

        if (drafts.Count == 0)
        {
            throw new EssayFormatException(sourcePath,
                "no section headings found (a heading is a short line of its own without closing punctuation)");
        }

        if (!drafts.Any(d => d.Faqs.Count > 0))
        {
            throw new EssayFormatException(sourcePath,
                "no FAQ section found (expected a run of question lines ending in '?', each followed by its answer paragraph)");
        }

        var empty = drafts.FirstOrDefault(d => d.Paragraphs.Count == 0 && d.Faqs.Count == 0);
        if (empty is not null)
        {
            throw new EssayFormatException(sourcePath, $"the heading '{empty.Title}' on line {empty.Line} has no text under it");
        }

        var duplicate = drafts.GroupBy(d => TextNormalizer.Slug(d.Title)).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new EssayFormatException(sourcePath, $"the heading '{duplicate.First().Title}' appears more than once");
        }

        return Build(title, drafts, sourcePath, contentHash);
    }

    private static Essay Build(string title, List<SectionDraft> drafts, string sourcePath, string contentHash)
    {
        var sectionSentences = drafts
            .Select(d => d.Paragraphs.Concat(d.Faqs.Select(f => f.Answer)).SelectMany(SentenceSplitter.Split).ToList())
            .ToList();
        var summarizer = new SectionSummarizer(sectionSentences.SelectMany(s => s));

        // Where a myth's subject is looked up: everything the essay says, not its questions.
        var essayText = string.Join(" ", drafts.SelectMany(d => d.Paragraphs.Concat(d.Faqs.Select(f => f.Answer))));
        var sections = new List<Section>();
        var faqs = new List<FaqEntry>();
        var faqIds = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < drafts.Count; i++)
        {
            var draft = drafts[i];
            var id = "section:" + TextNormalizer.Slug(draft.Title);
            sections.Add(new Section(
                id,
                draft.Title,
                draft.Paragraphs.Concat(draft.Faqs.Select(f => f.Answer)).ToList(),
                sectionSentences[i],
                summarizer.Summarize(draft.Title, sectionSentences[i]),
                IsFaqSection: draft.Faqs.Count > 0));

            foreach (var (question, answer) in draft.Faqs)
            {
                var faqId = "faq:" + TextNormalizer.Slug(question);
                if (!faqIds.Add(faqId))
                {
                    throw new EssayFormatException(sourcePath, $"the FAQ question '{question}' appears more than once");
                }

                faqs.Add(new FaqEntry(faqId, question, answer, id, MythClaimWriter.Rebut(question, answer,
                    sectionNamesMyths: draft.Title.Contains("myth", StringComparison.OrdinalIgnoreCase), essayText)));
            }
        }

        return new Essay(title, sections, faqs, sourcePath, contentHash);
    }

    private static SectionDraft RequireSection(List<SectionDraft> drafts, string sourcePath, Block block) =>
        drafts.Count > 0
            ? drafts[^1]
            : throw new EssayFormatException(sourcePath,
                $"text on line {block.Line} comes before the first heading; expected the title line, then a heading");

    /// <summary>Marks question blocks that open an FAQ pair inside a run of at least <see cref="MinFaqRun"/> pairs.</summary>
    private static bool[] MarkFaqQuestions(List<Block> body)
    {
        var marks = new bool[body.Count];
        var i = 0;
        while (i < body.Count)
        {
            var runStart = i;
            while (i + 1 < body.Count && IsQuestionLine(body[i]) && IsAnswerParagraph(body[i + 1]))
            {
                i += 2;
            }

            if ((i - runStart) / 2 >= MinFaqRun)
            {
                for (var q = runStart; q < i; q += 2)
                {
                    marks[q] = true;
                }
            }

            i = i == runStart ? i + 1 : i;
        }

        return marks;
    }

    private static bool IsQuestionLine(Block block) =>
        block.Text.EndsWith('?') && WordCount(block.Text) <= MaxQuestionWords && SentenceSplitter.Split(block.Text).Count == 1;

    private static bool IsAnswerParagraph(Block block) => !IsHeading(block) && !IsQuestionLine(block);

    private static bool IsHeading(Block block)
    {
        var text = block.Text;
        return block.LineCount == 1
            && text.Length <= MaxHeadingLength
            && WordCount(text) <= MaxHeadingWords
            && !char.IsLower(text[0])
            && !".!?,;:\"'\u201D\u2019".Contains(text[^1], StringComparison.Ordinal);
    }

    private static int WordCount(string text) => text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;

    /// <summary>Blank-line separated blocks; a wrapped paragraph's lines are joined with spaces.</summary>
    private static List<Block> ReadBlocks(string text)
    {
        var blocks = new List<Block>();
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var current = new List<string>();
        var startLine = 0;
        for (var i = 0; i <= lines.Length; i++)
        {
            var line = i < lines.Length ? lines[i].Trim() : string.Empty;
            if (line.Length == 0)
            {
                if (current.Count > 0)
                {
                    // A question line directly followed by its answer, with no blank line between them.
                    if (current.Count > 1 && current[0].EndsWith('?') && SentenceSplitter.Split(current[0]).Count == 1)
                    {
                        blocks.Add(new Block(current[0], startLine, 1));
                        blocks.Add(new Block(string.Join(" ", current.Skip(1)), startLine + 1, current.Count - 1));
                    }
                    else
                    {
                        blocks.Add(new Block(string.Join(" ", current), startLine, current.Count));
                    }

                    current.Clear();
                }

                continue;
            }

            if (current.Count == 0)
            {
                startLine = i + 1;
            }

            current.Add(line);
        }

        return blocks;
    }

    private sealed record Block(string Text, int Line, int LineCount);

    private sealed class SectionDraft(string title, int line)
    {
        public string Title { get; } = title;

        public int Line { get; } = line;

        public List<string> Paragraphs { get; } = [];

        public List<(string Question, string Answer)> Faqs { get; } = [];
    }
}
