using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.Bot.Connector.Authentication;
using Microsoft.Bot.Schema;

// The SDK's own cost per message: CloudAdapter (anonymous when MicrosoftAppId is empty) and an ActivityHandler that
// echoes, on the Web SDK's default runtime settings.
// Settings next to the binary, as for FaqBot.Bot, so both log the same way wherever they are started from.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
// --ReuseClients=true: the SDK's reply and token clients reused across turns as FaqBot reuses them, to measure FaqBot's
// own cost above an SDK used the same way (tests/load/run.sh, ECHO_ARGS).
builder.Services.AddSingleton<BotFrameworkAuthentication>(_ =>
{
    BotFrameworkAuthentication authentication = new ConfigurationBotFrameworkAuthentication(builder.Configuration);
    return builder.Configuration.GetValue<bool>("ReuseClients")
        ? new FaqBot.Bot.Channel.ReusingBotFrameworkAuthentication(authentication, TimeProvider.System)
        : authentication;
});
builder.Services.AddSingleton<IBotFrameworkHttpAdapter>(sp =>
    new CloudAdapter(sp.GetRequiredService<BotFrameworkAuthentication>(), sp.GetRequiredService<ILogger<CloudAdapter>>()));
builder.Services.AddTransient<IBot, EchoBot>();

var app = builder.Build();
app.MapPost("/api/messages", (HttpRequest request, HttpResponse response, IBotFrameworkHttpAdapter adapter, IBot bot) =>
    adapter.ProcessAsync(request, response, bot));
app.MapGet("/healthz", () => Results.Ok(new { status = "ready" }));
app.Run();

/// <summary>Replies with the user's own text.</summary>
internal sealed class EchoBot : ActivityHandler
{
    protected override Task OnMessageActivityAsync(ITurnContext<IMessageActivity> turnContext, CancellationToken cancellationToken) =>
        turnContext.SendActivityAsync(MessageFactory.Text($"Echo: {turnContext.Activity.Text}"), cancellationToken);
}
