using FaqBot.Bot.Tests.Hosting;
using FaqBot.Tests.Shared;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace FaqBot.Bot.Tests.WebChat;

/// <summary>
/// The page in a real browser. A class of its own, on a host of its own (a browser needs a real socket): it waits on
/// Chromium and on Web Chat's polling, so it runs beside the shared bot's tests rather than among them.
/// </summary>
public sealed class WebChatBrowserTests(ITestOutputHelper output)
{
    [ChromiumFact]
    public async Task Browser_AsksAQuestionAndClicksAButton_SeesTheAnswers()
    {
        await using var bot = new TestBot();
        bot.UseKestrel(0);
        bot.StartServer();
        using (await bot.ReadyClientAsync())
        {
        }

        var address = bot.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        using var playwright = await Playwright.CreateAsync();
        var profile = Directory.CreateTempSubdirectory("faqbot-chromium-");
        await using var browser = await playwright.Chromium.LaunchPersistentContextAsync(profile.FullName, new BrowserTypeLaunchPersistentContextOptions
        {
            ExecutablePath = ChromiumFactAttribute.ExecutablePath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--disable-quic"],
            ViewportSize = new ViewportSize { Width = 1000, Height = 900 },
        });
        var page = browser.Pages.Count > 0 ? browser.Pages[0] : await browser.NewPageAsync();
        var consoleErrors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                consoleErrors.Add(message.Text);
            }
        };

        try
        {
            // Beside the other test classes on two busy cores, parsing the 5 MB Web Chat bundle can outlast Playwright's
            // 30 s default for the load event (CI failed so once): wait for the response, then for the welcome itself.
            page.SetDefaultTimeout(120_000);
            await page.GotoAsync(address, new() { WaitUntil = WaitUntilState.Commit });
            await Expect(page.GetByText("Hi! I answer questions about the essay").First).ToBeVisibleAsync(new() { Timeout = 120_000 });

            var sendBox = page.GetByPlaceholder("Type your message");
            await sendBox.FillAsync("are they always enemies?");
            await sendBox.PressAsync("Enter");
            await Expect(page.GetByText("No, not really.", new() { Exact = false }).First).ToBeVisibleAsync(new() { Timeout = 60_000 });

            var essay = TestKnowledge.Default.Essay;
            var button = new Core.Replies.ReplyComposer(essay).Welcome().Actions[1];
            var example = essay.Faq(button.Value.Target!);
            await page.GetByRole(AriaRole.Button, new() { Name = button.Title, Exact = true }).First.ClickAsync();
            var firstSentence = Core.Text.SentenceSplitter.Split(example.Answer)[0];
            await Expect(page.GetByText(firstSentence, new() { Exact = false }).First).ToBeVisibleAsync(new() { Timeout = 60_000 });

            await page.GetByRole(AriaRole.Button, new() { Name = "Helpful", Exact = true }).Last.ClickAsync();
            await Expect(page.GetByText("Thanks for telling me").First).ToBeVisibleAsync(new() { Timeout = 60_000 });

            // A myth stated as true gets the rebuttal card, its vote offered as two small suggested actions.
            await sendBox.FillAsync("russia is just a declining power");
            await sendBox.PressAsync("Enter");
            await Expect(page.GetByText("Russia is just a declining power.", new() { Exact = false }).First).ToBeVisibleAsync(new() { Timeout = 60_000 });
            await Expect(page.Locator(".webchat__suggested-actions").GetByRole(AriaRole.Button, new() { Name = "Not helpful", Exact = true }))
                .ToBeVisibleAsync(new() { Timeout = 60_000 });
            await Expect(page.GetByText("Send failed")).ToHaveCountAsync(0);
        }
        finally
        {
            // Beside the test assembly, not in the repository: a test leaves nothing in the working copy.
            var screenshot = Path.Combine(Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "screenshots")).FullName, "webchat.png");
            await page.ScreenshotAsync(new() { Path = screenshot, FullPage = true });
            output.WriteLine($"Screenshot: {screenshot}");
            output.WriteLine($"Browser console errors: {string.Join(" | ", consoleErrors)}");
            await browser.CloseAsync();
            profile.Delete(recursive: true);
        }
    }
}
