using FaqBot.Classification.Engine;
using FaqBot.Classification.Evaluation;
using FaqBot.Classification.Training;

namespace FaqBot.Training;

/// <summary>The tools' arguments: a command, its free text, and --name value options.</summary>
internal sealed record CommandLine(string Command, string? Text, KnowledgeOptions Knowledge, string OutputDirectory, bool CompareTrainers)
{
    /// <summary>eval: every essay, each judged leave-one-essay-out.</summary>
    public bool AllEssays { get; init; }

    /// <summary>eval --all and fit: the folder of essays (default: training/essays, or the copy next to the tool).</summary>
    public string? EssayFolder { get; init; }

    /// <summary>eval --bot: the running bot whose replies to evaluate.</summary>
    public string? Bot { get; init; }

    /// <summary>eval --all: where to keep each essay's leave-one-out ranking model (a folder per essay).</summary>
    public string? SaveModels { get; init; }

    /// <summary>eval --all: the groups of essays each fit leaves out in turn.</summary>
    public int InnerFolds { get; init; } = RankingFit.InnerFolds;

    /// <summary>--out was given (fit writes into the repository otherwise).</summary>
    public bool OutputGiven { get; init; }

    /// <summary>review: the feedback log to read.</summary>
    public string FeedbackLog { get; init; } = Path.Combine(
        Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "FaqBot", "feedback.jsonl");

    /// <summary>review: the item numbers to write as training data.</summary>
    public IReadOnlyList<int> Take { get; init; } = [];

    /// <summary>review: the label the taken items get.</summary>
    public string? Label { get; init; }

    /// <summary>review: the Redis the replicas share, whose feedback stream is read besides the local file.</summary>
    public string? Redis { get; init; }

    /// <summary>review: the replicas' Redis:KeyPrefix.</summary>
    public string RedisKeyPrefix { get; init; } = "faqbot:";

    public const string Usage = """
        Usage: dotnet run --project training/FaqBot.Training -- <command> [options]

        Commands:
          train              cross-validate the trainers, train the best, cache the model where the bot looks for it
          eval               evaluate one essay's held-out questions as the bot answers them; writes an HTML report
          eval --all         leave one essay out: every essay judged by a ranking model fitted on the others, beside
                             the baselines and FaqBot before this evaluation; per essay and the mean; an HTML report
          eval --bot URL     ask a running bot the essay's held-out questions over /api/messages and score its replies
          fit                fit the ranking model on every essay's calibration questions and write it where the
                             build embeds it (src/FaqBot.Classification/Ranking/Model)
          myths              the myth models (evidence sentences for each FAQ answer, the user's stance on a myth):
                             each essay judged by models fitted on the others (training/eval/myths.tsv), then
                             fitted on every essay and written where the build embeds them (src/FaqBot.Classification/Myths/Model)
          ask "question"     show the decision, the top 3 labels with scores, and the reply text
          review             list what went unanswered or was voted down in the bot's feedback log;
                             with --take 1,4 --label ID, append those questions to the essay's train.tsv

        Options:
          --essay FILE       the essay (default: the shipped U.S.-Russia essay)
          --essays DIR       eval --all and fit: the essays (default: training/essays)
          --save-models DIR  eval --all: keep each essay's leave-one-out ranking model in DIR/<essay> (for --bot runs)
          --inner-folds N    eval --all: each fit leaves its essays out in N groups (default 4); another N shows how
                             much a refit alone moves the table
          --data DIR         curated data folder (default: training-data next to the tool)
          --ranking-model DIR
                             ask and eval: answer with the ranking model in DIR and without the essay's curated
                             examples, as eval --all judged it (DIR: one kept by --save-models)
          --models DIR       model cache (default: the bot's, in the user's local application data)
          --trainer NAME     LbfgsMaximumEntropy or SdcaMaximumEntropy (train picks the best when omitted)
          --out DIR          where eval writes index.html and report.md (default: artifacts/eval); where fit writes the model
          --log FILE         review: the feedback log (default: the bot's, in the user's local application data)
          --redis CONFIG     review: also read the feedback the replicas keep in this Redis (e.g. localhost:6379)
          --redis-prefix P   review: the replicas' Redis:KeyPrefix (default: faqbot:)
          --take N,N         review: the numbers of the items to write as training data
          --label ID         review: their label, an FAQ or section id from the essay, or out-of-scope

        Run from the repository root, the tools read and write training/data; elsewhere the copy next to the tool.
        """;

