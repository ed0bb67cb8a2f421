using System.Diagnostics;
using System.Globalization;
using Rethink.Ims.Credentials;
using Rethink.Ims.IntegrationTests.Infrastructure;

namespace Rethink.Ims.IntegrationTests.Sip.Proxy;

/// <summary>
/// Calls through the edge proxy between real peers on loopback: JsSIP in node over WebSocket (registered with an ephemeral
/// credential, a fixed SDP instead of WebRTC) and SIPp over UDP, as a callee behind the upstream and as a SIP phone calling
/// the registered browser user. In-dialog requests (ACK, BYE) follow the recorded route across the WS/UDP change.
/// </summary>
[Collection(ProxySampleCollection.Name)]
public sealed class ProxySampleTests(ProxySampleFixture server)
{
    private static readonly TimeSpan ClientTimeout = TimeSpan.FromSeconds(60);

    private static string ScenarioDirectory => Path.Combine(SamplePaths.RepositoryRoot, "tests", "Rethink.Ims.IntegrationTests", "Sip", "Scenarios");

    private static string JsDirectory => Path.Combine(SamplePaths.RepositoryRoot, "tests", "js");

    private string WsUrl => $"ws://127.0.0.1:{server.WsPort}";

    private EphemeralCredential Credential(string user) =>
        new EphemeralCredentialGenerator(new SecretRing([server.Secret]), new EphemeralCredentialOptions(), TimeProvider.System)
            .Generate(user, DateTimeOffset.UtcNow + TimeSpan.FromHours(1));

    [Fact]
    public async Task JsSIP_over_WebSocket_calls_a_SIPp_callee_on_UDP_behind_the_upstream_and_hangs_up()
    {
        AssertNodeModules();
        var callee = SippAsync("proxy-uas.xml", server.UpstreamPort, []);
        await Task.Delay(500);
        var credential = Credential("alice");
        var (exit, output) = await CommandRunner.RunAsync("node", [
            "jssip-call.js", "call", WsUrl, credential.Username + "@example.com", credential.Password, "sip:bob@ims.test", "--hangup-after", "500",
        ], ClientTimeout, workingDirectory: JsDirectory);
        var (sippExit, sippOutput) = await callee;
        Assert.True(exit == 0, $"node exit {exit}:\n{output}\nSIPp:\n{sippOutput}\nserver log:\n{server.Log}");
        Assert.Contains("CONFIRMED", output, StringComparison.Ordinal);
        Assert.Contains("ENDED local", output, StringComparison.Ordinal);
        AssertDoubleRecordRoute(output);
        Assert.True(sippExit == 0, $"SIPp exit {sippExit}:\n{sippOutput}\nnode:\n{output}\nserver log:\n{server.Log}");
    }

    [Fact]
    public async Task SIPp_calls_the_registered_WebSocket_user_who_answers_and_the_caller_hangs_up()
    {
        var (node, sipp) = await CallWebSocketUserAsync("bob", [], "proxy-uac.xml");
        Assert.True(sipp.Exit == 0, $"SIPp exit {sipp.Exit}:\n{sipp.Output}\nnode:\n{node}\nserver log:\n{server.Log}");
        Assert.Contains("CONFIRMED", node, StringComparison.Ordinal);
        Assert.Contains("ENDED remote", node, StringComparison.Ordinal);
        AssertDoubleRecordRoute(node);
    }

