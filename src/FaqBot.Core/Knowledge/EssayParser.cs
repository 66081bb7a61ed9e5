using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using FaqBot.Core.Text;

namespace FaqBot.Core.Knowledge;

/// <summary>
/// Reads the plain-text essay shape: a title line; headings (short stand-alone lines without closing
/// punctuation); paragraphs; and an FAQ section, a run of question lines each followed by its answer (one paragraph,
/// or several up to the next question). The marks people put on such lines are read past: Markdown heading signs and
/// emphasis, list numbers, "Q:" and "A:". Nothing about any particular essay is known here.
/// </summary>
public static partial class EssayParser
{
    private const int MaxHeadingLength = 100;
    private const int MaxHeadingWords = 14;
    private const int MaxQuestionWords = 30;

    // A line ending in one of these ends a sentence or a clause, which a heading does not.
    private const string ClosingPunctuation = ".!?,;:\"'\u201D\u2019";

    // Wrap widths are 60-100 characters; a line longer than this was not wrapped.
    private const int MaxWrappedLine = 200;

    // A wrapped paragraph's lines but its last are at least this share of the longest.
    private const double ShortLineShare = 0.6;

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
        var kinds = Kinds(body);
        var answerLength = MarkFaqQuestions(kinds);

        // A title-case question with one paragraph under it, outside any run of questions, heads that paragraph.
        PromoteQuestionHeadings(body, kinds, (i, under) => under >= 1 && answerLength[i] == 0);

        if (!kinds.Contains(BlockKind.Heading))
        {
            throw new EssayFormatException(sourcePath,
                "no section headings found (a heading is a short line of its own without closing punctuation)");
        }

        var drafts = new List<SectionDraft>();
        for (var i = 0; i < body.Count; i++)
        {
            var block = body[i];
            if (answerLength[i] > 0)
            {
                var answer = string.Join(" ", body.Skip(i + 1).Take(answerLength[i]).Select(b => b.Text));
                Current(drafts, title).Faqs.Add((block.Text, answer, block.Myth));
                i += answerLength[i]; // the answer's paragraphs belong to the question
            }
            else if (kinds[i] == BlockKind.Heading)
            {
                // A heading straight after another heads a part, or is a byline: the sections are the lowest headings.
                if (drafts.Count > 0 && drafts[^1].IsEmpty)
                {
                    drafts.RemoveAt(drafts.Count - 1);
                }

                drafts.Add(new SectionDraft(block.Text.TrimEnd(':'), block.Line));
            }
            else
            {
                Current(drafts, title).Paragraphs.Add(block.Text);
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
                "no FAQ section found (expected a run of question lines ending in '?', each followed by its answer)");
        }

        if (drafts[^1].IsEmpty)
        {
            throw new EssayFormatException(sourcePath, $"the heading '{drafts[^1].Title}' on line {drafts[^1].Line} has no text under it");
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
        var sectionIds = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < drafts.Count; i++)
        {
            var draft = drafts[i];

            // A heading used twice ("Summary" after each part) heads two sections: the second gets "-2" in its id.
            var slug = "section:" + TextNormalizer.Slug(draft.Title);
            var id = slug;
            for (var n = 2; !sectionIds.Add(id); n++)
            {
                id = $"{slug}-{n}";
            }

            sections.Add(new Section(
                id,
                draft.Title,
                draft.Paragraphs.Concat(draft.Faqs.Select(f => f.Answer)).ToList(),
                sectionSentences[i],
                summarizer.Summarize(draft.Title, sectionSentences[i]),
                IsFaqSection: draft.Faqs.Count > 0));

            foreach (var (question, answer, stated) in draft.Faqs)
            {
                var faqId = "faq:" + TextNormalizer.Slug(question);
                if (!faqIds.Add(faqId))
                {
                    throw new EssayFormatException(sourcePath, $"the FAQ question '{question}' appears more than once");
                }

                // A myth written as one ("Myth: ...") is its own claim; a question is read as the claim it voices.
                var myth = stated
                    ? new MythRebuttal(question, SentenceSplitter.Split(answer).FirstOrDefault() ?? answer, ExplicitlyRebutted: true)
                    : MythClaimWriter.Rebut(question, answer, sectionNamesMyths: draft.Title.Contains("myth", StringComparison.OrdinalIgnoreCase), essayText);
                faqs.Add(new FaqEntry(faqId, question, answer, id, myth, stated));
            }
        }

