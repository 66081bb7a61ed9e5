using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using CsCheck;
using FaqBot.Bot.Channel;
using FaqBot.Bot.Tests.DirectLine;
using FaqBot.Bot.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit.Abstractions;

namespace FaqBot.Bot.Tests.Channel;

/// <summary>
/// Property: whatever JSON value any field of an activity holds (wrong types, empty, huge, lone surrogates, control
/// characters, nesting), the real host answers below 500, on /api/messages and on the local Direct Line, and a turn it
/// accepts does not fail (unless the activity sends its replies somewhere that cannot take them): wrong input is refused
/// at the validation layer. CsCheck generates thousands of activities per run from a new seed each time and, on a
/// failure, keeps sampling for the smallest failing one, which it prints with the seed that replays it
/// (CsCheck_Seed=... dotnet test ...).
/// </summary>
public sealed class ActivityPropertyTests(ActivityPropertyTests.FuzzedBot host, ITestOutputHelper output) : IClassFixture<ActivityPropertyTests.FuzzedBot>
{
    /// <summary>Cases per endpoint per run; FUZZ_CASES raises it for a longer local hunt.</summary>
    private static readonly int Cases = int.TryParse(Environment.GetEnvironmentVariable("FUZZ_CASES"), out var cases) ? cases : 4_000;

    [Fact]
    public async Task PostMessages_AnyFieldAnyJsonValue_NeverAnswers5xxNorFailsTheTurn()
    {
        var statuses = new ConcurrentDictionary<int, int>();
        var cases = 0;
        await ActivityShape.Mutated(ActivityShape.Channel(host.Channel.ServiceUrl)).SampleAsync(
            async activity =>
            {
                // Replies of each case go to a service URL of their own, so a failed turn is pinned on the case that caused it.
                var caller = $"case-{Interlocked.Increment(ref cases)}";
                var posted = activity["serviceUrl"] is Json.Str { Value: var url } && url == host.Channel.ServiceUrl
                    ? activity.With(["serviceUrl"], new Json.Str(host.Channel.ServiceUrlFor(caller)))
                    : activity;
                var failedBefore = host.FailedTurns;
                var status = await host.PostAsync("/api/messages", posted, token: null);
                statuses.AddOrUpdate(status, 1, (_, n) => n + 1);
                Assert.True(status < 500, $"{status} for {Print(activity)}");

                // A turn may fail only when the activity sends its replies somewhere that cannot take them.
                Assert.True(ReferenceEquals(posted, activity) || host.FailedTurns == failedBefore, $"the turn failed for {Print(activity)}");
            },
            iter: Cases, threads: 1, print: Print);

        output.WriteLine($"{statuses.Values.Sum()} activities: " + string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Value} x {s.Key}")));
        await host.AssertStillAnswersAsync();
    }

    [Fact]
    public async Task PostDirectLineActivity_AnyFieldAnyJsonValue_NeverAnswers5xxNorFailsTheTurn()
    {
        var statuses = new ConcurrentDictionary<int, int>();
        var chats = await host.ChatsAsync(Cases / 100 + 1);
        await Gen.Int[0, chats.Count - 1].SelectMany(chat => ActivityShape.Mutated(ActivityShape.WebChat(chats[chat].UserId)).Select(activity => (chats[chat], activity)))
            .SampleAsync(
                async sample =>
                {
                    var (chat, activity) = sample;
                    var failedBefore = host.FailedTurns;
                    var status = await host.PostAsync($"/v3/directline/conversations/{chat.ConversationId}/activities", activity, chat.Token);
                    statuses.AddOrUpdate(status, 1, (_, n) => n + 1);
                    Assert.True(status < 500, $"{status} for {Print(activity)}");
                    Assert.True(host.FailedTurns == failedBefore, $"the turn failed for {Print(activity)}");
                },
                iter: Cases, threads: 1, print: sample => Print(sample.activity));

        output.WriteLine($"{statuses.Values.Sum()} activities: " + string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Value} x {s.Key}")));
        await host.AssertStillAnswersAsync();
    }

    /// <summary>The body as posted, cut short where a field holds megabytes.</summary>
    private static string Print(Json.Obj activity)
    {
        var text = activity.ToString();
        return text.Length <= 4_000 ? text : $"{text[..4_000]}... ({text.Length} characters)";
    }

    /// <summary>
    /// The bot with its replies going to a loopback channel, retries short, rate limits out of the way, and a channel
    /// client that can only connect to loopback: a generated service URL never sends anything off this machine.
    /// </summary>
    public sealed class FuzzedBot : IAsyncLifetime
    {
        private TestBot _bot = null!;
        private readonly FailedTurnCounter _failedTurns = new();
        private HttpClient _http = null!;

        internal LoopbackChannel Channel { get; private set; } = null!;

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
            _http = await _bot.ReadyClientAsync();
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

            using var response = await _http.SendAsync(request);
            return (int)response.StatusCode;
        }

        internal async Task<IReadOnlyList<DirectLineClient>> ChatsAsync(int count)
        {
            var chats = new List<DirectLineClient>();
            for (var i = 0; i < count; i++)
            {
                chats.Add(await DirectLineClient.StartAsync(_http));
            }

            return chats;
        }

        /// <summary>After the storm, a real question on each endpoint still gets the essay's answer.</summary>
        public async Task AssertStillAnswersAsync()
        {
            using var answer = await _http.PostAsJsonAsync("/api/messages", TestActivities.Message("are they always enemies?", user: "after-the-storm"));
            Assert.Contains("No, not really.", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            var chat = await DirectLineClient.StartAsync(_http);
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
            _http.Dispose();
            await _bot.DisposeAsync();
            await Channel.DisposeAsync();
        }
    }
}