    [Fact]
    public async Task SIPp_calls_the_registered_WebSocket_user_who_answers_and_then_hangs_up()
    {
        var (node, sipp) = await CallWebSocketUserAsync("carol", ["--hangup-after", "300"], "proxy-uac-callee-bye.xml");
        Assert.True(sipp.Exit == 0, $"SIPp exit {sipp.Exit}:\n{sipp.Output}\nnode:\n{node}\nserver log:\n{server.Log}");
        Assert.Contains("ENDED local", node, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_CANCEL_before_the_answer_reaches_the_ringing_WebSocket_user_and_the_caller_gets_487()
    {
        var (node, sipp) = await CallWebSocketUserAsync("dave", ["--ring"], "proxy-uac-cancel.xml");
        Assert.True(sipp.Exit == 0, $"SIPp exit {sipp.Exit}:\n{sipp.Output}\nnode:\n{node}\nserver log:\n{server.Log}");
        Assert.Contains("FAILED remote Canceled", node, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_busy_WebSocket_user_486_reaches_the_SIPp_caller()
    {
        var (node, sipp) = await CallWebSocketUserAsync("erin", ["--reject", "486"], "proxy-uac-busy.xml");
        Assert.True(sipp.Exit == 0, $"SIPp exit {sipp.Exit}:\n{sipp.Output}\nnode:\n{node}\nserver log:\n{server.Log}");
        Assert.Contains("FAILED local", node, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_WebSocket_users_call_each_other_through_the_edge_each_over_its_own_connection()
    {
        var (call, calleeOutput) = await CallBetweenWebSocketUsersAsync("gina", "hank", _ => "sip:gina@example.com");
        Assert.True(call.Exit == 0, $"caller exit {call.Exit}:\n{call.Output}\ncallee:\n{calleeOutput}\nserver log:\n{server.Log}");
        Assert.Contains("ENDED remote", calleeOutput, StringComparison.Ordinal);

        // Both sides face a WebSocket connection: two Record-Route values, each with its own flow token.
        var route = calleeOutput.Split('\n').First(l => l.StartsWith("ROUTE ", StringComparison.Ordinal))["ROUTE ".Length..].Split(", ");
        Assert.Equal(2, route.Length);
        Assert.All(route, v => Assert.Contains("transport=ws", v, StringComparison.Ordinal));
        Assert.NotEqual(route[0].Split('@')[0], route[1].Split('@')[0]);
    }

    [Fact]
    public async Task A_WebSocket_user_is_called_on_the_temporary_GRUU_the_registrar_gave_it()
    {
        // JsSIP registers with Supported: gruu and its +sip.instance, keeps the GRUUs of the 200 and answers a call placed to
        // the temporary one (RFC 5627), which names neither the user nor the instance.
        string? publicGruu = null;
        var (call, calleeOutput) = await CallBetweenWebSocketUsersAsync("ivy", "jack", output =>
        {
            var gruus = output.Split('\n').First(l => l.StartsWith("GRUU ", StringComparison.Ordinal)).Trim().Split(' ');
            publicGruu = gruus[1];
            return gruus[2];
        });
        Assert.True(call.Exit == 0, $"caller exit {call.Exit}:\n{call.Output}\ncallee:\n{calleeOutput}\nserver log:\n{server.Log}");
        Assert.True(calleeOutput.Contains("ENDED remote", StringComparison.Ordinal), $"callee:\n{calleeOutput}\ncaller:\n{call.Output}\nserver log:\n{server.Log}");
        Assert.Matches("^sip:ivy@example.com;gr=urn:uuid:[0-9a-f-]{36}$", publicGruu);
    }

    [Fact]
    public async Task A_call_to_an_unreachable_upstream_fails_with_408_within_timer_B()
    {
        AssertNodeModules();
        var credential = Credential("frank");
        var watch = Stopwatch.StartNew();
        var (exit, output) = await CommandRunner.RunAsync("node", [
            "jssip-call.js", "call", WsUrl, credential.Username + "@example.com", credential.Password, "sip:nobody@ims.test", "--expect-failure",
        ], ClientTimeout, workingDirectory: JsDirectory);
        watch.Stop();
        Assert.True(exit == 0, $"node exit {exit}:\n{output}\nserver log:\n{server.Log}");
        Assert.Matches(@"FAILED remote \S.* 408", output);

        // Timer B is 64·T1 = 6.4 s with the fixture's T1 of 100 ms; registering and the 407 round add a little.
        Assert.InRange(watch.Elapsed, TimeSpan.FromSeconds(6), TimeSpan.FromSeconds(20));
    }

    private static void AssertDoubleRecordRoute(string output)
    {
        var route = output.Split('\n').FirstOrDefault(l => l.StartsWith("ROUTE ", StringComparison.Ordinal));
        Assert.NotNull(route);

        // One value faces the WebSocket side (transport=ws, with the flow token), one the UDP side.
        var values = route["ROUTE ".Length..].Split(", ");
        Assert.Equal(2, values.Length);
        Assert.Single(values, v => v.Contains("transport=ws", StringComparison.Ordinal) && v.Contains("<sip:ft-", StringComparison.Ordinal));
        Assert.Single(values, v => !v.Contains("transport=", StringComparison.Ordinal));
    }

    /// <summary>The callee answers over its WebSocket; the caller, over another, calls the target read from the callee's output.</summary>
    private async Task<((int Exit, string Output) Call, string CalleeOutput)> CallBetweenWebSocketUsersAsync(
        string calleeName, string callerName, Func<string, string> target)
    {
        AssertNodeModules();
        var callee = Credential(calleeName);
        var caller = Credential(callerName);
        var log = Path.Combine(Path.GetTempPath(), $"rethink-edge-jssip-{Guid.NewGuid():N}.log");
        string calleeOutput;
        (int Exit, string Output) call;
        await using (var answering = ExternalProcess.Start("node", [
            Path.Combine(JsDirectory, "jssip-call.js"), "answer", WsUrl, callee.Username + "@example.com", callee.Password,
        ], log))
        {
            await WaitForLineAsync(answering, log, "REGISTERED");
            call = await CommandRunner.RunAsync("node", [
                "jssip-call.js", "call", WsUrl, caller.Username + "@example.com", caller.Password, target(ReadShared(log)), "--hangup-after", "300",
            ], ClientTimeout, workingDirectory: JsDirectory);
            for (var i = 0; i < 50 && !answering.HasExited; i++)
            {
                await Task.Delay(100);
            }

            calleeOutput = ReadShared(log);
        }

        File.Delete(log);
        return (call, calleeOutput);
    }

    private async Task<(string Node, (int Exit, string Output) Sipp)> CallWebSocketUserAsync(string user, string[] nodeOptions, string scenario)
    {
        AssertNodeModules();
        var credential = Credential(user);
        var log = Path.Combine(Path.GetTempPath(), $"rethink-edge-jssip-{Guid.NewGuid():N}.log");
        string nodeOutput;
        (int, string) sipp;
        await using (var node = ExternalProcess.Start("node", [
            Path.Combine(JsDirectory, "jssip-call.js"), "answer", WsUrl, credential.Username + "@example.com", credential.Password, .. nodeOptions,
        ], log))
        {
            await WaitForLineAsync(node, log, "REGISTERED");
            sipp = await SippAsync(scenario, FreePort.UdpAndTcp(), ["-s", user, "-key", "domain", "example.com", $"127.0.0.1:{server.UdpTcpPort}"]);
            for (var i = 0; i < 50 && !node.HasExited; i++)
            {
                await Task.Delay(100);
            }

            nodeOutput = ReadShared(log);
        }

        File.Delete(log);
        return (nodeOutput, sipp);
    }

    private static async Task<(int Exit, string Output)> SippAsync(string scenario, int localPort, string[] arguments)
    {
        var workDirectory = Directory.CreateTempSubdirectory("rethink-sipp-");
        try
        {
            return await CommandRunner.RunAsync("/usr/bin/sipp", [
                "-sf", Path.Combine(ScenarioDirectory, scenario), "-m", "1", "-t", "u1",
                "-i", "127.0.0.1", "-p", localPort.ToString(CultureInfo.InvariantCulture),
                "-nostdin", "-timeout", "30s", "-timeout_error", .. arguments,
            ], ClientTimeout, workingDirectory: workDirectory.FullName);
        }
        finally
        {
            workDirectory.Delete(recursive: true);
        }
    }

    private static string ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private async Task WaitForLineAsync(ExternalProcess process, string log, string prefix)
    {
        for (var i = 0; i < 300; i++)
        {
            var text = ReadShared(log);
            if (text.Split('\n').Any(l => l.StartsWith(prefix, StringComparison.Ordinal)))
            {
                return;
            }

            if (text.Contains("FAILED", StringComparison.Ordinal) || text.Contains("TIMEOUT", StringComparison.Ordinal) || process.HasExited)
            {
                break;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"no '{prefix}' line from JsSIP:\n{process.ReadLog([], 40)}\nserver log:\n{server.Log}");
    }

    private static void AssertNodeModules() =>
        Assert.True(Directory.Exists(Path.Combine(JsDirectory, "node_modules", "jssip")), "Run scripts/install-test-deps.sh (npm ci in tests/js) first.");
}
