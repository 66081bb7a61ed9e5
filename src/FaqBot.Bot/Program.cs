using FaqBot.Bot.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddFaqBot(builder.Configuration);

var app = builder.Build();
app.MapFaqBot();
app.Run();

/// <summary>Exposed so host tests can start the real app with WebApplicationFactory.</summary>
public partial class Program;
