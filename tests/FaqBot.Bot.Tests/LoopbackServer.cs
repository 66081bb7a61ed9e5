using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FaqBot.Bot.Tests;

/// <summary>A real HTTP server on a free loopback port standing in for something the bot calls (a channel, Azure, a key server).</summary>
internal static class LoopbackServer
{
    /// <summary>Started with the endpoints <paramref name="map"/> adds; plain HTTP unless <paramref name="listen"/> says otherwise.</summary>
    public static async Task<WebApplication> StartAsync(Action<WebApplication> map, Action<KestrelServerOptions>? listen = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        if (listen is null)
        {
            builder.WebHost.UseUrls("http://127.0.0.1:0");
        }
        else
        {
            builder.WebHost.UseKestrelHttpsConfiguration();
            builder.WebHost.ConfigureKestrel(listen);
        }

        var app = builder.Build();
        map(app);
        await app.StartAsync();
        return app;
    }

    /// <summary>Where the server listens, e.g. http://127.0.0.1:41234 (no trailing slash).</summary>
    public static string Address(this WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()
            .Replace("[::1]", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/');
}
