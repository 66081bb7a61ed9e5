using FaqBot.Classification.Embeddings;

namespace FaqBot.Classification.Spelling;

/// <summary>
/// The whole English words of the sentence model's WordPiece vocabulary (about 20,000): a word in it is a real word,
/// never a misspelling, whatever the essay says. Read from the model package, so nothing is downloaded.
/// </summary>
public static class GeneralVocabulary
{
    private static readonly Lazy<IReadOnlySet<string>> LazyWords = new(() =>
        WordPieces.All.Where(p => p.Length > 1 && p.All(char.IsLetter)).ToHashSet(StringComparer.Ordinal));

    public static IReadOnlySet<string> Words => LazyWords.Value;
}
