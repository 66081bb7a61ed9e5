using FaqBot.Classification.Engine;
using FaqBot.Classification.Training;
using FaqBot.Core.Knowledge;

namespace FaqBot.Bot.Admin;

/// <summary>
/// How the replicas of one bot share what a curator does: the labels written, and that a retrained engine was swapped
/// in, so that every replica takes the same labels and retrains itself. One replica alone shares nothing.
/// </summary>
internal interface ICuratedSync
{
    /// <summary>Labels a curator just wrote on this replica.</summary>
    Task LabelledAsync(Essay essay, string label, IReadOnlyList<string> texts, CancellationToken cancellationToken);

    /// <summary>This replica swapped in an engine retrained on the shared labels.</summary>
    Task RetrainedAsync(Essay essay, CancellationToken cancellationToken);
}

internal sealed class NoCuratedSync : ICuratedSync
{
    public Task LabelledAsync(Essay essay, string label, IReadOnlyList<string> texts, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task RetrainedAsync(Essay essay, CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>The bot's curated data folder, made when missing: the first label an essay gets may come before it exists.</summary>
internal static class CuratedData
{
    public static TrainingDataLocation Folder(KnowledgeOptions knowledge) =>
        new(Directory.CreateDirectory(KnowledgeOptions.Resolve(knowledge.DataDirectory)).FullName);
}

/// <summary>The labels another replica shared, added to this replica's curated file where it lacks them.</summary>
internal static class CuratedMerge
{
    /// <returns>How many examples were new here.</returns>
    public static int Merge(string path, IEnumerable<(string Label, string Text)> shared)
    {
        var have = File.Exists(path) ? TrainingDataFile.ReadLabelled(path).Select(e => (e.Label, e.Text)).ToHashSet() : [];
        var added = 0;
        foreach (var group in shared.Where(e => !have.Contains(e)).Distinct().GroupBy(e => e.Label))
        {
            TrainingDataFile.AppendLabelled(path, group.Key, group.Select(e => e.Text).ToList());
            added += group.Count();
        }

        return added;
    }
}
