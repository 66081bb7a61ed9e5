using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using FaqBot.Tests.Shared;

namespace FaqBot.Bot.Tests.Security;

/// <summary>
/// The bot as its own process, started the way an operator starts it (`dotnet FaqBot.Bot.dll` with settings on the
/// command line and in the environment), on a free loopback port.
/// </summary>
public sealed class BotProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private bool OwnsFeedback { get; init; }

    private BotProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    /// <summary>This process's local feedback log (where votes go without Redis, or when Redis is down).</summary>
    public string FeedbackPath { get; private init; } = string.Empty;

    private string QuestionsPath { get; init; } = string.Empty;

    /// <summary>What the process printed, for a failing test's message.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <param name="feedbackPath">A feedback log that outlives the process (the caller deletes it); by default one of its own, deleted with it.</param>
    public static async Task<BotProcess> StartAsync(IReadOnlyDictionary<string, string> settings, IReadOnlyDictionary<string, string>? environment = null,
        string? feedbackPath = null)
    {
        var address = new Uri($"http://127.0.0.1:{FreePort()}");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "FaqBot.Bot.dll"));
        start.ArgumentList.Add($"--Urls={address}");
        start.ArgumentList.Add($"--Knowledge:ModelDirectory={TestKnowledge.ModelDirectory}");
        var ownsFeedback = feedbackPath is null;
        feedbackPath ??= Path.Combine(Path.GetTempPath(), $"faqbot-process-feedback-{Guid.NewGuid():N}.jsonl");
        start.ArgumentList.Add($"--Feedback:LogPath={feedbackPath}");

        // Its own question log, and no watching of the shipped essay the other hosts share (a setting below may say otherwise).
        var questionsPath = Path.Combine(Path.GetTempPath(), $"faqbot-process-questions-{Guid.NewGuid():N}.jsonl");
        start.ArgumentList.Add($"--Questions:LogPath={questionsPath}");
        start.ArgumentList.Add("--Knowledge:WatchEssay=false");
        foreach (var (key, value) in settings)
        {
            start.ArgumentList.Add($"--{key}={value}");
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var bot = new BotProcess(Process.Start(start)!, address) { FeedbackPath = feedbackPath, OwnsFeedback = ownsFeedback, QuestionsPath = questionsPath };
        bot._process.OutputDataReceived += (_, line) => bot.Record(line.Data);
        bot._process.ErrorDataReceived += (_, line) => bot.Record(line.Data);
        bot._process.BeginOutputReadLine();
        bot._process.BeginErrorReadLine();
        await bot.WaitUntilReadyAsync();
        return bot;
    }

    private void Record(string? line)
    {
        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    private async Task WaitUntilReadyAsync()
    {
        using var http = new HttpClient { BaseAddress = Address };
        // Five minutes, as TestBot waits: a cold cache means training beside every other host of the run.
        for (var attempt = 0; attempt < 3000 && !_process.HasExited; attempt++)
        {
            try
            {
                using var response = await http.GetAsync(new Uri("/healthz", UriKind.Relative));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(100);
        }

        throw new InvalidOperationException($"The bot process never became ready:\n{Output}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>SIGKILL, as the kernel's OOM killer or a node failure ends a process: no shutdown code runs.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
        File.Delete(QuestionsPath);
        if (OwnsFeedback)
        {
            File.Delete(FeedbackPath);
        }
    }
}
