using System.ComponentModel.DataAnnotations;
using FaqBot.Classification.Training;

namespace FaqBot.Classification.Engine;

/// <summary>Where the essay, its curated data and its trained models are. Configure under "Knowledge".</summary>
public sealed class KnowledgeOptions
{
    public const string SectionName = "Knowledge";

    /// <summary>The essay to answer from. Relative paths are tried against the working directory, then the app's folder.</summary>
    [Required(AllowEmptyStrings = false)]
    public string EssayPath { get; set; } = Path.Combine("essays", "us-russia-relations.txt");

    /// <summary>Curated training data: `{essay name}/train.tsv` per essay and `out-of-scope/train.txt` for all.</summary>
    public string DataDirectory { get; set; } = "training-data";

    /// <summary>Where trained models are cached, keyed by a hash of the essay and its training data.</summary>
    [Required(AllowEmptyStrings = false)]
    public string ModelDirectory { get; set; } = Path.Combine(
        Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify),
        "FaqBot", "models");

    /// <summary>The multiclass trainer; the default won the cross-validation in the evaluation report.</summary>
    [EnumDataType(typeof(ClassifierTrainer))]
    public ClassifierTrainer Trainer { get; set; } = ClassifierTrainer.LbfgsMaximumEntropy;

    /// <summary>A folder written by `fit` whose ranking model to answer with instead of the one built in; empty: the built-in one.</summary>
    public string RankingModelDirectory { get; set; } = string.Empty;

    /// <summary>A folder written by `myths` whose evidence and stance models to use instead of the built-in ones; empty: the built-in ones.</summary>
    public string MythModelDirectory { get; set; } = string.Empty;

    /// <summary>
    /// Train the classifier on the curated examples in the data folder, not on the essay alone. The bot does; the
    /// leave-one-essay-out evaluation does not, since every essay must be judged as an essay FaqBot has never seen.
    /// </summary>
    public bool UseCuratedExamples { get; set; } = true;

    /// <summary>Rebuild in the background and swap when the essay file is edited (the bot; the tools ignore it).</summary>
    public bool WatchEssay { get; set; } = true;

    /// <summary>A path as the user meant it: absolute, or relative to the working directory, else to the app's folder.</summary>
    public static string Resolve(string path)
    {
        if (Path.IsPathRooted(path))
        {
            return path;
        }

        var fromWorkingDirectory = Path.GetFullPath(path);
        if (File.Exists(fromWorkingDirectory) || Directory.Exists(fromWorkingDirectory))
        {
            return fromWorkingDirectory;
        }

        var fromApp = Path.Combine(AppContext.BaseDirectory, path);
        return File.Exists(fromApp) || Directory.Exists(fromApp) ? fromApp : fromWorkingDirectory;
    }
}
