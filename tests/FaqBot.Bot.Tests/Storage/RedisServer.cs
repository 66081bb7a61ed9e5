using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace FaqBot.Bot.Tests.Storage;

/// <summary>A throwaway redis-server (Debian's package) on a free loopback port, which a test can stop and start again.</summary>
public sealed class RedisServer : IAsyncDisposable
{
    public const string ExecutablePath = "/usr/bin/redis-server";

    private Process? _process;

    public int Port { get; } = FreePort();

    public string ConnectionString => $"127.0.0.1:{Port}";

    public static async Task<RedisServer> StartAsync()
    {
        var server = new RedisServer();
        await server.RestartAsync();
        return server;
    }

    /// <summary>Starts (again) on the same port, with no persistence: a restarted Redis is empty.</summary>
    public async Task RestartAsync()
    {
        var start = new ProcessStartInfo(ExecutablePath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1",
                     "--save", "", "--appendonly", "no", "--protected-mode", "no" })
        {
            start.ArgumentList.Add(argument);
        }

        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        for (var attempt = 0; attempt < 100; attempt++)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }

        throw new InvalidOperationException($"redis-server did not start on port {Port}.");
    }

    public async Task StopAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
        _process = null;
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>A test that needs redis-server (CI installs it); where it is missing the test says so and is skipped.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RedisFactAttribute : FactAttribute
{
    public RedisFactAttribute()
    {
        if (!File.Exists(RedisServer.ExecutablePath))
        {
            Skip = $"redis-server is not installed at {RedisServer.ExecutablePath} (apt-get install redis-server); the test did not run.";
        }
    }
}
