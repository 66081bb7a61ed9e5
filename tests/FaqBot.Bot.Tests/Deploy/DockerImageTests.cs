using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace FaqBot.Bot.Tests.Deploy;

/// <summary>
/// The image (deploy/docker/Dockerfile) and the compose file that runs two replicas behind nginx. No Docker
/// engine runs here, so these check what would silently rot: ports, paths and the configuration keys set.
/// </summary>
public sealed partial class DockerImageTests
{
    private const string ComposePath = "deploy/docker/docker-compose.yml";
    private readonly Dockerfile _dockerfile = Dockerfile.Read();
    private readonly BotConfigurationKeys _keys = BotConfigurationKeys.Read();

    [Fact]
    public void Dockerfile_Environment_SetsOnlyKeysTheBotReads()
    {
        Assert.Empty(_keys.Problems(_dockerfile.Environment.Keys));
    }

    [Fact]
    public void Dockerfile_HealthCheck_AsksHealthzOnThePortTheBotListensOn()
    {
        Assert.Contains($"/dev/tcp/127.0.0.1/{_dockerfile.Port}", _dockerfile.HealthCheck, StringComparison.Ordinal);
        Assert.Contains("GET /healthz ", _dockerfile.HealthCheck, StringComparison.Ordinal);
        Assert.Contains(("EXPOSE", _dockerfile.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)), _dockerfile.RuntimeStage);
    }

    [Fact]
    public void Dockerfile_RuntimeStage_RunsAsANonRootUserOnTheAspNetRuntime()
    {
        var stage = _dockerfile.RuntimeStage.ToList();
        Assert.StartsWith("mcr.microsoft.com/dotnet/aspnet:", stage[0].Arguments, StringComparison.Ordinal);
        var user = stage.Last(i => i.Keyword == "USER").Arguments;
        Assert.DoesNotContain(user, new[] { "root", "0" });
    }

    [Fact]
    public void Dockerfile_BakedModel_IsWhereTheBotLooksForIt()
    {
        // The build stage runs publish-with-model.sh OUT, which trains into OUT/models with the bot's own essay copy.
        var publish = _dockerfile.Instructions.Single(i => i.Keyword == "RUN" && i.Arguments.Contains("publish-with-model.sh", StringComparison.Ordinal));
        var output = publish.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries)[^1];
        Assert.Contains(("COPY", $"--from=build {output} ./"), _dockerfile.RuntimeStage);
        Assert.Contains(("WORKDIR", output), _dockerfile.RuntimeStage);
        Assert.Equal($"{output}/models", _dockerfile.Environment["Knowledge__ModelDirectory"]);

        var script = RepositoryFiles.Read("deploy/docker/publish-with-model.sh");
        Assert.Contains("""--essay "$out/essays/$essay" --data "$out/training-data" --models "$out/models" """.TrimEnd(), script, StringComparison.Ordinal);
        var essay = _dockerfile.Instructions.First(i => i.Keyword == "ARG" && i.Arguments.StartsWith("ESSAY=", StringComparison.Ordinal)).Arguments["ESSAY=".Length..];
        Assert.True(File.Exists(RepositoryFiles.PathOf($"training/essays/{essay}")), $"The default essay {essay} is not in training/essays.");
        Assert.Equal("essays/${ESSAY}", _dockerfile.Environment["Knowledge__EssayPath"]);
    }

    [Fact]
    public void Dockerfile_BuildStage_HasNodeForTheWebChatBundle()
    {
        Assert.Contains(_dockerfile.Instructions, i => i.Keyword == "RUN" && i.Arguments.Contains("install -y --no-install-recommends nodejs npm", StringComparison.Ordinal));
    }

    [Fact]
    public void DockerIgnore_KeepsTheBuildScriptAndLeavesSecretsOut()
    {
        var lines = RepositoryFiles.Read(".dockerignore").Split('\n').Select(l => l.Trim()).ToList();
        Assert.Contains("deploy/", lines);
        Assert.Contains("!deploy/docker/publish-with-model.sh", lines);
        Assert.Contains("**/obj/", lines);
    }

    [Fact]
    public void Compose_TwoBotReplicas_ShareOneRedisAndSetOnlyKeysTheBotReads()
    {
        var services = Services();
        var bots = BotServices(services);
        Assert.True(bots.Count >= 2, "docker-compose.yml should run at least two bot replicas.");

        var connectionStrings = bots.Select(b => b.Value.Entries("environment")["Redis__ConnectionString"]).Distinct().ToList();
        var redis = Assert.Single(connectionStrings).Split(',')[0].Split(':');
        Assert.StartsWith("redis:", services[redis[0]].Text("image"), StringComparison.Ordinal);
        Assert.Equal("6379", redis[1]);

        foreach (var (name, bot) in bots)
        {
            Assert.True(_keys.Problems(bot.Entries("environment").Keys) is [], $"{name}: {string.Join("; ", _keys.Problems(bot.Entries("environment").Keys))}");
        }
    }

    [Fact]
    public void Compose_LoadBalancer_SendsToEveryReplicaOnThePortItListensOn()
    {
        var services = Services();
        var bots = BotServices(services);
        var nginx = RepositoryFiles.Read("deploy/docker/nginx.conf");
        var upstream = UpstreamServer().Matches(nginx).Select(m => (Host: m.Groups[1].Value, Port: int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture))).ToList();

        Assert.Equal(bots.Keys.Order(), upstream.Select(u => u.Host).Order());
        Assert.All(upstream, u => Assert.Equal(_dockerfile.Port, u.Port));

        var lb = services.Single(s => s.Value.Find("image") is YamlScalarNode { Value: { } image } && image.StartsWith("nginx", StringComparison.Ordinal)).Value;
        Assert.Contains(lb.Items("volumes").OfType<YamlScalarNode>(), v => v.Value == "./nginx.conf:/etc/nginx/nginx.conf:ro");
        var listen = int.Parse(Listen().Match(nginx).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains(lb.Items("ports").OfType<YamlScalarNode>(), p => p.Value == $"3978:{listen}");
    }

    private static Dictionary<string, YamlNode> Services() =>
        ((YamlMappingNode)RepositoryFiles.ReadYaml(ComposePath).Single().Get("services")).Children
            .ToDictionary(e => ((YamlScalarNode)e.Key).Value!, e => e.Value);

    private static Dictionary<string, YamlNode> BotServices(Dictionary<string, YamlNode> services) =>
        services.Where(s => s.Value.Find("build") is { } build && build.Text("dockerfile") == Dockerfile.RelativePath)
            .ToDictionary(s => s.Key, s => s.Value);

    [GeneratedRegex(@"^\s*server\s+([\w.-]+):(\d+)", RegexOptions.Multiline)]
    private static partial Regex UpstreamServer();

    [GeneratedRegex(@"^\s*listen\s+(\d+);", RegexOptions.Multiline)]
    private static partial Regex Listen();
}
