using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Rethink.Ims.Benchmarks.Media;

/// <summary>
/// <see cref="SrtpBenchmarks"/> measured in thread CPU time, in process: on a machine shared with other
/// work, wall time also counts the time the thread waited for a core. Compare with the libsrtp program's
/// CPU-time table. Pin the process yourself (taskset).
/// </summary>
[Config(typeof(Config))]
public class SrtpCpuTimeBenchmarks : SrtpBenchmarks
{
    private sealed class Config : ManualConfig
    {
        public Config() => AddJob(Job.Default
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithClock(new ThreadCpuClock())
            .WithWarmupCount(3)
            .WithIterationCount(10)
            .WithId("ThreadCpu"));
    }
}
