using Microsoft.Extensions.FileProviders;
using Microsoft.Net.Http.Headers;

namespace FaqBot.Bot.WebChat;

public static class WebChatExtensions
{
    /// <summary>The folder next to the binary that holds the page and the Web Chat bundle the build fetched from npm.</summary>
    public static string Folder => Path.Combine(AppContext.BaseDirectory, "webchat");

    /// <summary>
    /// GET / is the chat page; /webchat/* its script, styles and the official Web Chat bundle. The page runs only
    /// its own scripts and talks only to this origin (and Azure's Direct Line when the bot is configured for it).
    /// </summary>
    public static WebApplication MapWebChat(this WebApplication app)
    {
        var files = new PhysicalFileProvider(Folder);
        app.MapGet("/", (HttpContext context) =>
        {
            var page = files.GetFileInfo("index.html");
            if (!page.Exists)
            {
                return Results.Problem("The web chat page was not built with the bot.", statusCode: StatusCodes.Status404NotFound);
            }

            AddSecurityHeaders(context.Response.Headers);
            return Results.File(page.PhysicalPath!, "text/html; charset=utf-8");
        });
        return app;
    }

    /// <summary>/webchat/*: the page's script and styles and the Web Chat bundle, served before routing.</summary>
    public static WebApplication UseWebChatFiles(this WebApplication app)
    {
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = new PhysicalFileProvider(Folder),
            RequestPath = "/webchat",
            OnPrepareResponse = static context =>
            {
                context.Context.Response.Headers[HeaderNames.XContentTypeOptions] = "nosniff";
                context.Context.Response.Headers.CacheControl = "no-cache";
            },
        });
        return app;
    }

    private static void AddSecurityHeaders(IHeaderDictionary headers)
    {
        // Web Chat styles itself inline (emotion); scripts come only from this origin.
        headers.ContentSecurityPolicy =
            "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; " +
            "connect-src 'self' https://*.botframework.com wss://*.botframework.com; frame-ancestors 'self'; base-uri 'self'; form-action 'none'";
        headers[HeaderNames.XContentTypeOptions] = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers.CacheControl = "no-cache";
    }
}