        return new Essay(title, sections, faqs, sourcePath, contentHash);
    }

    /// <summary>The section being read; text before the first heading opens the essay, under its title.</summary>
    private static SectionDraft Current(List<SectionDraft> drafts, string title)
    {
        if (drafts.Count == 0)
        {
            drafts.Add(new SectionDraft(title, 1));
        }

        return drafts[^1];
    }

    /// <summary>
    /// For each block, how many answer paragraphs follow it when it is an FAQ question (0 when it is not). A question
    /// line followed by one paragraph counts inside a run of at least <see cref="MinFaqRun"/> such pairs, so that a
    /// rhetorical one-line question in an ordinary section stays a paragraph. A section made of questions (at most one
    /// paragraph before the first) takes every paragraph up to the next question as its answer, so answers may run
    /// over several paragraphs.
    /// </summary>
    private static int[] MarkFaqQuestions(BlockKind[] kinds)
    {
        var answers = new int[kinds.Length];
        var i = 0;
        while (i < kinds.Length)
        {
            var runStart = i;
            while (i + 1 < kinds.Length && kinds[i] == BlockKind.Question && kinds[i + 1] == BlockKind.Paragraph)
            {
                i += 2;
            }

            if ((i - runStart) / 2 >= MinFaqRun)
            {
                for (var q = runStart; q < i; q += 2)
                {
                    answers[q] = 1;
                }
            }

            i = i == runStart ? i + 1 : i;
        }

        var headings = Enumerable.Range(0, kinds.Length).Where(b => kinds[b] == BlockKind.Heading).Append(kinds.Length).ToList();
        for (var h = 0; h + 1 < headings.Count; h++)
        {
            var (start, end) = (headings[h] + 1, headings[h + 1]);
            var questions = Enumerable.Range(start, end - start).Where(b => kinds[b] == BlockKind.Question).ToList();
            var answered = questions.Select((q, k) => (k + 1 < questions.Count ? questions[k + 1] : end) - q - 1).ToList();
            if (questions.Count >= MinFaqRun && questions[0] - start <= 1 && answered.All(n => n > 0))
            {
                for (var k = 0; k < questions.Count; k++)
                {
                    answers[questions[k]] = answered[k];
                }
            }
        }

        return answers;
    }

    private static bool IsQuestionLine(Block block) => block.Asked
        || (block.Text.EndsWith('?') && WordCount(block.Text) <= MaxQuestionWords && SentenceSplitter.Split(block.Text).Count == 1);

    /// <summary>
    /// Each block a heading, a question line or a paragraph. A question line in title case with two paragraphs or more
    /// under it is a heading ("Why Do Bees Cluster?"): an FAQ question is answered in one, and a rhetorical question in
    /// running text is written as a sentence. So is one straight above another question ("What Do People Ask?" over
    /// the FAQ): a question is answered before the next is asked.
    /// </summary>
    private static BlockKind[] Kinds(List<Block> body)
    {
        var kinds = body.Select(b => b.Myth || IsQuestionLine(b) ? BlockKind.Question : IsHeading(b) ? BlockKind.Heading : BlockKind.Paragraph).ToArray();
        PromoteQuestionHeadings(body, kinds, (i, under) => under >= 2 || (under == 0 && i + 1 < kinds.Length && kinds[i + 1] == BlockKind.Question));
        return kinds;
    }

    /// <summary>
    /// Title-case question lines of a heading's length become headings where <paramref name="placed"/> says so, from
    /// the block's index and the number of paragraphs straight under it (which no promotion changes).
    /// </summary>
    private static void PromoteQuestionHeadings(List<Block> body, BlockKind[] kinds, Func<int, int, bool> placed)
    {
        for (var i = 0; i < kinds.Length; i++)
        {
            var text = body[i].Text;
            if (kinds[i] == BlockKind.Question && !body[i].Myth && !body[i].Asked && IsHeadingLength(text) && IsTitleCase(text)
                && placed(i, kinds.Skip(i + 1).TakeWhile(k => k == BlockKind.Paragraph).Count()))
            {
                kinds[i] = BlockKind.Heading;
            }
        }
    }

    /// <summary>Most words capitalised, and every word of four letters or more: "What Is the Stone?", not "What is it?".</summary>
    private static bool IsTitleCase(string text)
    {
        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(w => w.TrimStart('"', '\'', '\u201C', '\u2018', '(')).Where(w => w.Length > 0 && char.IsLetter(w[0])).ToList();
        var capitalised = words.Count(w => char.IsUpper(w[0]));
        return words.Count >= 2 && capitalised * 2 > words.Count && words.All(w => char.IsUpper(w[0]) || w.Count(char.IsLetter) < 4);
    }

    /// <summary>
    /// A short line of its own that ends no sentence; or one in title case that ends in a colon ("Background:",
    /// "The Early Years:"), which in running text would lead into what follows in lower case.
    /// </summary>
    private static bool IsHeading(Block block)
    {
        var text = block.Text;
        var words = text.TrimEnd(':');
        return block.LineCount == 1
            && IsHeadingLength(text)
            && !char.IsLower(text[0])
            && (!ClosingPunctuation.Contains(text[^1], StringComparison.Ordinal)
                || (text.EndsWith(':') && words.Length > 0 && (IsTitleCase(words) || (WordCount(words) == 1 && char.IsUpper(words[0])))));
    }

    private static bool IsHeadingLength(string text) => text.Length <= MaxHeadingLength && WordCount(text) <= MaxHeadingWords;

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

            // A rule or scene break ("---", "* * *") separates blocks; it is no heading.
            if (!line.Any(char.IsLetterOrDigit))
            {
                if (current.Count > 0)
                {
                    foreach (var (start, count) in LineGroups(current))
                    {
                        AddBlock(blocks, current.GetRange(start, count), startLine + start);
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

    /// <summary>One block of lines with no blank line between them: a paragraph, or a question and its answer.</summary>
    private static void AddBlock(List<Block> blocks, List<string> lines, int line)
    {
        // A myth and what is true instead: "Myth: ..." and "Fact: ...", on one line, on two, or in two blocks.
        var marked = ListNumber().Replace(HeadingMark().Replace(lines[0], string.Empty), string.Empty);
        if (MythLabel().Match(marked) is { Success: true } label)
        {
            var rest = string.Join(" ", lines.Skip(1).Prepend(marked))[label.Length..];
            var fact = FactLabel().Match(rest);
            var inline = fact.Success ? rest.IndexOf(fact.Value, StringComparison.Ordinal) : -1;
            var (claim, answer) = inline > 0 ? (rest[..inline], rest[(inline + fact.Value.Length)..])
                : lines.Count > 1 ? (marked[label.Length..], string.Join(" ", lines.Skip(1))) : (rest, "");
            blocks.Add(new Block(claim.Trim(), line, 1) { Myth = true });
            if (answer.Trim().Length > 0)
            {
                blocks.Add(new Block(WithoutAnswerLabel(answer.Trim()), line + (inline > 0 ? 0 : 1), Math.Max(1, lines.Count - 1)));
            }

            return;
        }

        // A question line directly followed by its answer, with no blank line between them. "Q:" makes a line a
        // question even without its question mark.
        var (first, asked) = Unmarked(lines[0]);
        if (lines.Count > 1 && (asked || (first.EndsWith('?') && SentenceSplitter.Split(first).Count == 1)))
        {
            blocks.Add(new Block(first, line, 1) { Asked = asked });
            blocks.Add(new Block(WithoutAnswerLabel(string.Join(" ", lines.Skip(1))), line + 1, lines.Count - 1));
        }
        else
        {
            var joined = lines.Count == 1 ? first : string.Join(" ", lines);
            blocks.Add(new Block(WithoutAnswerLabel(joined), line, lines.Count) { Asked = asked && lines.Count == 1 });
        }
    }

    /// <summary>
    /// Where lines with no blank line between them are paragraphs of their own rather than one paragraph wrapped: an
    /// editor that keeps a paragraph on one line and no blank line between paragraphs, or a heading straight above its
    /// paragraph. Wrapped text fills nearly the width on every line but a paragraph's last, so a short line that ends no
    /// sentence, above a capital, is a heading; where there is one, a line ends a paragraph when it is short too, or when
    /// no line is wrapped at all (wider than any wrap width).
    /// </summary>
    private static IEnumerable<(int Start, int Count)> LineGroups(List<string> lines)
    {
        var width = lines.Max(l => l.Length);
        bool Short(int i) => i + 1 < lines.Count && lines[i].Length < width * ShortLineShare && !char.IsLower(lines[i + 1][0]);
        bool EndsNoSentence(int i) => !ClosingPunctuation.Contains(lines[i][^1], StringComparison.Ordinal);

        var start = 0;
        if (Enumerable.Range(0, lines.Count).Any(i => Short(i) && EndsNoSentence(i)))
        {
            for (var i = 0; i + 1 < lines.Count; i++)
            {
                if (width > MaxWrappedLine || Short(i))
                {
                    yield return (start, i + 1 - start);
                    start = i + 1;
                }
            }
        }

        yield return (start, lines.Count - start);
    }

    /// <summary>A line of its own (a title, heading or question) without the marks around its words; whether "Q:" marked it.</summary>
    private static (string Text, bool Asked) Unmarked(string line)
    {
        var text = HeadingMark().Replace(line, string.Empty);
        text = Emphasis().Match(text) is { Success: true } m ? m.Groups["text"].Value.Trim() : text;
        text = ListNumber().Replace(text, string.Empty);
        var label = QuestionLabel().Match(text);
        return label.Success ? (text[label.Length..], true) : (text, false);
    }

    private static string WithoutAnswerLabel(string paragraph)
    {
        var text = AnswerLabel().Replace(paragraph, string.Empty);
        return FactLabel().Match(text) is { Success: true, Index: 0 } label ? text[label.Length..] : text;
    }

    // "Myth:", "**Myth 3:**", "Misconception -": a myth stated as such, in the essay's own words after the label.
    [GeneratedRegex(@"^(\*\*|__)?(Myth|Misconception)\s*#?\d{0,3}\s*(\*\*|__)?\s*[:.)–—-]\s*(\*\*|__)?\s*", RegexOptions.IgnoreCase)]
    private static partial Regex MythLabel();

    // "Fact:", "**Truth:**", "Reality -": what the essay holds instead; a colon or dash, so "Fact checking..." is no label.
    [GeneratedRegex(@"(?<=^|[.!?]\s+)(\*\*|__)?(Fact|Facts|Truth|The truth|Reality|The reality|The facts?)\s*(\*\*|__)?\s*[:–—-]\s*(\*\*|__)?\s*", RegexOptions.IgnoreCase)]
    private static partial Regex FactLabel();

    [GeneratedRegex(@"^#{1,6}\s+")]
    private static partial Regex HeadingMark();

    [GeneratedRegex(@"^(\*\*|__|\*)(?<text>.+?)\1$")]
    private static partial Regex Emphasis();

    // "1." or "(1)", not "100 Days" or "1917 and after": a number alone is a heading's own word.
    [GeneratedRegex(@"^(\d{1,3}[.)]|\(\d{1,3}\))\s+")]
    private static partial Regex ListNumber();

    [GeneratedRegex(@"^(Q|Question)\s*\d{0,3}\s*[.:)]\s*")]
    private static partial Regex QuestionLabel();

    [GeneratedRegex(@"^(A|Answer)\s*[:)]\s*")]
    private static partial Regex AnswerLabel();

    private sealed record Block(string Text, int Line, int LineCount)
    {
        /// <summary>A myth stated with its label ("Myth: Sanctions always work."): an FAQ entry's question, as its claim.</summary>
        public bool Myth { get; init; }

        /// <summary>Labelled a question ("Q: ..."), with or without its question mark.</summary>
        public bool Asked { get; init; }
    }

    private enum BlockKind
    {
        Paragraph,
        Heading,
        Question,
    }

    private sealed class SectionDraft(string title, int line)
    {
        public string Title { get; } = title;

        public int Line { get; } = line;

        public List<string> Paragraphs { get; } = [];

        public List<(string Question, string Answer, bool Myth)> Faqs { get; } = [];

        public bool IsEmpty => Paragraphs.Count == 0 && Faqs.Count == 0;
    }
}
