namespace FaqBot.Classification.Training;

/// <summary>
/// Reads the curated data files: `label&lt;TAB&gt;text` lines (.tsv) or one text a line (.txt); '#' starts a
/// comment line. Errors name the file and line.
/// </summary>
public static class TrainingDataFile
{
    public static IReadOnlyList<TrainingExample> ReadLabelled(string path)
    {
        var examples = new List<TrainingExample>();
        foreach (var (line, number) in DataLines(path))
        {
            var parts = line.Split('\t');
            if (parts.Length != 2 || parts[0].Trim().Length == 0 || parts[1].Trim().Length == 0)
            {
                throw new FormatException($"{path}:{number}: expected 'label<TAB>text', got '{line}'.");
            }

            examples.Add(new TrainingExample(parts[0].Trim(), parts[1].Trim()));
        }

        return examples;
    }

    /// <summary>Appends curated examples to a `label&lt;TAB&gt;text` file, creating it (and its folder) if needed.</summary>
    public static void AppendLabelled(string path, string label, IEnumerable<string> texts)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var lines = texts.Select(t => $"{label}\t{t.Replace('\t', ' ').ReplaceLineEndings(" ").Trim()}").ToList();
        var needsNewline = File.Exists(path) && new FileInfo(path).Length > 0 && !File.ReadAllText(path).EndsWith('\n');
        File.AppendAllText(path, (needsNewline ? "\n" : string.Empty) + string.Join("\n", lines) + "\n");
    }

    public static IReadOnlyList<string> ReadLines(string path) => DataLines(path).Select(l => l.Line.Trim()).ToList();

    private static IEnumerable<(string Line, int Number)> DataLines(string path)
    {
        var number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            if (line.Trim().Length > 0 && !line.TrimStart().StartsWith('#'))
            {
                yield return (line, number);
            }
        }
    }
}
