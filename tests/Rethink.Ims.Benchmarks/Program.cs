using BenchmarkDotNet.Running;

// Runs the benchmarks named on the command line, e.g. `--filter *Ephemeral*`.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
