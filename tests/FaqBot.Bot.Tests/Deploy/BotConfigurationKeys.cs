using System.Text.Json;
using System.Text.RegularExpressions;

namespace FaqBot.Bot.Tests.Deploy;

/// <summary>
/// The configuration keys the bot binds, read from its source: the keys of appsettings.json, the settable
/// properties of every options class (`const string SectionName` in its file) and key literals in the code
/// ("Redis:ConnectionString", Configuration["MicrosoftAppId"]). Deploy files set keys as environment variables,
/// and a misspelt one is silently ignored, so each is checked against these.
/// </summary>
internal sealed partial class BotConfigurationKeys
{
    private readonly HashSet<string> _keys;

    private BotConfigurationKeys(HashSet<string> keys)
    {
        _keys = keys;
    }

    public static BotConfigurationKeys Read()
    {
        var keys = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        using (var settings = JsonDocument.Parse(RepositoryFiles.Read("src/FaqBot.Bot/appsettings.json")))
        {
            AddJsonKeys(settings.RootElement, null, keys);
        }

        var sources = Directory.EnumerateFiles(RepositoryFiles.PathOf("src"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal));
        foreach (var file in sources)
        {
            var code = File.ReadAllText(file);
            if (SectionName().Match(code) is { Success: true } section)
            {
                foreach (Match property in SettableProperty().Matches(code))
                {
                    keys.Add($"{section.Groups[1].Value}:{property.Groups[1].Value}");
                }
            }

            keys.UnionWith(KeyLiteral().Matches(code).Select(m => m.Groups[1].Value));
            keys.UnionWith(ConfigurationIndexer().Matches(code).Select(m => m.Groups[1].Value));
        }

        return new BotConfigurationKeys(keys);
    }

    /// <summary>Null when the environment variable sets something the bot reads; otherwise what is wrong with it.</summary>
    public string? Problem(string environmentVariable)
    {
        if (environmentVariable.Equals("ASPNETCORE_URLS", StringComparison.OrdinalIgnoreCase))
        {
            return "ASPNETCORE_URLS is overridden by the Urls in appsettings.json: set Urls instead";
        }

        if (environmentVariable.StartsWith("ASPNETCORE_", StringComparison.OrdinalIgnoreCase)
            || environmentVariable.StartsWith("DOTNET_", StringComparison.OrdinalIgnoreCase))
        {
            return null; // read by the .NET host, not the bot
        }

        var key = environmentVariable.Replace("__", ":", StringComparison.Ordinal);
        if (_keys.Contains(key))
        {
            return null;
        }

        return $"{environmentVariable} sets '{key}', which the bot does not read";
    }

    /// <summary>Every problem among the names, one line each; empty when all are fine.</summary>
    public IReadOnlyList<string> Problems(IEnumerable<string> environmentVariables) =>
        environmentVariables.Select(Problem).OfType<string>().ToList();

    private static void AddJsonKeys(JsonElement element, string? prefix, HashSet<string> keys)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            keys.Add(prefix!);
            return;
        }

        if (prefix is not null)
        {
            keys.Add(prefix);
        }

        foreach (var property in element.EnumerateObject())
        {
            AddJsonKeys(property.Value, prefix is null ? property.Name : $"{prefix}:{property.Name}", keys);
        }
    }

    [GeneratedRegex("""const\s+string\s+SectionName\s*=\s*"(\w+)"\s*;""")]
    private static partial Regex SectionName();

    [GeneratedRegex("""public\s+(?:required\s+)?[\w<>\[\]?,.]+\s+(\w+)\s*\{\s*get;\s*(?:set|init);""")]
    private static partial Regex SettableProperty();

    [GeneratedRegex(""""([A-Z]\w*(?::[A-Z]\w*)+)"""")]
    private static partial Regex KeyLiteral();

    [GeneratedRegex("""Configuration\s*\[\s*"(\w+)"\s*\]""")]
    private static partial Regex ConfigurationIndexer();
}
