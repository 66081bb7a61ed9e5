using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using FaqBot.Bot.Tests.Security;
using FaqBot.Tests.Shared;

namespace FaqBot.Bot.Tests.Storage;

/// <summary>
/// Two replicas on one redis-server, each with a data folder of its own: a curator labels and retrains on one, and the
/// other takes the label and answers with it too, with nothing done to it.
/// </summary>
public sealed partial class CuratedReplicaTests : IAsyncLifetime
{
    private const string Unanswered = "perpetual rivalry?";
    private readonly string _dataA = Directory.CreateTempSubdirectory("faqbot-replica-a-").FullName;
    private readonly string _dataB = Directory.CreateTempSubdirectory("faqbot-replica-b-").FullName;
    private RedisServer? _redis;
    private BotProcess? _a;
    private BotProcess? _b;

    public async Task InitializeAsync()
    {
        if (!File.Exists(RedisServer.ExecutablePath))
        {
            return;
        }

        _redis = await RedisServer.StartAsync();
        var prefix = $"faqbot-curated-{Guid.NewGuid():N}:";
        Task<BotProcess> Start(string data) => BotProcess.StartAsync(new Dictionary<string, string>
        {
            ["Redis:ConnectionString"] = _redis.ConnectionString,
            ["Redis:KeyPrefix"] = prefix,
            ["Knowledge:DataDirectory"] = data,
        });
        var starting = new[] { Start(_dataA), Start(_dataB) };
        (_a, _b) = (await starting[0], await starting[1]);
    }

    public async Task DisposeAsync()
    {
        foreach (var replica in new[] { _a, _b }.OfType<BotProcess>())
        {
            await replica.DisposeAsync();
        }

        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }

        Directory.Delete(_dataA, recursive: true);
        Directory.Delete(_dataB, recursive: true);
    }

    [RedisFact]
    public async Task LabelAndRetrainOnReplicaA_ReachReplicaBByThemselves()
    {
        using var a = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = _a!.Address };
        // The premise: before the label the bot does not answer it (a refit of the shipped model can change that).
        Assert.DoesNotContain("No, not really.", await SayAsync(a, Unanswered), StringComparison.Ordinal);
        await SayAsync(a, "None of these");
        var page = await a.GetStringAsync(new Uri("/admin", UriKind.Relative));
        var token = TokenField().Match(page).Groups[1].Value;
        var item = ItemOf().Match(page).Groups[1].Value;

        using (var labelled = await a.PostAsync(new Uri("/admin/label", UriKind.Relative), Form(token,
            ("label", "faq:are-the-u-s-and-russia-always-going-to-be-enemies"), ("item", item))))
        {
            Assert.Contains("Added 1 example(s)", await labelled.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (await a.PostAsync(new Uri("/admin/retrain", UriKind.Relative), Form(token)))
        {
        }

        using var b = new HttpClient { BaseAddress = _b!.Address };
        var answer = string.Empty;
        for (var attempt = 0; attempt < 240 && !answer.Contains("No, not really.", StringComparison.Ordinal); attempt++)
        {
            await Task.Delay(500);
            answer = await SayAsync(b, Unanswered);
        }

        Assert.True(answer.Contains("No, not really.", StringComparison.Ordinal), $"Replica B never answered with the label. A: {_a.Output}\nB: {_b.Output}");
        Assert.Contains(Unanswered, File.ReadAllText(Path.Combine(_dataB, "us-russia-relations", "train.tsv")), StringComparison.Ordinal);
    }

    private static async Task<string> SayAsync(HttpClient http, string text)
    {
        using var response = await http.PostAsJsonAsync("/api/messages", TestActivities.Message(text, conversation: "curator"));
        return await response.Content.ReadAsStringAsync();
    }

    private static FormUrlEncodedContent Form(string token, params (string Name, string Value)[] fields) =>
        new(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)).Prepend(new("__RequestVerificationToken", token)));

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();

    private static Regex ItemOf() => new($"value=\"(\\d+)\" id=\"item\\d+\"></td><td><label for=\"item\\d+\">{Regex.Escape(Unanswered)}");
}
