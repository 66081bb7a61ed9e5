using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace FaqBot.Bot.Tests.Deploy;

/// <summary>The repository's own files, found from the test assembly upwards, and the YAML among them.</summary>
internal static class RepositoryFiles
{
    public static string Root => RepositoryPaths.Root;

    public static string PathOf(string relativePath) => Path.Combine(Root, relativePath);

    public static string Read(string relativePath) => File.ReadAllText(PathOf(relativePath));

    /// <summary>Every document of a YAML file, with merge keys (`&lt;&lt;: *bot`) applied as Compose applies them.</summary>
    public static IReadOnlyList<YamlMappingNode> ReadYaml(string relativePath)
    {
        var stream = new YamlStream();
        stream.Load(new MergingParser(new Parser(new StringReader(Read(relativePath)))));
        return stream.Documents.Select(d => d.RootNode).OfType<YamlMappingNode>().ToList();
    }

    /// <summary>`port` from a URL such as http://+:3978, as Kestrel reads the Urls setting.</summary>
    public static int PortOf(string url)
    {
        var colon = url.LastIndexOf(':');
        return int.Parse(url.AsSpan(colon + 1).TrimEnd('/'), System.Globalization.CultureInfo.InvariantCulture);
    }
}

/// <summary>Reading a YAML tree by key, with a failure that names the missing key.</summary>
internal static class YamlNodes
{
    public static YamlNode Get(this YamlNode node, string key) =>
        node is YamlMappingNode map && map.Children.TryGetValue(new YamlScalarNode(key), out var child)
            ? child
            : throw new KeyNotFoundException($"No '{key}' in {node.Start}.");

    public static YamlNode? Find(this YamlNode node, string key) =>
        node is YamlMappingNode map && map.Children.TryGetValue(new YamlScalarNode(key), out var child) ? child : null;

    public static string Text(this YamlNode node, string key) => ((YamlScalarNode)node.Get(key)).Value ?? "";

    public static IEnumerable<YamlNode> Items(this YamlNode node, string key) =>
        node.Find(key) is YamlSequenceNode sequence ? sequence.Children : [];

    /// <summary>A mapping's entries as text, e.g. a ConfigMap's data or a Compose service's environment.</summary>
    public static IReadOnlyDictionary<string, string> Entries(this YamlNode node, string key) =>
        node.Find(key) is YamlMappingNode map
            ? map.Children.ToDictionary(e => ((YamlScalarNode)e.Key).Value!, e => (e.Value as YamlScalarNode)?.Value ?? "")
            : new Dictionary<string, string>();
}
