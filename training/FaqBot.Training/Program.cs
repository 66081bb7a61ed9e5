using FaqBot.Classification.Engine;
using FaqBot.Classification.Embeddings;
using FaqBot.Core.Knowledge;
using FaqBot.Training;

try
{
    var commandLine = CommandLine.Parse(args);
    using var embedder = new MiniLmSentenceEmbedder(KnowledgeOptions.Resolve(commandLine.Knowledge.ModelDirectory));
    using var tools = new TrainingTools(embedder, Console.Out);
    return commandLine.Command switch
    {
        "train" => tools.Train(commandLine),
        "eval" => tools.Evaluate(commandLine),
        "fit" => tools.Fit(commandLine),
        "myths" => tools.Myths(commandLine),
        "review" => tools.Review(commandLine),
        _ => tools.Ask(commandLine),
    };
}
catch (UsageException ex)
{
    if (ex.Problem is not null)
    {
        Console.Error.WriteLine(ex.Problem);
        Console.Error.WriteLine();
    }

    Console.Error.WriteLine(CommandLine.Usage);
    return ex.Problem is null ? 0 : 2;
}
catch (Exception ex) when (ex is EssayFormatException or FormatException or InvalidDataException or FileNotFoundException or StackExchange.Redis.RedisException)
{
    Console.Error.WriteLine($"error: {ex.Message}");
    return 1;
}
