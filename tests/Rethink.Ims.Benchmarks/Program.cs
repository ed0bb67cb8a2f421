using BenchmarkDotNet.Running;

// Runs the benchmarks named on the command line, e.g. `--filter *Ephemeral*`.
// `binding-memory [count]` instead measures what bindings keep in the location store (not a BenchmarkDotNet run).
if (args.Length > 0 && args[0] == "binding-memory")
{
    Rethink.Ims.Benchmarks.Sip.BindingMemory.Run(args);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
