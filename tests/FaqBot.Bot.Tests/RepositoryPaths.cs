namespace FaqBot.Bot.Tests;

/// <summary>Files of the repository the tests run from (deploy scripts and manifests); tests only read them.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

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
