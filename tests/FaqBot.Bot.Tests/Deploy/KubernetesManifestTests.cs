using YamlDotNet.RepresentationModel;

namespace FaqBot.Bot.Tests.Deploy;

/// <summary>
/// deploy/k8s, as `kubectl apply -k` would apply it. No cluster runs here, so these check what would silently
/// rot: probe paths and ports, the configuration keys set, and that secrets stay out of the ConfigMap.
/// </summary>
public sealed class KubernetesManifestTests
{
    private const string Folder = "deploy/k8s";
    private static readonly string[] SecretKeys = ["MicrosoftAppPassword", "DirectLine__Secret", "Redis__ConnectionString"];

    private readonly YamlNode _kustomization = RepositoryFiles.ReadYaml($"{Folder}/kustomization.yaml").Single();
    private readonly List<YamlMappingNode> _resources;
    private readonly BotConfigurationKeys _keys = BotConfigurationKeys.Read();

    public KubernetesManifestTests()
    {
        _resources = _kustomization.Items("resources").Cast<YamlScalarNode>()
            .SelectMany(file => RepositoryFiles.ReadYaml($"{Folder}/{file.Value}")).ToList();
    }

    [Fact]
    public void Kustomization_Resources_ListEveryManifestInTheFolder()
    {
        var listed = _kustomization.Items("resources").Cast<YamlScalarNode>().Select(r => r.Value);
        var files = Directory.EnumerateFiles(RepositoryFiles.PathOf(Folder), "*.yaml").Select(Path.GetFileName)
            .Where(f => f != "kustomization.yaml");
        Assert.Equal(files.Order(), listed.Order());
    }

    [Fact]
    public void Deployment_Probes_AskHealthzOnThePortTheBotListensOn()
    {
        var container = BotContainer();
        var port = Assert.Single(container.Items("ports"));
        var listensOn = RepositoryFiles.PortOf(ConfigMap()["Urls"]);
        Assert.Equal(listensOn.ToString(System.Globalization.CultureInfo.InvariantCulture), port.Text("containerPort"));

        foreach (var (probe, path) in new[] { ("startupProbe", "/healthz"), ("livenessProbe", "/healthz"), ("readinessProbe", "/healthz") })
        {
            var httpGet = container.Get(probe).Get("httpGet");
            Assert.Equal(path, httpGet.Text("path"));
            Assert.Contains(httpGet.Text("port"), new[] { port.Text("name"), port.Text("containerPort") });
        }
    }

    [Fact]
    public void Deployment_TwoReplicasWithRequestsAndLimits()
    {
        Assert.Equal("2", Resource("Deployment", "faqbot").Get("spec").Text("replicas"));
        var resources = BotContainer().Get("resources");
        foreach (var bound in new[] { "requests", "limits" })
        {
            Assert.NotEmpty(resources.Get(bound).Text("cpu"));
            Assert.NotEmpty(resources.Get(bound).Text("memory"));
        }
    }

    [Fact]
    public void Deployment_Environment_ComesFromTheConfigMapAndTheGeneratedSecret()
    {
        var sources = BotContainer().Items("envFrom").ToList();
        Assert.Contains(sources, s => s.Find("configMapRef")?.Text("name") == Resource("ConfigMap", "faqbot-config").Get("metadata").Text("name"));
        var secret = Assert.Single(_kustomization.Items("secretGenerator"));
        Assert.Contains(sources, s => s.Find("secretRef")?.Text("name") == secret.Text("name"));
    }

    [Fact]
    public void Environment_ConfigMapSecretAndEnv_SetOnlyKeysTheBotReads()
    {
        Assert.Empty(_keys.Problems(ConfigMap().Keys));
        Assert.Empty(_keys.Problems(SecretExample().Keys));
        Assert.Empty(_keys.Problems(BotContainer().Items("env").Select(e => e.Text("name"))));
    }

    [Fact]
    public void ConfigMap_HoldsNoSecret()
    {
        var keys = ConfigMap().Keys.ToList();
        Assert.DoesNotContain(keys, k => SecretKeys.Contains(k) || k.Contains("Password", StringComparison.OrdinalIgnoreCase)
            || k.Contains("Secret", StringComparison.OrdinalIgnoreCase) || k.Contains("ConnectionString", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(SecretKeys.Order(), SecretExample().Keys.Order());
    }

    [Fact]
    public void SecretsFile_IsIgnoredByGit()
    {
        var secret = Assert.Single(_kustomization.Items("secretGenerator"));
        var file = ((YamlScalarNode)Assert.Single(secret.Items("envs"))).Value;
        Assert.Contains($"{Folder}/{file}", RepositoryFiles.Read(".gitignore").Split('\n').Select(l => l.Trim()));
    }

    [Fact]
    public void Service_SendsToTheBotsPort()
    {
        var service = Resource("Service", "faqbot").Get("spec");
        var target = Assert.Single(service.Items("ports")).Text("targetPort");
        var port = Assert.Single(BotContainer().Items("ports"));
        Assert.Contains(target, new[] { port.Text("name"), port.Text("containerPort") });
        var podLabels = Resource("Deployment", "faqbot").Get("spec").Get("template").Get("metadata").Entries("labels");
        Assert.All(service.Entries("selector"), label => Assert.Equal(label.Value, podLabels[label.Key]));
    }

    [Fact]
    public void HorizontalPodAutoscaler_ScalesTheDeploymentOnCpu()
    {
        var hpa = Resource("HorizontalPodAutoscaler", "faqbot");
        Assert.Equal("autoscaling/v2", hpa.Text("apiVersion"));
        var spec = hpa.Get("spec");
        Assert.Equal("Deployment", spec.Get("scaleTargetRef").Text("kind"));
        Assert.Equal("faqbot", spec.Get("scaleTargetRef").Text("name"));
        Assert.True(int.Parse(spec.Text("minReplicas"), System.Globalization.CultureInfo.InvariantCulture) >= 2);
        Assert.Contains(spec.Items("metrics"), m => m.Find("resource")?.Text("name") == "cpu");
    }

    [Fact]
    public void RedisConnectionString_NamesTheRedisServiceAndPort()
    {
        var hostAndPort = SecretExample()["Redis__ConnectionString"].Split(',')[0].Split(':');
        var redis = Resource("Service", hostAndPort[0]).Get("spec");
        Assert.Contains(redis.Items("ports"), p => p.Text("port") == hostAndPort[1]);
        Assert.Contains(_resources, r => r.Text("kind") == "StatefulSet" && r.Get("spec").Text("serviceName") == hostAndPort[0]);
    }

    private YamlMappingNode Resource(string kind, string name) =>
        _resources.Single(r => r.Text("kind") == kind && r.Get("metadata").Text("name") == name);

    private YamlNode BotContainer() =>
        Assert.Single(Resource("Deployment", "faqbot").Get("spec").Get("template").Get("spec").Items("containers"));

    private IReadOnlyDictionary<string, string> ConfigMap() => Resource("ConfigMap", "faqbot-config").Entries("data");

    /// <summary>The committed example of secrets.env, the file kustomize turns into the Secret.</summary>
    private static Dictionary<string, string> SecretExample() =>
        RepositoryFiles.Read($"{Folder}/secrets.env.example").Split('\n')
            .Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
}
