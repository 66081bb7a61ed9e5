namespace FaqBot.Core.Knowledge;

/// <summary>An essay parsed into what FaqBot answers from: its sections and its FAQ.</summary>
/// <param name="Title">The essay's first line, usually the question it sets out to answer.</param>
/// <param name="ContentHash">SHA-256 of the essay's bytes, hex: identifies the knowledge a model was trained on.</param>
public sealed record Essay(
    string Title,
    IReadOnlyList<Section> Sections,
    IReadOnlyList<FaqEntry> Faqs,
    string SourcePath,
    string ContentHash)
{
    /// <summary>Every sentence of every section, in essay order, each with the section it belongs to.</summary>
    public IReadOnlyList<EssaySentence> Sentences { get; } = Sections
        .SelectMany(s => s.Paragraphs.SelectMany((p, i) => Text.SentenceSplitter.Split(p).Select(text => new EssaySentence(text, s, i))))
        .ToList();

    /// <summary>The sections before and after the FAQ, in essay order: the essay's own text, where it opens and ends.</summary>
    public IReadOnlyList<Section> BodySections { get; } = Sections.Where(s => !s.IsFaqSection).ToList();

    public Section Section(string id) =>
        Sections.FirstOrDefault(s => s.Id == id) ?? throw new KeyNotFoundException($"No section with id '{id}'.");

    public FaqEntry Faq(string id) =>
        Faqs.FirstOrDefault(f => f.Id == id) ?? throw new KeyNotFoundException($"No FAQ entry with id '{id}'.");

    /// <summary>The ids a classifier can answer with: every FAQ entry and every section.</summary>
    public IEnumerable<string> AnswerIds => Faqs.Select(f => f.Id).Concat(Sections.Select(s => s.Id));

    /// <summary>
    /// A short hash of the text an answer id stands for (an FAQ entry's question and answer, a section's title and
    /// paragraphs); null when the essay has no such answer. Kept beside an id in every record, it tells whether the
    /// essay has changed what that id answers since.
    /// </summary>
    public string? SourceHash(string? id) => id is not null && SourceHashes.TryGetValue(id, out var hash) ? hash : null;

    // Hashed once per essay, like its sentences: every recorded answer asks for one.
    private IReadOnlyDictionary<string, string> SourceHashes { get; } = Faqs.Select(f => (f.Id, Text: $"{f.Question}\n{f.Answer}"))
        .Concat(Sections.Select(s => (s.Id, Text: $"{s.Title}\n{string.Join("\n", s.Paragraphs)}")))
        .DistinctBy(e => e.Id)
        .ToDictionary(e => e.Id, e => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(e.Text)))[..12]);

    /// <summary>Whether a record of <paramref name="id"/> made from text hashed <paramref name="hash"/> no longer matches the essay.</summary>
    public bool IsStale(string? id, string? hash) => id is not null && (SourceHash(id) is not { } now || (hash is not null && hash != now));
}

/// <param name="Id">"section:" and a slug of the title, stable while the heading is unchanged.</param>
/// <param name="Sentences">The paragraphs' sentences; for the FAQ section, its introduction and answers.</param>
public sealed record Section(
    string Id,
    string Title,
    IReadOnlyList<string> Paragraphs,
    IReadOnlyList<string> Sentences,
    SectionSummary Summary,
    bool IsFaqSection);

/// <summary>The two or three most central sentences of a section, in the order the essay has them.</summary>
public sealed record SectionSummary(IReadOnlyList<string> Sentences)
{
    public string Text => string.Join(" ", Sentences);
}

/// <param name="Id">"faq:" and a slug of the question.</param>
/// <param name="Myth">The claim the entry rebuts, when the question can be read as one.</param>
/// <param name="Stated">The essay states a myth ("Myth: ...") instead of asking a question: <see cref="Question"/> is the claim.</param>
public sealed record FaqEntry(string Id, string Question, string Answer, string SectionId, MythRebuttal? Myth, bool Stated = false)
{
    /// <summary>How the entry is shown: its question, or the stated myth labelled as one.</summary>
    public string Title => Stated ? $"Myth: {Question}" : Question;
}

/// <summary>A myth as a user would state it, and the essay's verdict on it.</summary>
/// <param name="Claim">The myth stated as a claim: "The U.S. and Russia are always going to be enemies."</param>
/// <param name="Verdict">The answer's opening sentence ("No, not really."), the essay's own words.</param>
/// <param name="ExplicitlyRebutted">
/// The answer opens with a plain yes or no, or the essay's FAQ heading calls its questions myths; otherwise the claim
/// is presented as "a common claim", not called a myth.
/// </param>
public sealed record MythRebuttal(string Claim, string Verdict, bool ExplicitlyRebutted);

/// <param name="Paragraph">The index of the paragraph within its section.</param>
public sealed record EssaySentence(string Text, Section Section, int Paragraph);
