using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(FaqBot.Benchmarks.AnswerPathBenchmarks).Assembly).Run(args);
