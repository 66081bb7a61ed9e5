using System.Buffers.Binary;
using System.Diagnostics;
using System.IO.Compression;
using System.Text.Json;

namespace FaqBot.Bot.Tests.Deploy;

/// <summary>The Teams app package a tenant admin sideloads: built by deploy/teams/build-package.sh.</summary>
public sealed class TeamsPackageTests : IDisposable
{
    private const string AppId = "5f2b6a3e-0000-4000-8000-000000000001";
    private readonly string _zip = Path.Combine(Path.GetTempPath(), $"faqbot-teams-{Guid.NewGuid():N}.zip");

    public void Dispose() => File.Delete(_zip);

    [Fact]
    public void BuildPackage_WithAnAppId_HoldsAManifestForThatBotAndBothIcons()
    {
        var (exitCode, output) = Run(AppId);
        Assert.True(exitCode == 0, output);

        using var package = ZipFile.OpenRead(_zip);
        using var manifest = JsonDocument.Parse(package.GetEntry("manifest.json")!.Open());
        Assert.Equal(AppId, manifest.RootElement.GetProperty("id").GetString());
        var bot = manifest.RootElement.GetProperty("bots")[0];
        Assert.Equal(AppId, bot.GetProperty("botId").GetString());
        Assert.Equal(["personal", "team", "groupChat"], bot.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal((192, 192), PngSize(package, "color.png"));
        Assert.Equal((32, 32), PngSize(package, "outline.png"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-a-guid")]
    public void BuildPackage_WithoutAValidAppId_FailsAndSaysWhy(string appId)
    {
        var (exitCode, output) = Run(appId);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("MICROSOFT_APP_ID", output, StringComparison.Ordinal);
        Assert.False(File.Exists(_zip));
    }

    private (int ExitCode, string Output) Run(string appId)
    {
        var script = RepositoryFiles.PathOf("deploy/teams/build-package.sh");
        var start = new ProcessStartInfo("bash", [script, _zip]) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["MICROSOFT_APP_ID"] = appId;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output);
    }

    private static (int Width, int Height) PngSize(ZipArchive package, string name)
    {
        using var stream = package.GetEntry(name)!.Open();
        var header = new byte[24];
        stream.ReadExactly(header);
        return (BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(20)));
    }
}
