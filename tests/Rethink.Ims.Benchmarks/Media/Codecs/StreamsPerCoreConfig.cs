using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Rethink.Ims.Benchmarks.Media.Codecs;

/// <summary>
/// Adds 1 / (50 x mean wall time) as a column, and the CPU time per operation with the streams per
/// core it gives (<see cref="CpuTimeDiagnoser"/>).
/// </summary>
public class StreamsPerCoreConfig : ManualConfig
{
    public StreamsPerCoreConfig()
    {
        AddColumn(new StreamsPerCoreColumn());
        AddDiagnoser(new CpuTimeDiagnoser());
    }

    private sealed class StreamsPerCoreColumn : IColumn
    {
        public string Id => nameof(StreamsPerCoreColumn);

        public string ColumnName => "Streams/core (wall)";

        public bool AlwaysShow => true;

        public ColumnCategory Category => ColumnCategory.Custom;

        public int PriorityInCategory => 0;

        public bool IsNumeric => true;

        public UnitType UnitType => UnitType.Dimensionless;

        public string Legend => "1 / (50 frames/s x mean time per frame): streams one core sustains";

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) =>
            GetValue(summary, benchmarkCase, SummaryStyle.Default);

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
        {
            double? meanNs = summary[benchmarkCase]?.ResultStatistics?.Mean;
            return meanNs is > 0 ? (1e9 / (50 * meanNs.Value)).ToString("F0", System.Globalization.CultureInfo.InvariantCulture) : "-";
        }

        public bool IsAvailable(Summary summary) => true;

        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    }
}
