using BenchmarkDotNet.Running;

// Runs the benchmarks named on the command line, e.g. `--filter *Ephemeral*`; `media-relay ...` runs the media relay
// load generator instead (Media/Bridge/MediaRelayLoad.cs).
if (args.Length > 0 && args[0] == "media-relay")
{
    return await Rethink.Ims.Benchmarks.Media.Bridge.MediaRelayLoad.RunAsync(args[1..]);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
