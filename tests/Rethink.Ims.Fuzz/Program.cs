using SharpFuzz;

namespace Rethink.Ims.Fuzz;

/// <summary>
/// Entry point of the fuzz harness. scripts/fuzz.sh drives it; the commands are:
/// <list type="bullet">
/// <item><c>instrument DLL</c>: adds AFL coverage probes to the parser namespaces of a copy of Rethink.Ims.dll.</item>
/// <item><c>run TARGET</c>: the afl-fuzz fork server (reads one input per run from stdin).</item>
/// <item><c>repro TARGET FILE...</c>: runs inputs once, uninstrumented, and prints what each does.</item>
/// <item><c>bench TARGET FILE...</c>: times the target over inputs, uninstrumented.</item>
/// <item><c>seeds TARGET DIR</c>: writes the generated seed inputs of a target.</item>
/// <item><c>targets</c>: lists the targets.</item>
/// </list>
/// </summary>
internal static class Program
{
    // Only the wire parsers and what they call are instrumented: coverage elsewhere is noise in
    // AFL's 64 KiB map.
    private static readonly string[] InstrumentedNamespaces =
    [
        "Rethink.Ims.Sip.Messages",
        "Rethink.Ims.Media.Sdp",
        "Rethink.Ims.Media.Stun",
        "Rethink.Ims.Media.Rtp",
        "Rethink.Ims.Media.Control.Bencode",
    ];

    private static int Main(string[] args)
    {
        if (args.Length == 0)
        {
            return Usage();
        }

        switch (args[0])
        {
            case "instrument" when args.Length == 2:
                var types = Fuzzer.Instrument(args[1], IsInstrumented, Options.Value).ToList();
                Console.WriteLine($"instrumented {types.Count} types in {args[1]}");
                return types.Count > 0 ? 0 : 1;

            case "run" when args.Length == 2 && FuzzTargets.TryGet(args[1], out var target):
                Fuzzer.OutOfProcess.Run(stream => target.Run(ReadAll(stream)));
                return 0;

            case "repro" when args.Length >= 3 && FuzzTargets.TryGet(args[1], out var target):
                return Repro(target, args.AsSpan(2));

            case "bench" when args.Length >= 3 && FuzzTargets.TryGet(args[1], out var target):
                return Bench(target, args.AsSpan(2));

            case "seeds" when args.Length == 3 && FuzzTargets.TryGet(args[1], out var target):
                Directory.CreateDirectory(args[2]);
                var n = 0;
                foreach (var seed in target.Seeds())
                {
                    File.WriteAllBytes(Path.Combine(args[2], $"generated-{n++:D3}"), seed);
                }

                Console.WriteLine($"{n} generated seeds for {target.Name} in {args[2]}");
                return 0;

            case "targets":
                foreach (var t in FuzzTargets.All)
                {
                    Console.WriteLine(t.Name);
                }

                return 0;

            default:
                return Usage();
        }
    }

    private static bool IsInstrumented(string typeName) =>
        InstrumentedNamespaces.Any(ns => typeName.StartsWith(ns, StringComparison.Ordinal));

    private static byte[] ReadAll(Stream stream)
    {
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return memory.ToArray();
    }

    private static int Repro(FuzzTarget target, ReadOnlySpan<string> files)
    {
        var failed = 0;
        foreach (var file in files)
        {
            try
            {
                target.Run(File.ReadAllBytes(file));
                Console.WriteLine($"ok     {file}");
            }
            catch (Exception e)
            {
                failed++;
                Console.WriteLine($"FAILED {file}");
                Console.WriteLine(e.ToString());
            }
        }

        return failed == 0 ? 0 : 1;
    }

    /// <summary>Times the target over inputs (uninstrumented): what one execution costs the fuzzer.</summary>
    private static int Bench(FuzzTarget target, ReadOnlySpan<string> files)
    {
        var inputs = files.ToArray().Select(File.ReadAllBytes).ToArray();
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var cpu = TimeSpan.Zero;
        var allocated = 0L;
        var runs = 0;
        while (watch.Elapsed < TimeSpan.FromSeconds(3) || runs < 3 * inputs.Length)
        {
            if (runs == inputs.Length)
            {
                watch.Restart(); // the first pass warms the JIT up
                cpu = Environment.CpuUsage.UserTime;
                allocated = GC.GetTotalAllocatedBytes();
            }

            target.Run(inputs[runs++ % inputs.Length]);
        }

        var measured = runs - inputs.Length;
        var cpuUs = (Environment.CpuUsage.UserTime - cpu).TotalMicroseconds / measured;
        Console.WriteLine($"{target.Name}: {watch.Elapsed.TotalMicroseconds / measured:F1} µs per input ({cpuUs:F1} µs of CPU, {(GC.GetTotalAllocatedBytes() - allocated) / measured} bytes allocated) over {measured} runs of {inputs.Length} inputs");
        return 0;
    }

    private static int Usage()
    {
        Console.Error.WriteLine("usage: Rethink.Ims.Fuzz instrument DLL | run TARGET | repro TARGET FILE... | bench TARGET FILE... | seeds TARGET DIR | targets");
        Console.Error.WriteLine($"targets: {string.Join(", ", FuzzTargets.All.Select(t => t.Name))}");
        return 2;
    }
}
