using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using FaqBot.Bot.Tests.Hosting;
using FaqBot.Tests.Shared;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace FaqBot.Bot.Tests.Admin;

/// <summary>The curator's console as a curator and an outsider meet it: who gets in, what it shows, what a label writes.</summary>
public sealed partial class AdminConsoleTests : IDisposable
{
    private const string Key = "a-long-admin-key-for-tests";
    private readonly string _data = Directory.CreateTempSubdirectory("faqbot-admin-data-").FullName;

    public void Dispose() => Directory.Delete(_data, recursive: true);

    /// <summary>A bot whose requests come from <paramref name="remote"/> (the test server has no socket of its own).</summary>
    private TestBot Bot(IPAddress? remote, string? key = null, string? essay = null)
    {
        var settings = new Dictionary<string, string?> { ["Knowledge:DataDirectory"] = _data };
        if (essay is not null)
        {
            settings["Knowledge:EssayPath"] = essay;
            settings["Knowledge:WatchEssay"] = "true";
        }

        if (key is not null)
        {
            settings["Admin:Key"] = key;
        }

        return new TestBot(settings, services: services => services.AddSingleton<IStartupFilter>(new RemoteAddress(remote)));
    }

    [Fact]
    public async Task FromThisMachine_ShowsWhatPeopleAskedWithTheNumbersBehindEachChart()
    {
        await using var bot = Bot(IPAddress.Loopback);
        using var http = await bot.ReadyClientAsync();
        await AskAsync(http, "are they always enemies?");
        await AskAsync(http, "give me a lasagne recipe");

        var page = await http.GetStringAsync(new Uri("/admin", UriKind.Relative));

        Assert.Contains("2 questions recorded", page, StringComparison.Ordinal);
        Assert.Contains("<svg role=\"img\" aria-label=\"Questions per day by reply kind\"", page, StringComparison.Ordinal);
        Assert.Contains("<summary>The numbers</summary>", page, StringComparison.Ordinal);
        Assert.Contains("Are the U.S. and Russia always going to be enemies?</td><td>1</td>", page, StringComparison.Ordinal);
        Assert.Contains("give me a lasagne recipe", page, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("X-Forwarded-For")]
    [InlineData("Forwarded")]
    public async Task FromThisMachineThroughAProxy_IsRefused(string header)
    {
        await using var bot = Bot(IPAddress.Loopback);
        using var http = await bot.ReadyClientAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/admin");
        request.Headers.Add(header, "203.0.113.7");

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.DoesNotContain("questions recorded", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task FromElsewhereWithNoKeyConfigured_IsRefusedAndToldHowToOpenIt()
    {
        await using var bot = Bot(IPAddress.Parse("203.0.113.7"));
        using var http = await bot.ReadyClientAsync();

        using var response = await http.GetAsync(new Uri("/admin", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("Admin:Key", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, HttpStatusCode.Unauthorized)]
    [InlineData("the-wrong-key", HttpStatusCode.Unauthorized)]
    [InlineData(Key, HttpStatusCode.OK)]
    public async Task FromElsewhere_OpensOnlyWithTheKey(string? presented, HttpStatusCode expected)
    {
        await using var bot = Bot(IPAddress.Parse("203.0.113.7"), Key);
        using var http = await bot.ReadyClientAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/admin");
        if (presented is not null)
        {
            request.Headers.Add("X-FaqBot-Admin-Key", presented);
        }

        using var response = await http.SendAsync(request);

        Assert.Equal(expected, response.StatusCode);
    }

    /// <summary>A bot with Entra ID sign-in configured (its OpenID metadata given, so nothing is fetched), seen from elsewhere.</summary>
    private TestBot SignInBot(ClaimsPrincipal? user)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Knowledge:DataDirectory"] = _data,
            ["AzureAd:Instance"] = "https://login.microsoftonline.com/",
            ["AzureAd:TenantId"] = "00000000-0000-0000-0000-000000000001",
            ["AzureAd:ClientId"] = "00000000-0000-0000-0000-000000000002",
        };
        return new TestBot(settings, services: services =>
        {
            services.AddSingleton<IStartupFilter>(new RemoteAddress(IPAddress.Parse("203.0.113.7"), user));
            services.PostConfigure<OpenIdConnectOptions>(OpenIdConnectDefaults.AuthenticationScheme, options =>
            {
                options.Configuration = new OpenIdConnectConfiguration
                {
                    AuthorizationEndpoint = "https://login.example/authorize",
                    Issuer = "https://login.example/",
                };
                options.ConfigurationManager = new StaticConfigurationManager<OpenIdConnectConfiguration>(options.Configuration);
            });
        });
    }

    [Fact]
    public async Task SignInConfigured_SomeoneNotSignedIn_IsSentToEntraSignIn()
    {
        await using var bot = SignInBot(user: null);
        using var http = bot.CreateClient(new() { AllowAutoRedirect = false });
        await new TestBot.ReadyProbe(http).WaitAsync();

        using var response = await http.GetAsync(new Uri("/admin", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("https://login.example/authorize?client_id=00000000-0000-0000-0000-000000000002", response.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("FaqBot.Curator", HttpStatusCode.OK)]
    [InlineData("Reader", HttpStatusCode.Forbidden)]
    public async Task SignInConfigured_SignedInUser_GetsInOnlyWithTheCuratorRole(string role, HttpStatusCode expected)
    {
        var user = new ClaimsPrincipal(new ClaimsIdentity([new Claim("name", "Curator"), new Claim("roles", role)], "test", "name", "roles"));
        await using var bot = SignInBot(user);
        using var http = await bot.ReadyClientAsync();

        using var response = await http.GetAsync(new Uri("/admin", UriKind.Relative));

        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task Label_ChosenReviewItems_AreWrittenToTheEssaysCuratedTrainingData()
    {
        await using var bot = Bot(IPAddress.Loopback);
        using var http = await bot.ReadyClientAsync();
        await AskAsync(http, "give me a lasagne recipe");
        await AskAsync(http, "who won the world cup");
        var token = Token(await http.GetStringAsync(new Uri("/admin", UriKind.Relative)));

        using var response = await http.PostAsync(new Uri("/admin/label", UriKind.Relative), Form(token, "out-of-scope", "1", "2"));

        // The client follows the redirect back to the console, which says what was added.
        Assert.Contains("Added 2 example(s)", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var written = File.ReadAllLines(Path.Combine(_data, "us-russia-relations", "train.tsv"));
        Assert.Equal(["out-of-scope\tgive me a lasagne recipe", "out-of-scope\twho won the world cup"], written);
    }

    [Fact]
    public async Task LabelThenRetrain_SwapsInAnEngineThatAnswersTheLabelledQuestion_WhileEveryTurnMeanwhileIsAnswered()
    {
        const string Question = "perpetual rivalry?";
        const string Faq = "faq:are-the-u-s-and-russia-always-going-to-be-enemies";
        await using var bot = Bot(IPAddress.Loopback);
        using var http = await bot.ReadyClientAsync();
        await AskAsync(http, "give me a lasagne recipe");
        // The premise: before the label the bot does not answer it (a refit of the shipped model can change that).
        Assert.DoesNotContain("No, not really.", await AskAsync(http, Question, "c1"), StringComparison.Ordinal);
        await AskAsync(http, "None of these", "c1");
        var page = await http.GetStringAsync(new Uri("/admin", UriKind.Relative));
        var item = Regex.Match(page, "value=\"(\\d+)\" id=\"item\\d+\"></td><td><label for=\"item\\d+\">" + Regex.Escape(Question)).Groups[1].Value;
        using (var labelled = await http.PostAsync(new Uri("/admin/label", UriKind.Relative), Form(Token(page), Faq, item)))
        {
            Assert.Contains("Added 1 example(s)", await labelled.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using var retrain = await http.PostAsync(new Uri("/admin/retrain", UriKind.Relative), Form(Token(page), "unused"));
        var turns = Enumerable.Range(0, 40).Select(i => http.PostAsJsonAsync("/api/messages", TestActivities.Message($"what limits does New START set? {i}"))).ToList();
        await bot.Services.GetRequiredService<FaqBot.Bot.Admin.Retrainer>().Completion;
        var meanwhile = await Task.WhenAll(turns);

        Assert.All(meanwhile, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var status = await http.GetStringAsync(new Uri("/admin", UriKind.Relative));
        Assert.Contains("Swapped in", status, StringComparison.Ordinal);
        using var answer = await http.PostAsJsonAsync("/api/messages", TestActivities.Message(Question));
        Assert.Contains("No, not really.", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Retrain_WhoseEngineAnswersTheHeldOutQuestionsWorse_KeepsTheLiveEngineAndSaysWhy()
    {
        // Held-out questions the live engine answers rightly, and curated examples that teach the opposite answers.
        var folder = Directory.CreateDirectory(Path.Combine(_data, "us-russia-relations")).FullName;
        string[] questions = ["do sanctions solve every problem", "is russia merely a fading power", "can presidents on their own mend the ties"];
        string[] right = ["faq:do-sanctions-fix-everything", "faq:is-russia-just-a-declining-power", "faq:can-leaders-alone-fix-this-relationship"];
        File.WriteAllLines(Path.Combine(folder, "heldout.tsv"), questions.Zip(right, (q, l) => $"{l}\t{q}"));
        await using var bot = Bot(IPAddress.Loopback);
        using var http = await bot.ReadyClientAsync();
        File.WriteAllLines(Path.Combine(folder, "train.tsv"), questions.SelectMany(q => Enumerable.Repeat($"out-of-scope\t{q}", 1)));
        var page = await http.GetStringAsync(new Uri("/admin", UriKind.Relative));

        using var retrain = await http.PostAsync(new Uri("/admin/retrain", UriKind.Relative), Form(Token(page), "unused"));
        await bot.Services.GetRequiredService<FaqBot.Bot.Admin.Retrainer>().Completion;

        var status = await http.GetStringAsync(new Uri("/admin", UriKind.Relative));
        Assert.True(status.Contains("Kept the live engine", StringComparison.Ordinal), status[status.IndexOf("id=\"retrain\"", StringComparison.Ordinal)..]);
        using var answer = await http.PostAsJsonAsync("/api/messages", TestActivities.Message(questions[0]));
        Assert.Contains("Sanctions are a tool, not a magic fix.", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task EssayEditedWhileAConversationIsOpen_IsSwappedInFollowUpsOnTheGoneAnswerAreGracefulAndTheConsoleFlagsIt()
    {
        var essay = Path.Combine(_data, "us-russia-relations.txt");
        File.Copy(TestKnowledge.EssayPath("us-russia-relations.txt"), essay);
        await using var bot = Bot(IPAddress.Loopback, essay: essay);
        using var http = await bot.ReadyClientAsync();
        using (var first = await http.PostAsJsonAsync("/api/messages", TestActivities.Message("what limits does New START set?", conversation: "open")))
        {
            Assert.Contains("Diplomacy in Action: Trying to Talk It Out", await first.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        File.WriteAllText(essay, File.ReadAllText(essay).Replace("Diplomacy in Action: Trying to Talk It Out", "Diplomacy at Work", StringComparison.Ordinal));
        var retrainer = bot.Services.GetRequiredService<FaqBot.Bot.Admin.Retrainer>();
        for (var i = 0; i < 1200 && retrainer.Status.Swapped is null; i++)
        {
            await Task.Delay(100);
        }

        await retrainer.Completion;
        Assert.True(retrainer.Status.Swapped, retrainer.Status.Outcome);
        using var more = await http.PostAsJsonAsync("/api/messages", TestActivities.Message("tell me more", conversation: "open"));
        Assert.Contains("The essay has changed since that answer", await more.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var again = await http.PostAsJsonAsync("/api/messages", TestActivities.Message("what limits does New START set?", conversation: "open"));
        Assert.Contains("Diplomacy at Work", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var console = await http.GetStringAsync(new Uri("/admin", UriKind.Relative));
        Assert.Contains("<td>section:diplomacy-in-action-trying-to-talk-it-out</td><td>no longer in the essay</td>", console, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Retrain_WithoutTheAntiForgeryToken_IsRefused()
    {
        await using var bot = Bot(IPAddress.Loopback);
        using var http = await bot.ReadyClientAsync();

        using var response = await http.PostAsync(new Uri("/admin/retrain", UriKind.Relative), Form(null, "unused"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(bot.Services.GetRequiredService<FaqBot.Bot.Admin.Retrainer>().Status.Started);
    }

    [Fact]
    public async Task Label_WithoutTheAntiForgeryToken_IsRefusedAndWritesNothing()
    {
        await using var bot = Bot(IPAddress.Loopback);
        using var http = await bot.ReadyClientAsync();
        await AskAsync(http, "give me a lasagne recipe");

        using var response = await http.PostAsync(new Uri("/admin/label", UriKind.Relative), Form(null, "out-of-scope", "1"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(Directory.Exists(Path.Combine(_data, "us-russia-relations")));
    }

    [Fact]
    public async Task Label_ThatIsNoAnswerOfTheEssay_IsRefused()
    {
        await using var bot = Bot(IPAddress.Loopback);
        using var http = await bot.ReadyClientAsync();
        await AskAsync(http, "give me a lasagne recipe");
        var token = Token(await http.GetStringAsync(new Uri("/admin", UriKind.Relative)));

        using var response = await http.PostAsync(new Uri("/admin/label", UriKind.Relative), Form(token, "faq:not-in-this-essay", "1"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task WhatUsersTyped_IsShownAsTextNeverAsMarkup()
    {
        await using var bot = Bot(IPAddress.Loopback);
        using var http = await bot.ReadyClientAsync();
        await AskAsync(http, "<img src=x onerror=alert(1)> lasagne");

        var page = await http.GetStringAsync(new Uri("/admin", UriKind.Relative));

        Assert.DoesNotContain("<img src=x", page, StringComparison.Ordinal);
        Assert.Contains("&lt;img src=x onerror=alert(1)&gt; lasagne", page, StringComparison.Ordinal);
    }

    private static async Task<string> AskAsync(HttpClient http, string text, string? conversation = null)
    {
        using var response = await http.PostAsJsonAsync("/api/messages", TestActivities.Message(text, conversation: conversation));
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }

    private static string Token(string page) => TokenField().Match(page).Groups[1].Value;

    private static FormUrlEncodedContent Form(string? token, string label, params string[] items) => new(
        (token is null ? [] : new[] { new KeyValuePair<string, string>("__RequestVerificationToken", token) })
            .Append(new KeyValuePair<string, string>("label", label))
            .Concat(items.Select(i => new KeyValuePair<string, string>("item", i))));

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();

    /// <summary>Requests as if from <paramref name="remote"/>, and, when given, already signed in as <paramref name="user"/>.</summary>
    private sealed class RemoteAddress(IPAddress? remote, ClaimsPrincipal? user = null) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, following) =>
            {
                context.Connection.RemoteIpAddress = remote;
                if (user is not null)
                {
                    context.User = user;
                }

                return following(context);
            });
            next(app);
        };
    }
}
