using System.Globalization;
using Rethink.Ims.Credentials;
using Rethink.Ims.IntegrationTests.Infrastructure;

namespace Rethink.Ims.IntegrationTests.Sip.Proxy;

/// <summary>
/// The edge relays a JsSIP user's REGISTER to a SIPp "IMS core" that checks the Path (the edge, with the user's flow token)
/// and answers with a Service-Route; the user's call then goes along that Service-Route to the core, which answers, and
/// the user hangs up through the edge.
/// </summary>
[Collection(RelayingProxySampleCollection.Name)]
public sealed class RegistrationRelaySampleTests(RelayingProxySampleFixture server)
{
    private static string ScenarioDirectory => Path.Combine(SamplePaths.RepositoryRoot, "tests", "Rethink.Ims.IntegrationTests", "Sip", "Scenarios");

    private static string JsDirectory => Path.Combine(SamplePaths.RepositoryRoot, "tests", "js");

    [Fact]
    public async Task A_REGISTER_relayed_with_Path_gets_the_core_Service_Route_which_the_user_calls_then_follow()
    {
        Assert.True(Directory.Exists(Path.Combine(JsDirectory, "node_modules", "jssip")), "Run scripts/install-test-deps.sh first.");
        var workDirectory = Directory.CreateTempSubdirectory("rethink-sipp-");
        try
        {
            var core = CommandRunner.RunAsync("/usr/bin/sipp", [
                "-sf", Path.Combine(ScenarioDirectory, "ims-core-uas.xml"), "-m", "2", "-t", "u1",
                "-i", "127.0.0.1", "-p", server.UpstreamPort.ToString(CultureInfo.InvariantCulture), "-nostdin", "-timeout", "40s", "-timeout_error",
            ], TimeSpan.FromSeconds(60), workingDirectory: workDirectory.FullName);
            await Task.Delay(500);
            var credential = new EphemeralCredentialGenerator(new SecretRing([server.Secret]), new EphemeralCredentialOptions(), TimeProvider.System)
                .Generate("alice", DateTimeOffset.UtcNow + TimeSpan.FromHours(1));
            var (exit, output) = await CommandRunner.RunAsync("node", [
                "jssip-call.js", "call", $"ws://127.0.0.1:{server.WsPort}", credential.Username + "@example.com", credential.Password,
                "sip:bob@ims.test", "--hangup-after", "500",
            ], TimeSpan.FromSeconds(60), workingDirectory: JsDirectory);
            var (coreExit, coreOutput) = await core;
            Assert.True(exit == 0, $"node exit {exit}:\n{output}\nSIPp:\n{coreOutput}\nserver log:\n{server.Log}");
            Assert.Contains("REGISTERED", output, StringComparison.Ordinal);
            Assert.Contains("ENDED local", output, StringComparison.Ordinal);
            Assert.True(coreExit == 0, $"SIPp core exit {coreExit}:\n{coreOutput}\nnode:\n{output}\nserver log:\n{server.Log}");
        }
        finally
        {
            workDirectory.Delete(recursive: true);
        }
    }
}
