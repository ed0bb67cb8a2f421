using BenchmarkDotNet.Running;

// Runs the benchmarks named on the command line, e.g. `--filter *Ephemeral*`. Three commands are not BenchmarkDotNet
// runs: `media-relay ...` runs the media relay load generator (Media/Bridge/MediaRelayLoad.cs),
// `binding-memory [count]` measures what bindings keep in the location store (Sip/BindingMemory.cs), and
// `alloc-trace PID SECONDS [OPS-PER-SECOND]` samples a running server's allocations (Diagnostics/AllocationTrace.cs).
if (args.Length > 0 && args[0] == "media-relay")
{
    return await Rethink.Ims.Benchmarks.Media.Bridge.MediaRelayLoad.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "alloc-trace")
{
    return await Rethink.Ims.Benchmarks.Diagnostics.AllocationTrace.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "binding-memory")
{
    Rethink.Ims.Benchmarks.Sip.BindingMemory.Run(args);
    return 0;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
