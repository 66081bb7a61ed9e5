using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using FaqBot.Bot.Channel;
using FaqBot.Bot.Tests.DirectLine;
using FaqBot.Bot.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace FaqBot.Bot.Tests.Channel;

/// <summary>
/// The bot with its replies going to a loopback channel, retries short, rate limits out of the way, and a channel
/// client that can only connect to loopback: a generated service URL never sends anything off this machine.
/// </summary>
public sealed class FuzzedBot : IAsyncLifetime
{
    /// <summary>The fuzz tests share this bot: after each, it must still answer, which is part of what they check.</summary>
    public const string Collection = "Fuzzed bot";

    private TestBot _bot = null!;
    private readonly FailedTurnCounter _failedTurns = new();

    internal LoopbackChannel Channel { get; private set; } = null!;

    /// <summary>A client of the bot, ready to answer.</summary>
    internal HttpClient Http { get; private set; } = null!;

    /// <summary>Turns that failed after they started (the adapter logs each as an error), across all cases so far.</summary>
    internal int FailedTurns => _failedTurns.Count;

    public async Task InitializeAsync()
    {
        Channel = await LoopbackChannel.StartAsync();
        _bot = new TestBot(
            new Dictionary<string, string?>
            {
                ["ChannelResilience:Retry:Delay"] = "00:00:00.010",
                ["ChannelResilience:Retry:MaxRetryAttempts"] = "1",
                ["ChannelResilience:AttemptTimeout:Timeout"] = "00:00:02",
                ["ChannelResilience:TotalRequestTimeout:Timeout"] = "00:00:05",
                ["Channel:MessagesPerUserPerMinute"] = "100000",
                ["Channel:MessagesPerConversationPerMinute"] = "1000000",
                ["Channel:WebChatConversationsPerAddressPerMinute"] = "100000",
                // Thousands of turns: the console logger's line per request would cost more than the turns.
                ["Logging:LogLevel:Default"] = "Warning",
            },
            services: services =>
            {
                services.AddHttpClient(ChannelHttp.ClientName).ConfigurePrimaryHttpMessageHandler(LoopbackOnly);
                services.AddLogging(logging => logging.AddProvider(_failedTurns));
            });
        Http = await _bot.ReadyClientAsync();
    }

    internal async Task<int> PostAsync(string path, Json.Obj activity, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative))
        {
            Content = new ByteArrayContent(Encoding.UTF8.GetBytes(activity.ToString())),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using var response = await Http.SendAsync(request);
        return (int)response.StatusCode;
    }

    internal async Task<IReadOnlyList<DirectLineClient>> ChatsAsync(int count)
    {
        var chats = new List<DirectLineClient>();
        for (var i = 0; i < count; i++)
        {
            chats.Add(await DirectLineClient.StartAsync(Http));
        }

        return chats;
    }

    /// <summary>After the storm, a real question on each endpoint still gets the essay's answer.</summary>
    public async Task AssertStillAnswersAsync()
    {
        using var answer = await Http.PostAsJsonAsync("/api/messages", TestActivities.Message("are they always enemies?", user: "after-the-storm"));
        Assert.Contains("No, not really.", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var chat = await DirectLineClient.StartAsync(Http);
        await chat.PollAsync();
        await chat.SayAsync("are they always enemies?");
        Assert.Contains(await chat.PollAsync(), a => a.TryGetProperty("text", out var text)
            && text.GetString()!.Contains("No, not really.", StringComparison.Ordinal));
    }

    private static SocketsHttpHandler LoopbackOnly() => new()
    {
        ConnectCallback = async (context, cancellationToken) =>
        {
            var host = context.DnsEndPoint.Host;
            if (!(host == "localhost" || (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address))))
            {
                throw new HttpRequestException($"The fuzzed bot only talks to loopback, not to '{host}'.");
            }

            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };

    /// <summary>Counts what the adapter logs at Error: a turn that failed, or an apology that could not be delivered.</summary>
    private sealed class FailedTurnCounter : ILoggerProvider, ILogger
    {
        private const string AdapterCategory = "FaqBot.Bot.Hosting.FaqBotAdapter";
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public ILogger CreateLogger(string categoryName) => categoryName == AdapterCategory ? this : NullLogger.Instance;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel >= LogLevel.Error)
            {
                Interlocked.Increment(ref _count);
            }
        }

        public void Dispose()
        {
        }
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        await _bot.DisposeAsync();
        await Channel.DisposeAsync();
    }
}

[CollectionDefinition(FuzzedBot.Collection)]
public sealed class FuzzedBotCollection : ICollectionFixture<FuzzedBot>;
