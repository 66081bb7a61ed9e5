using BenchmarkDotNet.Running;
using FaqBot.Benchmarks;

if (args is ["stages", ..])
{
    StageTimings.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 100);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(AnswerPathBenchmarks).Assembly).Run(args);
