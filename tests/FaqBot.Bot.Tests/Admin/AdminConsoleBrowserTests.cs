using System.Net.Http.Json;
using FaqBot.Bot.Tests.Hosting;
using FaqBot.Bot.Tests.WebChat;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace FaqBot.Bot.Tests.Admin;

/// <summary>
/// The console in a real browser, as a curator uses it from the machine the bot runs on: the charts over a few scripted
/// conversations, a label on an unanswered question, a retrain, and the bot answering that question afterwards.
/// </summary>
public sealed class AdminConsoleBrowserTests(ITestOutputHelper output) : IDisposable
{
    private const string Unanswered = "perpetual rivalry?";
    private readonly string _data = Directory.CreateTempSubdirectory("faqbot-console-data-").FullName;

    public void Dispose() => Directory.Delete(_data, recursive: true);

    [ChromiumFact]
    public async Task Curator_LabelsAnUnansweredQuestionAndRetrains_TheBotThenAnswersIt()
    {
        await using var bot = new TestBot(new Dictionary<string, string?> { ["Knowledge:DataDirectory"] = _data });
        bot.UseKestrel(0);
        bot.StartServer();
        using var http = await bot.ReadyClientAsync();
        foreach (var (text, conversation) in new[]
        {
            ("are they always enemies?", "a"), ("what limits does New START set?", "a"), ("sanctions always work", "b"),
            ("give me a lasagne recipe", "c"), (Unanswered, "d"), ("None of these", "d"),
        })
        {
            (await http.PostAsJsonAsync("/api/messages", TestActivities.Message(text, conversation: conversation))).EnsureSuccessStatusCode();
        }

        var address = bot.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        using var playwright = await Playwright.CreateAsync();
        var profile = Directory.CreateTempSubdirectory("faqbot-chromium-");
        await using var browser = await playwright.Chromium.LaunchPersistentContextAsync(profile.FullName, new BrowserTypeLaunchPersistentContextOptions
        {
            ExecutablePath = ChromiumFactAttribute.ExecutablePath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
            ViewportSize = new ViewportSize { Width = 1100, Height = 1400 },
        });
        var page = browser.Pages.Count > 0 ? browser.Pages[0] : await browser.NewPageAsync();
        var screenshots = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "screenshots")).FullName;
        try
        {
            await page.GotoAsync($"{address}/admin");
            await Expect(page.GetByText("5 questions recorded", new() { Exact = false })).ToBeVisibleAsync();
            await Expect(page.GetByRole(AriaRole.Img, new() { Name = "Questions per day by reply kind" })).ToBeVisibleAsync();
            await page.GetByText("The numbers").First.ClickAsync();
            await Expect(page.GetByRole(AriaRole.Columnheader, new() { Name = "fallback" }).First).ToBeVisibleAsync();
            await page.ScreenshotAsync(new() { Path = Path.Combine(screenshots, "console.png"), FullPage = true });

            await page.GetByLabel(Unanswered).CheckAsync();
            await page.GetByLabel("Label the chosen questions").SelectOptionAsync(new SelectOptionValue { Label = "FAQ: Are the U.S. and Russia always going to be enemies?" });
            await page.GetByRole(AriaRole.Button, new() { Name = "Add to training data" }).ClickAsync();
            await Expect(page.GetByText("Added 1 example(s)", new() { Exact = false })).ToBeVisibleAsync();
            await Expect(page.GetByText("labelled Are the U.S. and Russia always going to be enemies?", new() { Exact = false })).ToBeVisibleAsync();

            await page.GetByRole(AriaRole.Button, new() { Name = "Retrain" }).ClickAsync();
            await Expect(page.GetByText("Swapped in", new() { Exact = false })).ToBeVisibleAsync(new() { Timeout = 180_000 });
            await page.ScreenshotAsync(new() { Path = Path.Combine(screenshots, "console-retrained.png"), FullPage = true });
            output.WriteLine($"Screenshots: {screenshots}/console.png, console-retrained.png");

            using var answer = await http.PostAsJsonAsync("/api/messages", TestActivities.Message(Unanswered, conversation: "e"));
            Assert.Contains("No, not really.", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        catch
        {
            await page.ScreenshotAsync(new() { Path = Path.Combine(screenshots, "console-failed.png"), FullPage = true });
            output.WriteLine($"Screenshot of the failure: {screenshots}/console-failed.png");
            throw;
        }
        finally
        {
            await browser.CloseAsync();
            profile.Delete(recursive: true);
        }
    }
}
