namespace FaqBot.Bot.Tests;

/// <summary>Files of the repository the tests run from (deploy scripts, artifacts).</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>A folder under the git-ignored artifacts/ for what a test leaves for people to look at.</summary>
    public static string Artifacts(string name) => Directory.CreateDirectory(Path.Combine(Root, "artifacts", name)).FullName;

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "FaqBot.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new DirectoryNotFoundException("FaqBot.sln not found above the test assembly.");
    }
}
