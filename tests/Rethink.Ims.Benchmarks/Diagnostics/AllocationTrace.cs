using System.Diagnostics.Tracing;
using System.Globalization;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing.Etlx;
using Microsoft.Diagnostics.Tracing.Parsers;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;

namespace Rethink.Ims.Benchmarks.Diagnostics;

/// <summary>
/// <c>alloc-trace PID SECONDS [OPS-PER-SECOND]</c>: attaches to a running .NET process (e.g. the SIP server under a SIPp load),
/// samples its allocations for SECONDS through the runtime's AllocationTick events (one per ~100 KB allocated, with the
/// type and the allocating stack) and prints the bytes by type and by allocating frames; with the load's fixed rate, the
/// bytes per operation. Allocation per operation does not depend on how busy the machine is, unlike CPU time.
/// </summary>
internal static class AllocationTrace
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length < 2 || !int.TryParse(args[0], CultureInfo.InvariantCulture, out var pid)
            || !double.TryParse(args[1], CultureInfo.InvariantCulture, out var seconds))
        {
            Console.Error.WriteLine("usage: alloc-trace PID SECONDS [OPS-PER-SECOND]");
            return 2;
        }

        var rate = args.Length > 2 ? double.Parse(args[2], CultureInfo.InvariantCulture) : 0;
        var file = Path.Combine(Path.GetTempPath(), $"alloc-trace-{pid}-{Environment.ProcessId}.nettrace");
        try
        {
            await RecordAsync(pid, TimeSpan.FromSeconds(seconds), file);
            Report(file, seconds, rate);
            return 0;
        }
        finally
        {
            File.Delete(file);
            File.Delete(Path.ChangeExtension(file, ".etlx"));
        }
    }

    private static async Task RecordAsync(int pid, TimeSpan duration, string file)
    {
        var keywords = (long)(ClrTraceEventParser.Keywords.GC | ClrTraceEventParser.Keywords.Jit
            | ClrTraceEventParser.Keywords.Loader | ClrTraceEventParser.Keywords.Stack);
        var providers = new[] { new EventPipeProvider("Microsoft-Windows-DotNETRuntime", EventLevel.Verbose, keywords) };
        using var session = new DiagnosticsClient(pid).StartEventPipeSession(providers, requestRundown: true);
        await using var output = File.Create(file);
        var copy = session.EventStream.CopyToAsync(output);
        await Task.Delay(duration);
        session.Stop();
        await copy;
    }

    private static void Report(string file, double seconds, double rate)
    {
        using var log = new TraceLog(TraceLog.CreateFromEventPipeDataFile(file));
        var byType = new Dictionary<string, long>();
        var byFrames = new Dictionary<string, long>();
        long total = 0;
        var collections = 0;
        foreach (var e in log.Events)
        {
            if (e is GCStartTraceData)
            {
                collections++;
                continue;
            }

            if (e is not GCAllocationTickTraceData tick)
            {
                continue;
            }

            var type = tick.TypeName ?? "?";
            total += tick.AllocationAmount64;
            byType[type] = byType.GetValueOrDefault(type) + tick.AllocationAmount64;
            var key = type + " <- " + Frames(tick);
            byFrames[key] = byFrames.GetValueOrDefault(key) + tick.AllocationAmount64;
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"sampled {total / 1048576.0:F1} MiB in {seconds} s ({total / seconds / 1048576.0:F1} MiB/s), {collections} collections"));
        if (rate > 0)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"about {total / (seconds * rate):F0} bytes per operation at {rate}/s"));
        }

        Print("by type", byType, total, 20);
        Print("by type and allocating frames (innermost first)", byFrames, total, 40);
    }

    private static string Frames(GCAllocationTickTraceData tick)
    {
        var frames = new List<string>(4);
        for (var frame = tick.CallStack(); frame is not null && frames.Count < 4; frame = frame.Caller)
        {
            var name = frame.CodeAddress.FullMethodName;
            if (!string.IsNullOrEmpty(name))
            {
                var paren = name.IndexOf('(', StringComparison.Ordinal);
                frames.Add(paren > 0 ? name[..paren] : name);
            }
        }

        return string.Join(" <- ", frames);
    }

    private static void Print(string title, Dictionary<string, long> bytes, long total, int count)
    {
        Console.WriteLine();
        Console.WriteLine(title + ":");
        foreach (var (name, amount) in bytes.OrderByDescending(kv => kv.Value).Take(count))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{100.0 * amount / total,6:F2} %  {name}"));
        }
    }
}