    public static CommandLine Parse(string[] args)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            throw new UsageException(null);
        }

        var knowledge = new KnowledgeOptions();
        if (Directory.Exists(Path.Combine("training", "data")))
        {
            knowledge.DataDirectory = Path.Combine("training", "data");
        }

        string? log = null;
        string? redis = null;
        var redisPrefix = "faqbot:";
        string? label = null;
        var take = new List<int>();
        var output = Path.Combine("artifacts", "eval");
        string? text = null;
        string? essays = null;
        string? bot = null;
        string? saveModels = null;
        var innerFolds = RankingFit.InnerFolds;
        var trainerGiven = false;
        var all = false;
        var outputGiven = false;
        for (var i = 1; i < args.Length; i++)
        {
            if (args[i] == "--all")
            {
                all = true;
                continue;
            }

            if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                text = text is null ? args[i] : $"{text} {args[i]}";
                continue;
            }

            if (i + 1 >= args.Length)
            {
                throw new UsageException($"Option {args[i]} needs a value.");
            }

            var value = args[++i];
            switch (args[i - 1])
            {
                case "--essay": knowledge.EssayPath = value; break;
                case "--data": knowledge.DataDirectory = value; break;
                case "--models": knowledge.ModelDirectory = value; break;
                case "--ranking-model":
                    // A model kept by --save-models judged the essay unseen: its curated examples were not trained on either.
                    knowledge.RankingModelDirectory = value;
                    knowledge.UseCuratedExamples = false;
                    break;
                case "--out": output = value; outputGiven = true; break;
                case "--essays": essays = value; break;
                case "--bot": bot = value; break;
                case "--save-models": saveModels = value; break;
                case "--inner-folds":
                    innerFolds = int.TryParse(value, out var groups) && groups >= 2
                        ? groups
                        : throw new UsageException($"--inner-folds expects a number of groups of at least 2; got '{value}'.");
                    break;
                case "--log": log = value; break;
                case "--redis": redis = value; break;
                case "--redis-prefix": redisPrefix = value; break;
                case "--label": label = value; break;
                case "--take":
                    foreach (var part in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                    {
                        take.Add(int.TryParse(part, out var number) && number > 0
                            ? number
                            : throw new UsageException($"--take expects item numbers like 1,4; got '{part}'."));
                    }

                    break;
                case "--trainer":
                    knowledge.Trainer = Enum.TryParse<ClassifierTrainer>(value, ignoreCase: true, out var trainer)
                        ? trainer
                        : throw new UsageException($"Unknown trainer '{value}'; use {string.Join(" or ", Enum.GetNames<ClassifierTrainer>())}.");
                    trainerGiven = true;
                    break;
                default: throw new UsageException($"Unknown option {args[i - 1]}.");
            }
        }

        var command = args[0];
        if (command is not ("train" or "eval" or "fit" or "myths" or "ask" or "review"))
        {
            throw new UsageException($"Unknown command '{command}'.");
        }

        if (command == "ask" && string.IsNullOrWhiteSpace(text))
        {
            throw new UsageException("ask needs a question: ask \"are they always enemies?\"");
        }

        if ((take.Count > 0) != (label is not null))
        {
            throw new UsageException("review writes training data only with both --take and --label.");
        }

        var parsed = new CommandLine(command, text, knowledge, output, CompareTrainers: command == "train" && !trainerGiven)
        {
            Take = take,
            Label = label,
            AllEssays = all,
            EssayFolder = essays,
            Bot = bot,
            SaveModels = saveModels,
            InnerFolds = innerFolds,
            OutputGiven = outputGiven,
            Redis = redis,
            RedisKeyPrefix = redisPrefix,
        };
        return log is null ? parsed : parsed with { FeedbackLog = log };
    }
}

internal sealed class UsageException(string? problem) : Exception(problem ?? CommandLine.Usage)
{
    public string? Problem { get; } = problem;
}
