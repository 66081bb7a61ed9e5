using System.Collections.Concurrent;
using System.Net.Http.Json;
using FaqBot.Bot.Tests.Channel;
using FaqBot.Bot.Tests.DirectLine;
using FaqBot.Bot.Tests.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FaqBot.Bot.Tests.Security;

public sealed class LogPrivacyTests
{
    [Fact]
    public async Task Logs_AtInformationOrAbove_NeverContainWhatTheUserTyped()
    {
        const string Secret = "my codeword is xylophone-quokka, are they always enemies?";
        var logs = new CapturingLoggerProvider();
        await using var bot = new TestBot();
        await using var logged = bot.WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
            services.AddLogging(logging => logging.AddProvider(logs).AddFilter<CapturingLoggerProvider>(null, LogLevel.Trace))));
        using var http = logged.CreateClient();
        await new TestBot.ReadyProbe(http).WaitAsync();

        using var viaChannel = await http.PostAsJsonAsync("/api/messages", TestActivities.Message(Secret));
        var chat = await DirectLineClient.StartAsync(http);
        await chat.SayAsync(Secret);
        await chat.PollAsync();

        // The turns ran and were logged (the answer's kind and confidence, at Debug), and nothing at Information or above repeats the text.
        Assert.Contains(logs.Entries, e => e.Level == LogLevel.Debug && e.Message.StartsWith("Answered with", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Entries, e => e.Level >= LogLevel.Information && e.Message.Contains("quokka", StringComparison.OrdinalIgnoreCase));
    }

    private sealed class CapturingLoggerProvider : ILoggerProvider
    {
        public ConcurrentQueue<(LogLevel Level, string Message)> Entries { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(Entries);

        public void Dispose()
        {
        }

        private sealed class Logger(ConcurrentQueue<(LogLevel, string)> entries) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                entries.Enqueue((logLevel, formatter(state, exception) + exception));
        }
    }
}
