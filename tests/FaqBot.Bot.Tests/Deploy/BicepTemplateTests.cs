using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace FaqBot.Bot.Tests.Deploy;

/// <summary>
/// deploy/azure/main.bicep compiles with the Bicep CLI that restore brings (package Azure.Bicep.CommandLine.linux-x64),
/// with no warning, into a template that registers the bot on Teams and Direct Line and gives it Redis.
/// </summary>
public sealed partial class BicepTemplateTests
{
    private const string TemplatePath = "deploy/azure/main.bicep";
    private static readonly Lazy<(int ExitCode, string Json, string Diagnostics)> Build = new(() => RunBicep("build", RepositoryFiles.PathOf(TemplatePath), "--stdout"));

    [Fact]
    public void Build_MainBicep_CompilesWithoutErrorsOrWarnings()
    {
        var (exitCode, _, diagnostics) = Build.Value;

        Assert.True(exitCode == 0, diagnostics);
        Assert.True(diagnostics.Trim().Length == 0, diagnostics);
    }

    [Fact]
    public void Build_MainBicep_RegistersTheBotWithTeamsAndDirectLineChannels()
    {
        var resources = Resources();

        Assert.Single(resources, r => Type(r) == "Microsoft.BotService/botServices");
        var channels = resources.Where(r => Type(r) == "Microsoft.BotService/botServices/channels")
            .Select(r => r!["properties"]!["channelName"]!.GetValue<string>());
        Assert.Equal(["DirectLineChannel", "MsTeamsChannel"], channels.Order());
    }

    [Fact]
    public void Build_MainBicep_GivesTheAppRedisFromTheCachesKeysAndTheDirectLineSecretFromTheChannel()
    {
        var resources = Resources();
        Assert.Single(resources, r => Type(r) == "Microsoft.Cache/redis");
        var app = App(resources);

        Assert.Contains("listKeys(resourceId('Microsoft.Cache/redis'", Secret(app, SecretRef(app, "Redis__ConnectionString")), StringComparison.Ordinal);
        Assert.Contains("listChannelWithKeys(resourceId('Microsoft.BotService/botServices/channels'",
            Secret(app, SecretRef(app, "DirectLine__Secret")), StringComparison.Ordinal);
    }

    [Fact]
    public void Build_MainBicep_SetsOnlyKeysTheBotReads()
    {
        var names = EnvironmentNames(App(Resources()));

        Assert.Contains("Redis__ConnectionString", names);
        Assert.Contains("MicrosoftAppId", names);
        Assert.Empty(BotConfigurationKeys.Read().Problems(names));
    }

    [Fact]
    public void Build_MainBicep_ProbesHealthzOnThePortTheImageListensOn()
    {
        var template = Template();
        var app = App(Resources(template));
        var port = Dockerfile.Read().Port;
        Assert.Equal(port, Variable(template, app["properties"]!["configuration"]!["ingress"]!["targetPort"]!));

        var probes = app["properties"]!["template"]!["containers"]![0]!["probes"]!.AsArray()
            .ToDictionary(p => p!["type"]!.GetValue<string>(), p => p!["httpGet"]!);
        Assert.Equal("/healthz", probes["Startup"]["path"]!.GetValue<string>());
        Assert.Equal("/healthz", probes["Liveness"]["path"]!.GetValue<string>());
        Assert.Equal("/healthz", probes["Readiness"]["path"]!.GetValue<string>());
        Assert.All(probes.Values, p => Assert.Equal(port, Variable(template, p["port"]!)));
    }

    [Fact]
    public void ParametersExample_NamesOnlyTheTemplatesParametersAndEveryRequiredOne()
    {
        var declared = Template()["parameters"]!.AsObject();
        using var example = JsonDocument.Parse(RepositoryFiles.Read("deploy/azure/main.parameters.json"));
        var given = example.RootElement.GetProperty("parameters").EnumerateObject().Select(p => p.Name).ToList();

        Assert.All(given, name => Assert.True(declared.ContainsKey(name), $"main.parameters.json sets '{name}', which main.bicep does not declare."));
        var required = declared.Where(p => p.Value!["defaultValue"] is null).Select(p => p.Key);
        Assert.All(required, name => Assert.Contains(name, given));
    }

    private static JsonObject Template()
    {
        var (exitCode, json, diagnostics) = Build.Value;
        Assert.True(exitCode == 0, diagnostics);
        return JsonNode.Parse(json)!.AsObject();
    }

    private static List<JsonNode?> Resources(JsonObject? template = null) => (template ?? Template())["resources"]!.AsArray().ToList();

