namespace FaqBot.Bot.Tests.Deploy;

/// <summary>The check every deploy file's settings go through must itself tell a bound key from a misspelt one.</summary>
public sealed class BotConfigurationKeysTests
{
    private readonly BotConfigurationKeys _keys = BotConfigurationKeys.Read();

    [Theory]
    [InlineData("Knowledge__ModelDirectory")] // an options class's property
    [InlineData("Feedback__LogPath")]
    [InlineData("MicrosoftAppPassword")] // appsettings.json
    [InlineData("Logging__LogLevel__Default")]
    [InlineData("urls")] // configuration keys are case-insensitive
    [InlineData("ASPNETCORE_HTTP_PORTS")] // read by the host
    public void Problem_KeyTheBotReads_IsNone(string environmentVariable)
    {
        Assert.Null(_keys.Problem(environmentVariable));
    }

    [Theory]
    [InlineData("Knowledge__ModelDir")]
    [InlineData("Knowledge_ModelDirectory")]
    [InlineData("Redis__Connection")]
    [InlineData("MicrosoftAppSecret")]
    [InlineData("ASPNETCORE_URLS")] // overridden by appsettings.json's Urls
    public void Problem_KeyTheBotDoesNotRead_IsReported(string environmentVariable)
    {
        Assert.NotNull(_keys.Problem(environmentVariable));
    }
}
