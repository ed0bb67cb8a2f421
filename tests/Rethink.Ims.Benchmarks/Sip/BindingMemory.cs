using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.Extensions.Options;
using Rethink.Ims.Sip.Messages;
using Rethink.Ims.Sip.Registrar;

namespace Rethink.Ims.Benchmarks.Sip;

/// <summary>
/// Memory a binding costs in the in-memory location store: registers N distinct users through <see cref="SipRegistrar"/>
/// (parsed REGISTERs as SIPp sends them, ephemeral digest users, UDP), then reads the managed heap after a full collection.
/// Not a BenchmarkDotNet benchmark (that measures allocation per call, not what stays): run with
/// <c>dotnet run -c Release --project tests/Rethink.Ims.Benchmarks -- binding-memory [count=100000]</c>.
/// </summary>
internal static class BindingMemory
{
    public static void Run(string[] args)
    {
        var count = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 100_000;
        foreach (var distinctSources in new[] { false, true })
        {
            Measure(count, distinctSources);
        }
    }

    private static void Measure(int count, bool distinctSources)
    {
        var settings = new SipRegistrarOptions { MaxBindings = count * 2, SweepInterval = TimeSpan.Zero };
        settings.LocalDomains.Add("example.com");
        var options = Options.Create(settings);
        var before = Heap();
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        using var store = new InMemoryLocationStore(options, TimeProvider.System);
        var registrar = new SipRegistrar(options, store, TimeProvider.System);
        var expiry = DateTimeOffset.UtcNow.AddDays(1).ToUnixTimeSeconds();
        var shared = new IPEndPoint(IPAddress.Loopback, 5061);
        var stopwatch = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            var source = distinctSources ? new IPEndPoint(new IPAddress(0x0A000000u + (uint)i), 5060) : shared;
            var user = "user" + i.ToString(CultureInfo.InvariantCulture);
            var bytes = Encoding.ASCII.GetBytes(
                "REGISTER sip:example.com SIP/2.0\r\n" +
                $"Via: SIP/2.0/UDP {source};branch=z9hG4bK-{i}-1;received={source.Address};rport={source.Port}\r\n" +
                "Max-Forwards: 70\r\n" +
                $"From: <sip:{user}@example.com>;tag={i}\r\n" +
                $"To: <sip:{user}@example.com>\r\n" +
                $"Call-ID: {i}-4242@{source.Address}\r\n" +
                "CSeq: 2 REGISTER\r\n" +
                $"Contact: <sip:{user}@{source};transport=udp>\r\n" +
                "Expires: 3600\r\n" +
                "Content-Length: 0\r\n\r\n");
            using var request = (SipRequest)SipParser.Parse(bytes).Message!;
            var context = new RegistrationContext
            {
                AuthenticatedUser = $"{expiry}:{user}",
                FlowId = $"udp:127.0.0.1:5060>{source}",
                Transport = SipTransportKind.Udp,
                Source = source,
            };
            var outcome = registrar.ProcessAsync(request, context, CancellationToken.None).AsTask().GetAwaiter().GetResult();
            if (outcome.Response.StatusCode != 200)
            {
                throw new InvalidOperationException($"REGISTER {i} got {outcome.Response.StatusCode}.");
            }

            outcome.Response.Dispose();
        }

        stopwatch.Stop();
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        var after = Heap();
        Console.WriteLine(
            $"{count:N0} bindings, {(distinctSources ? "one source address per user" : "all from one source address")}: " +
            $"heap +{(after - before) / (1024.0 * 1024):F1} MiB = {(after - before) / (double)count:F0} bytes per binding retained; " +
            $"{allocated / (double)count:F0} bytes allocated per REGISTER; {stopwatch.Elapsed.TotalMicroseconds / count:F1} us per REGISTER (wall, one thread); " +
            $"store holds {store.BindingCount:N0}");
        GC.KeepAlive(registrar);
    }

    private static long Heap()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
