using System.IO.MemoryMappedFiles;
using FaqBot.Classification.Embeddings;

namespace FaqBot.Classification.Tests.Embeddings;

public sealed class MappedFilePagesTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"faqbot-mapped-{Guid.NewGuid():N}.bin");

    public MappedFilePagesTests() => File.WriteAllBytes(_path, Enumerable.Range(0, 1 << 20).Select(i => (byte)(i * 7)).ToArray());

    public void Dispose() => File.Delete(_path);

    [Fact]
    public void Release_FileMappedReadOnly_GivesItsPagesBackAndTheContentStaysReadable()
    {
        using var file = MemoryMappedFile.CreateFromFile(_path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
        using var view = file.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
        var before = new byte[1 << 20];
        view.ReadArray(0, before, 0, before.Length);

        var released = MappedFilePages.Release(_path);
        var after = new byte[1 << 20];
        view.ReadArray(0, after, 0, after.Length);

        if (OperatingSystem.IsLinux())
        {
            Assert.True(released >= 1 << 20, $"released {released} bytes");
        }

        Assert.Equal(File.ReadAllBytes(_path), after);
        Assert.Equal(before, after);
    }

    [Fact]
    public void Release_FileNotMapped_GivesBackNothing() => Assert.Equal(0, MappedFilePages.Release(_path));
}
