using System.Globalization;
using Rethink.Ims.Credentials;
using Rethink.Ims.IntegrationTests.Infrastructure;

namespace Rethink.Ims.IntegrationTests.Sip.Proxy;

/// <summary>Runs a SIPp "IMS core" registrar on the edge's upstream port while a raw WebSocket client registers.</summary>
internal static class RelayedRegistration
{
    private static string ScenarioDirectory => Path.Combine(SamplePaths.RepositoryRoot, "tests", "Rethink.Ims.IntegrationTests", "Sip", "Scenarios");

    /// <summary>
    /// Starts SIPp with <paramref name="scenario"/> as the upstream, lets <paramref name="client"/> act, and returns SIPp's
    /// exit code and output (0 when every check of the scenario held).
    /// </summary>
    public static async Task<(int Exit, string Output)> RunAsync(ProxySampleFixture server, string scenario, Func<Task> client)
    {
        var workDirectory = Directory.CreateTempSubdirectory("rethink-sipp-");
        try
        {
            var core = CommandRunner.RunAsync("/usr/bin/sipp", [
                "-sf", Path.Combine(ScenarioDirectory, scenario), "-m", "1", "-t", "u1",
                "-i", "127.0.0.1", "-p", server.UpstreamPort.ToString(CultureInfo.InvariantCulture), "-nostdin", "-timeout", "40s", "-timeout_error",
            ], TimeSpan.FromSeconds(60), workingDirectory: workDirectory.FullName);
            await Task.Delay(500);
            await client();
            return await core;
        }
        finally
        {
            workDirectory.Delete(recursive: true);
        }
    }

    public static EphemeralCredential Credential(ProxySampleFixture server) =>
        new EphemeralCredentialGenerator(new SecretRing([server.Secret]), new EphemeralCredentialOptions(), TimeProvider.System)
            .Generate("alice", DateTimeOffset.UtcNow + TimeSpan.FromHours(1));
}

/// <summary>Relay authentication None: a user whose WebSocket closes is unregistered at the core by the edge.</summary>
[Collection(FlowCloseRelayingProxySampleCollection.Name)]
public sealed class RegistrationRelayFlowCloseSampleTests(FlowCloseRelayingProxySampleFixture server)
{
    [Fact]
    public async Task A_dropped_WebSocket_makes_the_edge_send_an_Expires_0_REGISTER_to_the_core()
    {
        var credential = RelayedRegistration.Credential(server);
        SipResponse? registered = null;
        var (exit, output) = await RelayedRegistration.RunAsync(server, "ims-core-registrar-dereg.xml", async () =>
        {
            using var client = await WebSocketSipClient.ConnectAsync(server.WsPort);
            registered = await client.RegisterAsync(credential.Username, credential.Password);
            client.Drop();
        });
        Assert.True(registered?.StatusCode == 200, $"REGISTER answered {registered?.Raw}\nSIPp:\n{output}\nserver log:\n{server.Log}");
        Assert.True(exit == 0, $"SIPp core exit {exit}:\n{output}\nserver log:\n{server.Log}");
    }
}

/// <summary>Relay authentication StaticAccount: the edge answers the core's digest challenges with the user's account.</summary>
[Collection(StaticAccountRelayingProxySampleCollection.Name)]
public sealed class RegistrationRelayStaticAccountSampleTests(StaticAccountRelayingProxySampleFixture server)
{
    [Fact]
    public async Task The_static_account_answers_the_cores_challenge_for_the_REGISTER_and_the_unregistration_on_flow_close()
    {
        var credential = RelayedRegistration.Credential(server);
        SipResponse? registered = null;
        var (exit, output) = await RelayedRegistration.RunAsync(server, "ims-core-registrar-auth.xml", async () =>
        {
            using var client = await WebSocketSipClient.ConnectAsync(server.WsPort);
            registered = await client.RegisterAsync(credential.Username, credential.Password);
            client.Drop();
        });
        Assert.True(registered?.StatusCode == 200, $"REGISTER answered {registered?.Raw}\nSIPp:\n{output}\nserver log:\n{server.Log}");
        Assert.True(exit == 0, $"SIPp core exit {exit}:\n{output}\nserver log:\n{server.Log}");
    }
}

/// <summary>Relay authentication PassThrough: the core's challenge reaches the user and the user's answer reaches the core.</summary>
[Collection(PassThroughRelayingProxySampleCollection.Name)]
public sealed class RegistrationRelayPassThroughSampleTests(PassThroughRelayingProxySampleFixture server)
{
    [Fact]
    public async Task The_users_own_answer_to_the_cores_challenge_passes_through_the_edge()
    {
        SipResponse? registered = null;
        var (exit, output) = await RelayedRegistration.RunAsync(server, "ims-core-registrar-passthrough.xml", async () =>
        {
            using var client = await WebSocketSipClient.ConnectAsync(server.WsPort);

            // Credentials of the core: the edge does not check them in pass-through.
            registered = await client.RegisterAsync("alice-core", "core-secret");
        });
        Assert.True(registered?.StatusCode == 200, $"REGISTER answered {registered?.Raw}\nSIPp:\n{output}\nserver log:\n{server.Log}");
        Assert.True(exit == 0, $"SIPp core exit {exit}:\n{output}\nserver log:\n{server.Log}");
    }
}
