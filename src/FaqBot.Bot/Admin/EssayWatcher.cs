using FaqBot.Bot.Hosting;
using FaqBot.Classification.Engine;
using Microsoft.Extensions.Options;

namespace FaqBot.Bot.Admin;

/// <summary>
/// Watches the essay file (Knowledge:WatchEssay, on by default): when it is saved, the bot rebuilds in the background
/// and swaps the new engine in the way a retrain does, judged the same way, so an edit that breaks the essay or makes
/// answers worse never reaches users. Saves in quick succession make one rebuild.
/// </summary>
internal sealed class EssayWatcher(IOptions<KnowledgeOptions> knowledge, AnswerEngineHost host, Retrainer retrainer, ILogger<EssayWatcher> logger)
    : BackgroundService
{
    /// <summary>Editors write a file in several steps; wait this long after the last for it to settle.</summary>
    public static readonly TimeSpan Settle = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!knowledge.Value.WatchEssay)
        {
            return;
        }

        var path = KnowledgeOptions.Resolve(knowledge.Value.EssayPath);
        using var watcher = new FileSystemWatcher(Path.GetDirectoryName(path)!, Path.GetFileName(path))
        {
            NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.FileName | NotifyFilters.CreationTime,
        };
        var changed = 0;
        void OnChange(object? sender, FileSystemEventArgs e) => Interlocked.Exchange(ref changed, 1);
        watcher.Changed += OnChange;
        watcher.Created += OnChange;
        watcher.Renamed += (sender, e) => OnChange(sender, e);
        watcher.EnableRaisingEvents = true;
        logger.LogInformation("Watching {EssayPath} for edits", path);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await Task.Delay(Settle, stoppingToken).ConfigureAwait(false);
                if (Interlocked.Exchange(ref changed, 0) == 1 && host.Engine is not null)
                {
                    await Task.Delay(Settle, stoppingToken).ConfigureAwait(false);
                    Interlocked.Exchange(ref changed, 0);
                    logger.LogInformation("The essay changed; rebuilding in the background");
                    retrainer.Start("The essay file changed", again: true);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