    private static string? Type(JsonNode? resource) => resource?["type"]?.GetValue<string>();

    private static JsonNode App(List<JsonNode?> resources) => Assert.Single(resources, r => Type(r) == "Microsoft.App/containerApps")!;

    /// <summary>
    /// The entries of the app's container env or of its secrets, each as text starting with its name. Bicep writes
    /// a list with conditional entries as one expression (createObject('name', ...)), a plain list as JSON.
    /// </summary>
    private static List<string> Entries(JsonNode list)
    {
        var text = list is JsonValue expression
            ? expression.GetValue<string>()
            : list.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        return EntryStart().Split(text).Skip(1).ToList();
    }

    private static List<string> EnvironmentNames(JsonNode app) =>
        Entries(app["properties"]!["template"]!["containers"]![0]!["env"]!).Select(e => e[..e.IndexOfAny(['\'', '"'])]).ToList();

    /// <summary>The name of the app secret an environment variable is set from.</summary>
    private static string SecretRef(JsonNode app, string environmentVariable)
    {
        var entry = Entries(app["properties"]!["template"]!["containers"]![0]!["env"]!)
            .Single(e => e.StartsWith(environmentVariable + "'", StringComparison.Ordinal) || e.StartsWith(environmentVariable + "\"", StringComparison.Ordinal));
        var match = Regex.Match(entry, """secretRef["']\s*[:,]\s*["']([\w-]+)""");
        Assert.True(match.Success, $"{environmentVariable} is not set from a secret of the app: {entry}");
        return match.Groups[1].Value;
    }

    /// <summary>The expression of an app secret's value.</summary>
    private static string Secret(JsonNode app, string name) =>
        Entries(app["properties"]!["configuration"]!["secrets"]!)
            .Single(e => e.StartsWith(name + "'", StringComparison.Ordinal) || e.StartsWith(name + "\"", StringComparison.Ordinal));

    /// <summary>A number written directly or as [variables('name')].</summary>
    private static int Variable(JsonObject template, JsonNode value)
    {
        if (value is JsonValue literal && literal.TryGetValue<int>(out var number))
        {
            return number;
        }

        var name = Regex.Match(value.GetValue<string>(), @"^\[variables\('(\w+)'\)\]$").Groups[1].Value;
        return template["variables"]![name]!.GetValue<int>();
    }

    private static (int ExitCode, string Stdout, string Stderr) RunBicep(params string[] arguments)
    {
        var start = new ProcessStartInfo(BicepExecutable(), arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            process.Kill();
            throw new TimeoutException($"bicep {string.Join(' ', arguments)} did not finish in 3 minutes.");
        }

        return (process.ExitCode, stdout.GetAwaiter().GetResult(), stderr.GetAwaiter().GetResult());
    }

    /// <summary>The package's bicep program, found under the folder restore put the package in (set at build time).</summary>
    private static string BicepExecutable()
    {
        var package = typeof(BicepTemplateTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .SingleOrDefault(a => a.Key == "BicepPackageDirectory")?.Value;
        if (string.IsNullOrEmpty(package) || !Directory.Exists(package))
        {
            throw new InvalidOperationException(
                $"The Azure.Bicep.CommandLine.linux-x64 package folder is unknown or missing ('{package}'); restore tests/FaqBot.Bot.Tests.");
        }

        var name = OperatingSystem.IsWindows() ? "bicep.exe" : "bicep";
        var bicep = Directory.EnumerateFiles(package, name, SearchOption.AllDirectories)
            .OrderBy(p => p.Contains($"{Path.DirectorySeparatorChar}tools{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? 0 : 1)
            .FirstOrDefault() ?? throw new FileNotFoundException($"No {name} in {package}.");
        if (OperatingSystem.IsWindows() || (File.GetUnixFileMode(bicep) & UnixFileMode.UserExecute) != 0)
        {
            return bicep;
        }

        // NuGet extracts the file mode the package was packed with, which may lack the execute bits. The package cache is
        // shared and not the tests' to change: they run a copy of their own, beside the test assembly, made executable.
        var copy = Path.Combine(Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "bicep")).FullName, name);
        if (!File.Exists(copy) || new FileInfo(copy).Length != new FileInfo(bicep).Length)
        {
            File.Copy(bicep, copy, overwrite: true);
        }

        File.SetUnixFileMode(copy, File.GetUnixFileMode(copy) | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        return copy;
    }

    [GeneratedRegex(@"createObject\('name', '|""name"":\s*""")]
    private static partial Regex EntryStart();
}
