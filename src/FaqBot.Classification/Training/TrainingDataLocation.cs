using FaqBot.Core.Knowledge;

namespace FaqBot.Classification.Training;

/// <summary>
/// Where curated data lives: `{root}/{essay file name}/train.tsv` for an essay's own examples (optional: an
/// essay without them is trained from its text alone) and `{root}/out-of-scope/train.txt` for every essay.
/// Beside them, never trained on: the held-out evaluation files and the calibration files the thresholds are chosen on.
/// </summary>
public sealed class TrainingDataLocation(string? root)
{
    public string? Root { get; } = root is not null && Directory.Exists(root) ? Path.GetFullPath(root) : null;

    public string? OutOfScopeTrainingFile => Existing("out-of-scope", "train.txt");

    public string? OutOfScopeHeldOutFile => Existing("out-of-scope", "heldout.txt");

    public string? CuratedTrainingFile(Essay essay) => Existing(EssayKey(essay), "train.tsv");

    /// <summary>Where an essay's curated examples go, whether or not the file exists yet.</summary>
    public string CuratedTrainingPath(Essay essay) =>
        Path.Combine(Root ?? throw new DirectoryNotFoundException("The curated data folder does not exist."), EssayKey(essay), "train.tsv");

    public string? HeldOutFile(Essay essay) => Existing(EssayKey(essay), "heldout.tsv");

    public string? FactsHeldOutFile(Essay essay) => Existing(EssayKey(essay), "facts-heldout.tsv");

    public string? OutOfScopeCalibrationFile => Existing("out-of-scope", "calibration.txt");

    public string? CalibrationFile(Essay essay) => Existing(EssayKey(essay), "calibration.tsv");

    public string? FactsCalibrationFile(Essay essay) => Existing(EssayKey(essay), "facts-calibration.tsv");

    /// <summary>Hand-labelled body sentences that bear out each FAQ answer: what the evidence model is fitted and judged on.</summary>
    public string? EvidenceFile(Essay essay) => Existing(EssayKey(essay), "evidence.tsv");

    /// <summary>Hand-labelled messages about the essay's myths (ask / myth / agrees): what the stance model is fitted and judged on.</summary>
    public string? StanceFile(Essay essay) => Existing(EssayKey(essay), "stance.tsv");

    private static string EssayKey(Essay essay) => Path.GetFileNameWithoutExtension(essay.SourcePath);

    private string? Existing(string folder, string file)
    {
        if (Root is null)
        {
            return null;
        }

        var path = Path.Combine(Root, folder, file);
        return File.Exists(path) ? path : null;
    }
}
