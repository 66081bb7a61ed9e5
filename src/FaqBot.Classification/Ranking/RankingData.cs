using System.Security.Cryptography;
using System.Text;
using FaqBot.Classification.Training;
using FaqBot.Core.Knowledge;

namespace FaqBot.Classification.Ranking;

/// <summary>What a ranking model is fitted from, as one fingerprint: when it changes, the shipped model is stale.</summary>
public static class RankingData
{
    /// <summary>
    /// SHA-256 over the feature version and, per essay, the essay's text and its calibration questions (and the shared
    /// out-of-scope files every classifier trains or calibrates on).
    /// </summary>
    public static string Fingerprint(IEnumerable<string> essayFiles, TrainingDataLocation data)
    {
        ArgumentNullException.ThrowIfNull(essayFiles);
        ArgumentNullException.ThrowIfNull(data);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes(Retrieval.CandidateFeatures.Version));
        foreach (var file in essayFiles.Order(StringComparer.Ordinal))
        {
            var essay = EssayParser.Load(file);
            if (data.HeldOutFile(essay) is null)
            {
                continue;
            }

            hash.AppendData(Encoding.UTF8.GetBytes("\n" + Path.GetFileName(file) + "\n" + essay.ContentHash));
            foreach (var part in new[] { data.CalibrationFile(essay), data.FactsCalibrationFile(essay) })
            {
                Append(hash, part);
            }
        }

        Append(hash, data.OutOfScopeTrainingFile);
        Append(hash, data.OutOfScopeCalibrationFile);
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static void Append(IncrementalHash hash, string? file)
    {
        // Line endings do not change what a file says.
        hash.AppendData(Encoding.UTF8.GetBytes("\n" + (file is null ? "(none)" : File.ReadAllText(file).ReplaceLineEndings("\n"))));
    }
}
