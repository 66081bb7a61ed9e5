using System.Net;
using FaqBot.Tests.Shared;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace FaqBot.Bot.Tests.Hosting;

/// <summary>
/// The real bot app, with the test model cache, a feedback log of its own, settings a test chooses, the clock a
/// test controls when it passes a <see cref="FakeTimeProvider"/>, and services a test replaces.
/// </summary>
public sealed class TestBot : WebApplicationFactory<Program>
{
    private readonly IReadOnlyDictionary<string, string?> _settings;
    private readonly TimeProvider? _time;
    private readonly Action<IServiceCollection>? _services;
    private readonly List<Task> _containersDisposed = [];

    public TestBot()
        : this(new Dictionary<string, string?>())
    {
    }

    internal TestBot(IReadOnlyDictionary<string, string?> settings, TimeProvider? time = null, Action<IServiceCollection>? services = null)
    {
        _settings = settings;
        _time = time;
        _services = services;
    }

    public string FeedbackPath { get; } = Path.Combine(Path.GetTempPath(), $"faqbot-host-feedback-{Guid.NewGuid():N}.jsonl");

    public string QuestionsPath { get; } = Path.Combine(Path.GetTempPath(), $"faqbot-host-questions-{Guid.NewGuid():N}.jsonl");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Knowledge:ModelDirectory", TestKnowledge.ModelDirectory);
        builder.UseSetting("Feedback:LogPath", FeedbackPath);
        builder.UseSetting("Questions:LogPath", QuestionsPath);

        // Hosts of one run share the shipped essay file; a test about edits watches a copy of its own.
        builder.UseSetting("Knowledge:WatchEssay", "false");

        // Tests start many conversations from one address in seconds; a test about rate limits sets its own.
        builder.UseSetting("Channel:WebChatConversationsPerAddressPerMinute", "10000");
        builder.UseSetting("Channel:MessagesPerUserPerMinute", "10000");
        builder.UseSetting("Channel:MessagesPerConversationPerMinute", "10000");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services =>
        {
            if (_time is not null)
            {
                services.AddSingleton(_time);
            }

            _services?.Invoke(services);
            services.AddSingleton<ContainerDisposed>();
        });
    }

    /// <summary>
    /// Each host this factory starts (one made with <c>WithWebHostBuilder</c> too), with a signal for when its services
    /// are disposed: the app's own thread disposes them, which can be after this factory's dispose has returned.
    /// </summary>
    protected override IHost CreateHost(IHostBuilder builder)
    {
        var host = base.CreateHost(builder);

        // Resolved before any service that writes a log, so disposed after every one of them.
        lock (_containersDisposed)
        {
            _containersDisposed.Add(host.Services.GetRequiredService<ContainerDisposed>().Task);
        }

        return host;
    }

    /// <summary>A client once /healthz says the bot can answer.</summary>
    public async Task<HttpClient> ReadyClientAsync()
    {
        var client = CreateClient();
        await new ReadyProbe(client).WaitAsync();
        return client;
    }

    /// <summary>Waits for /healthz 200; loading trains on a first run, so it is bounded, not instant.</summary>
    internal sealed class ReadyProbe(HttpClient client)
    {
        public async Task WaitAsync()
        {
            // Five minutes: on a cold cache every host of the run trains and embeds its essay at once on two cores.
            for (var attempt = 0; attempt < 3000; attempt++)
            {
                using var response = await client.GetAsync(new Uri("/healthz", UriKind.Relative));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }

                await Task.Delay(100);
            }

            throw new TimeoutException("/healthz never answered 200.");
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();

        // The logs are flushed when their services are disposed; a file deleted before that is written again.
        Task[] disposed;
        lock (_containersDisposed)
        {
            disposed = [.. _containersDisposed];
        }

        await Task.WhenAll(disposed).WaitAsync(TimeSpan.FromSeconds(30));
        File.Delete(FeedbackPath);
        File.Delete(QuestionsPath);
    }

    /// <summary>Completes when the container that made it disposes it.</summary>
    private sealed class ContainerDisposed : IDisposable
    {
        private readonly TaskCompletionSource _disposed = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Task => _disposed.Task;

        public void Dispose() => _disposed.TrySetResult();
    }
}
