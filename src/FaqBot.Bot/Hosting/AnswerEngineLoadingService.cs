using FaqBot.Classification.Engine;
using Microsoft.Extensions.Options;

namespace FaqBot.Bot.Hosting;

/// <summary>Loads (or trains, the first time for an essay) the answer engine after the host has started.</summary>
internal sealed class AnswerEngineLoadingService(
    AnswerEngineHost host,
    AnswerEngineLoader loader,
    IOptions<KnowledgeOptions> knowledge,
    IOptions<AnswerThresholdOptions> thresholds,
    IHostApplicationLifetime lifetime,
    ILogger<AnswerEngineLoadingService> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.Run(() =>
    {
        try
        {
            var progress = new Progress<string>(step => logger.LogInformation("Loading knowledge: {Step}", step));
            host.Ready(loader.Load(knowledge.Value, thresholds.Value, progress, stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            host.Failed(new OperationCanceledException("The bot stopped before the essay was loaded."));
        }
        catch (Exception ex)
        {
            // A bot that cannot answer must not look alive: say why (a bad essay names its file and problem) and stop.
            logger.LogCritical(ex, "FaqBot cannot start: {Problem}", ex.Message);
            host.Failed(ex);
            Environment.ExitCode = 1;
            lifetime.StopApplication();
        }
    }, stoppingToken);
}
