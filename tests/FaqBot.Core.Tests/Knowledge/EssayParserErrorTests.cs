using System.Text;
using FaqBot.Core.Knowledge;

namespace FaqBot.Core.Tests.Knowledge;

public sealed class EssayParserErrorTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("faqbot-essays-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Load_MissingFile_NamesFileAndProblem()
    {
        var path = Path.Combine(_directory, "missing.txt");

        AssertRejected(path, "does not exist");
    }

    [Theory]
    [InlineData("")]
    [InlineData("  \n\n\t \r\n")]
    public void Load_EmptyOrWhitespaceFile_NamesFileAndProblem(string text)
    {
        AssertRejected(Write(text), "the file is empty");
    }

    [Theory]
    [InlineData("A Title\n")]
    [InlineData("A Title\n\nA paragraph with two sentences. Here is the second one.\n\nAnother paragraph. It also has two sentences.\n")]
    public void Load_NoHeadings_NamesFileAndProblem(string text)
    {
        AssertRejected(Write(text), "no section headings found");
    }

    [Fact]
    public void Load_NoFaqSection_NamesFileAndProblem()
    {
        var path = Write("""
            A Title

            Background

            Some background text. It has two sentences.
            """);

        AssertRejected(path, "no FAQ section found");
    }

    [Fact]
    public void Load_HeadingWithNothingUnderItAtTheEnd_NamesHeadingAndLine()
    {
        var path = Write($"""
            A Title

            Background

            Some background text. It has two sentences.

            {EssayText.TwoFaqs}

            Further Reading
            """);

        AssertRejected(path, "the heading 'Further Reading' on line 17 has no text under it");
    }

    [Fact]
    public void Load_NonUtf8Bytes_NamesFileAndProblem()
    {
        var path = Path.Combine(_directory, "latin1.txt");
        File.WriteAllBytes(path, Encoding.Latin1.GetBytes("Caf\u00e9 Title\n\nBackground\n\nA caf\u00e9 paragraph. It has two sentences.\n"));

        AssertRejected(path, "not UTF-8");
    }

    private string Write(string text)
    {
        var path = Path.Combine(_directory, "essay.txt");
        File.WriteAllText(path, text);
        return path;
    }

    private static void AssertRejected(string path, string problem)
    {
        var exception = Assert.Throws<EssayFormatException>(() => EssayParser.Load(path));

        Assert.Contains(path, exception.Message, StringComparison.Ordinal);
        Assert.Contains(problem, exception.Message, StringComparison.Ordinal);
    }
}
