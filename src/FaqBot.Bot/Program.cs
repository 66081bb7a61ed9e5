using FaqBot.Bot.Hosting;

// Settings and the shipped essay live next to the binary; the working directory stays the user's, so relative
// paths on the command line (--Knowledge:EssayPath=my-essay.txt) mean what the user typed.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.Services.AddFaqBot(builder.Configuration);

var app = builder.Build();
app.MapFaqBot();
app.Run();

/// <summary>Exposed so host tests can start the real app with WebApplicationFactory.</summary>
public partial class Program;
