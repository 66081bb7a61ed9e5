using System.Text.Json;

namespace FaqBot.Bot.Tests.Deploy;

/// <summary>deploy/docker/Dockerfile read as its instructions: continuation lines joined, comments dropped.</summary>
internal sealed class Dockerfile
{
    private Dockerfile(IReadOnlyList<(string Keyword, string Arguments)> instructions) => Instructions = instructions;

    public const string RelativePath = "deploy/docker/Dockerfile";

    public IReadOnlyList<(string Keyword, string Arguments)> Instructions { get; }

    /// <summary>The instructions of the last stage, the image that runs.</summary>
    public IEnumerable<(string Keyword, string Arguments)> RuntimeStage =>
        Instructions.Skip(Instructions.ToList().FindLastIndex(i => i.Keyword == "FROM"));

    /// <summary>The runtime stage's ENV settings (KEY=value pairs; the values here hold no spaces).</summary>
    public IReadOnlyDictionary<string, string> Environment =>
        RuntimeStage.Where(i => i.Keyword == "ENV")
            .SelectMany(i => i.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(pair => pair.Split('=', 2))
            .ToDictionary(pair => pair[0], pair => pair.Length > 1 ? pair[1] : "");

    /// <summary>The port the bot listens on in the container, from its Urls setting.</summary>
    public int Port => RepositoryFiles.PortOf(Environment["Urls"]);

    /// <summary>The HEALTHCHECK command, from its exec form.</summary>
    public string HealthCheck
    {
        get
        {
            var arguments = RuntimeStage.Single(i => i.Keyword == "HEALTHCHECK").Arguments;
            var command = arguments[(arguments.IndexOf("CMD ", StringComparison.Ordinal) + 4)..];
            return string.Join(' ', JsonSerializer.Deserialize<string[]>(command)!);
        }
    }

    public static Dockerfile Read()
    {
        var instructions = new List<(string, string)>();
        var pending = "";
        foreach (var raw in RepositoryFiles.Read(RelativePath).Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || (line.StartsWith('#') && pending.Length == 0))
            {
                continue;
            }

            if (line.EndsWith('\\'))
            {
                pending += line[..^1] + " ";
                continue;
            }

            var whole = pending + line;
            pending = "";
            var space = whole.IndexOf(' ', StringComparison.Ordinal);
            instructions.Add((whole[..space].ToUpperInvariant(), whole[(space + 1)..].Trim()));
        }

        return new Dockerfile(instructions);
    }
}
