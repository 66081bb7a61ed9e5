using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace FaqBot.Bot.Tests.Channel;

/// <summary>
/// A real HTTP server on loopback standing in for a channel's service URL: it answers each request with the next
/// scripted response (then with the last one), and keeps every reply activity it accepted. Under
/// <see cref="ServiceUrlFor"/> it keeps each caller's replies apart.
/// </summary>
internal sealed class LoopbackChannel : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<Func<HttpContext, Task>> _script = new();
    private Func<HttpContext, Task> _last = Ok;
    private readonly ConcurrentDictionary<string, ConcurrentQueue<string>> _byCaller = new();
    private readonly SemaphoreSlim _arrived = new(0);
    private int _requests;

    private LoopbackChannel(WebApplication app) => _app = app;

    public string ServiceUrl { get; private set; } = string.Empty;

    /// <summary>Every request that reached the server, answered or not.</summary>
    public int Requests => Volatile.Read(ref _requests);

    /// <summary>The texts of the replies the server answered with 200.</summary>
    public ConcurrentQueue<string> Delivered { get; } = new();


    public static async Task<LoopbackChannel> StartAsync()
    {
        LoopbackChannel? channel = null;
        var app = await LoopbackServer.StartAsync(server =>
        {
            // Every Connector call the SDK makes (replies, updates, member look-ups), at the root or under a caller's own prefix.
            server.MapMethods("/v3/conversations/{**rest}", ["GET", "POST", "PUT", "DELETE"], context => channel!.HandleAsync(context, channel.Delivered));
            server.MapMethods("/{caller}/v3/conversations/{**rest}", ["GET", "POST", "PUT", "DELETE"], context =>
                channel!.HandleAsync(context, channel._byCaller.GetOrAdd((string)context.Request.RouteValues["caller"]!, _ => new())));
        });
        channel = new LoopbackChannel(app) { ServiceUrl = app.Address() + "/" };
        return channel;
    }

    /// <summary>A service URL of this server whose replies are kept apart under <paramref name="caller"/>.</summary>
    public string ServiceUrlFor(string caller) => $"{ServiceUrl}{caller}/";

    /// <summary>The texts of the replies sent to <see cref="ServiceUrlFor"/> <paramref name="caller"/>.</summary>
    public IReadOnlyCollection<string> DeliveredTo(string caller) => _byCaller.TryGetValue(caller, out var texts) ? texts : [];

    /// <summary>Returns once <paramref name="count"/> requests have reached the server (bounded, so a test that waits in vain fails).</summary>
    public async Task WaitForRequestsAsync(int count)
    {
        while (Requests < count)
        {
            if (!await _arrived.WaitAsync(TimeSpan.FromSeconds(30)))
            {
                throw new TimeoutException($"{Requests} requests reached the channel, not {count}.");
            }
        }
    }

    /// <summary>The next requests get these answers, in order; after them every request gets the last.</summary>
    public LoopbackChannel Answer(params Func<HttpContext, Task>[] responses)
    {
        foreach (var response in responses)
        {
            _script.Enqueue(response);
        }

        _last = responses[^1];
        return this;
    }

    public static Task Ok(HttpContext context) => Results.Json(new { id = Guid.NewGuid().ToString("N") }).ExecuteAsync(context);

    public static Func<HttpContext, Task> Status(int status, string? retryAfter = null) => context =>
    {
        if (retryAfter is not null)
        {
            context.Response.Headers.RetryAfter = retryAfter;
        }

        context.Response.StatusCode = status;
        return Task.CompletedTask;
    };

    public static Func<HttpContext, Task> Stall(TimeSpan delay) => async context =>
    {
        await Task.Delay(delay, context.RequestAborted);
        await Ok(context);
    };

    private async Task HandleAsync(HttpContext context, ConcurrentQueue<string> delivered)
    {
        Interlocked.Increment(ref _requests);
        _arrived.Release();
        using var body = HttpMethods.IsPost(context.Request.Method) || HttpMethods.IsPut(context.Request.Method)
            ? await JsonDocument.ParseAsync(context.Request.Body)
            : JsonDocument.Parse("{}");
        var respond = _script.TryDequeue(out var next) ? next : _last;
        try
        {
            await respond(context);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        if (context.Response.StatusCode == StatusCodes.Status200OK && body.RootElement.TryGetProperty("text", out var text))
        {
            delivered.Enqueue(text.GetString() ?? string.Empty);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _arrived.Dispose();
    }
}
