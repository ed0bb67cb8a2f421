using System.Collections.Concurrent;
using System.Diagnostics;
using BenchmarkDotNet.Analysers;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Validators;

namespace Rethink.Ims.Benchmarks.Media.Codecs;

/// <summary>
/// CPU time the benchmark process spent per operation during the measured iterations (all its
/// threads: GC and JIT included), and the streams of 50 frames/s one core sustains at that cost.
/// </summary>
/// <remarks>
/// On a machine shared with other work the wall-clock mean grows with the wait for a core; the CPU
/// time does not (much), so it is the fairer per-core figure. Linux reads process CPU time in
/// 10 ms ticks, which the default and short jobs' measured seconds make negligible.
/// </remarks>
public sealed class CpuTimeDiagnoser : IDiagnoser
{
    private static readonly CpuMetric CpuPerOperation = new(
        "CpuTimePerOp", "CPU/op", "Process CPU time (all threads) per operation during the measured iterations", UnitType.Time, "ns", false);

    private static readonly CpuMetric StreamsPerCore = new(
        "StreamsPerCoreByCpu", "Streams/core (CPU)", "1 / (50 x CPU time per operation): 20 ms streams one core sustains", UnitType.Dimensionless, "", true);

    private readonly ConcurrentDictionary<BenchmarkCase, TimeSpan> _started = new();
    private readonly ConcurrentDictionary<BenchmarkCase, TimeSpan> _spent = new();

    public IEnumerable<string> Ids => ["CpuTime"];

    public IEnumerable<IExporter> Exporters => [];

    public IEnumerable<IAnalyser> Analysers => [];

    public RunMode GetRunMode(BenchmarkCase benchmarkCase) => RunMode.NoOverhead;

    public void Handle(HostSignal signal, DiagnoserActionParameters parameters)
    {
        if (signal is not (HostSignal.BeforeActualRun or HostSignal.AfterActualRun))
        {
            return;
        }

        Process process = parameters.Process;
        process.Refresh();
        TimeSpan now = process.TotalProcessorTime;
        if (signal == HostSignal.BeforeActualRun)
        {
            _started[parameters.BenchmarkCase] = now;
        }
        else if (_started.TryGetValue(parameters.BenchmarkCase, out TimeSpan start))
        {
            _spent[parameters.BenchmarkCase] = now - start;
        }
    }

    public IEnumerable<Metric> ProcessResults(DiagnoserResults results)
    {
        // Operations of the measured (workload, actual) iterations only: TotalOperations also counts
        // pilot, warm-up and overhead iterations, which ran outside the bracketed CPU time.
        long operations = results.Measurements
            .Where(m => m.IterationMode == IterationMode.Workload && m.IterationStage == IterationStage.Actual)
            .Sum(m => m.Operations);
        if (!_spent.TryGetValue(results.BenchmarkCase, out TimeSpan spent) || operations <= 0)
        {
            yield break;
        }

        double nanoseconds = spent.Ticks * 100.0 / operations;
        yield return new Metric(CpuPerOperation, nanoseconds);
        if (nanoseconds > 0)
        {
            yield return new Metric(StreamsPerCore, 1e9 / (50 * nanoseconds));
        }
    }

    public void DisplayResults(ILogger logger)
    {
    }

    public IEnumerable<ValidationError> Validate(ValidationParameters validationParameters) => [];

    private sealed record CpuMetric(
        string Id, string DisplayName, string Legend, UnitType UnitType, string Unit, bool TheGreaterTheBetter) : IMetricDescriptor
    {
        public string NumberFormat => "N1";

        public int PriorityInCategory => 0;

        public bool GetIsAvailable(Metric metric) => true;
    }
}
