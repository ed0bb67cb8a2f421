using System.Net;
using System.Text.RegularExpressions;
using Rethink.Ims.Credentials;
using Rethink.Ims.IntegrationTests.Infrastructure;

namespace Rethink.Ims.IntegrationTests.Sip.Registrar;

/// <summary>
/// The same client cases against a real Kamailio 5.6 registrar with auth_ephemeral (Kamailio/kamailio-registrar.cfg:
/// the module's documented pattern, every failure re-challenged) and against the SIP server sample, with one secret
/// and one nonce lifetime: the final status codes must be equal.
/// </summary>
/// <remarks>
/// Where we deliberately differ, the codes are still equal but what is filed is not: the sample files an ephemeral
/// user's binding under the user the credential names (sip:alice@example.com for <c>&lt;expiry&gt;:alice</c>), Kamailio
/// under the To URI's user part, which for the original client's <c>sip:&lt;expiry&gt;:alice@example.com</c> is the
/// timestamp (FACTS.md §3); <see cref="Two_credentials_of_one_user_share_one_AoR_at_the_sample_but_not_at_Kamailio"/>
/// pins that difference. Not compared: a replayed nonce count (register-replay-uac.xml). Kamailio answers statelessly
/// here (sl), so the retransmitted first REGISTER gets a new nonce and the "replay" is a fresh nc=1 that it accepts,
/// and auth's nonce-count checking is off by default; the sample's answer (401, not stale) is pinned in
/// <see cref="RegistrarNonceTests"/>.
/// </remarks>
[Collection(RegistrarComparisonCollection.Name)]
public sealed class RegistrarKamailioComparisonTests(RegistrarComparisonFixture fixture)
{
    private static readonly TimeSpan ClientTimeout = TimeSpan.FromSeconds(40);

    private static string JsDirectory => Path.Combine(SamplePaths.RepositoryRoot, "tests", "js");

    public static TheoryData<string, string, string> SippCases
    {
        get
        {
            var data = new TheoryData<string, string, string>();
            foreach (var transport in new[] { "u1", "t1" })
            {
                data.Add("register-uac.xml", transport, "valid");
                data.Add("register-rejected-uac.xml", transport, "wrong-password");
                data.Add("register-rejected-uac.xml", transport, "expired");
                data.Add("register-stale-uac.xml", transport, "valid");
            }

            return data;
        }
    }

    private EphemeralCredential Credential(string user, TimeSpan ttl) =>
        new EphemeralCredentialGenerator(new SecretRing([fixture.Sample.Secret]), new EphemeralCredentialOptions(), TimeProvider.System)
            .Generate(user, DateTimeOffset.UtcNow + ttl);

    private (string Username, string Password) CredentialFor(string kind)
    {
        var credential = Credential("alice", kind == "expired" ? TimeSpan.FromSeconds(-10) : TimeSpan.FromHours(1));
        return kind == "wrong-password" ? (credential.Username, "AAAA" + credential.Password[4..]) : (credential.Username, credential.Password);
    }

    [Theory]
    [MemberData(nameof(SippCases))]
    public async Task Sipp_case_gets_the_same_final_status_codes_from_Kamailio_and_from_the_sample(string scenario, string transport, string credential)
    {
        var (username, password) = CredentialFor(credential);

        var ours = await RegistrarSipp.RunAsync(scenario, transport, username, password, fixture.Sample.UdpTcpPort);
        var kamailio = await RegistrarSipp.RunAsync(scenario, transport, username, password, fixture.Kamailio.Port);

        Assert.True(RegistrarSipp.Succeeded(kamailio.ExitCode, kamailio.Output), $"against Kamailio, sipp exit {kamailio.ExitCode}:\n{kamailio.Output}\n{fixture.Kamailio.Log}");
        Assert.True(RegistrarSipp.Succeeded(ours.ExitCode, ours.Output), $"against the sample, sipp exit {ours.ExitCode}:\n{ours.Output}\n{fixture.Sample.Log}");
        Assert.NotEmpty(kamailio.Statuses);
        Assert.Equal(kamailio.Statuses, ours.Statuses);
    }

    /// <summary>JsSIP and SIP.js over WebSocket (Kamailio's websocket module): register, re-register, unregister.</summary>
    [Theory]
    [InlineData("jssip")]
    [InlineData("sipjs")]
    public async Task WebSocket_client_gets_the_same_answers_from_Kamailio_and_from_the_sample(string client)
    {
        Assert.True(Directory.Exists(Path.Combine(JsDirectory, "node_modules", client == "sipjs" ? "sip.js" : "jssip")), "Run scripts/install-test-deps.sh (npm ci in tests/js) first.");
        var credential = Credential("alice", TimeSpan.FromHours(1));

        var ours = await RunClientAsync(client, fixture.Sample.WsPort, credential);
        var kamailio = await RunClientAsync(client, fixture.Kamailio.WsPort, credential);

        Assert.True(kamailio.ExitCode == 0, $"against Kamailio, node exit {kamailio.ExitCode}:\n{kamailio.Output}\n{fixture.Kamailio.Log}");
        Assert.True(ours.ExitCode == 0, $"against the sample, node exit {ours.ExitCode}:\n{ours.Output}\n{fixture.Sample.Log}");
        Assert.Equal(["REGISTERED 200", "REREGISTERED 200", "UNREGISTERED 200"], Steps(kamailio.Output));
        Assert.Equal(Steps(kamailio.Output), Steps(ours.Output));
        if (client == "jssip")
        {
            // Both registrars give JsSIP (Supported: gruu, +sip.instance) a public and a temporary GRUU (RFC 5627). Deliberate
            // difference: ours names the user the credential names (the AoR rule); Kamailio's names the timestamp alone, the To
            // URI's user (":alice" parses as its password), the AoR it files the binding under (FACTS.md §3).
            var (ourPublic, ourTemporary) = Gruus(ours.Output);
            var (theirPublic, theirTemporary) = Gruus(kamailio.Output);
            Assert.Matches("^sip:alice@example.com;gr=urn:uuid:[0-9a-f-]{36}$", ourPublic);
            Assert.Matches("^sip:[0-9]+@example.com;gr=urn:uuid:[0-9a-f-]{36}$", theirPublic);
            Assert.Matches("^sip:[^@]+@example.com;gr$", ourTemporary);
            Assert.Matches("^sip:[^@]+@example.com;gr$", theirTemporary);
        }
    }

    private static (string Public, string Temporary) Gruus(string output)
    {
        var parts = output.Split('\n').First(l => l.StartsWith("GRUU ", StringComparison.Ordinal)).Trim().Split(' ');
        return (parts[1], parts[2]);
    }

    [Fact]
    public async Task Two_credentials_of_one_user_share_one_AoR_at_the_sample_but_not_at_Kamailio()
    {
        // Each client registers as the original one did: the credential's username is the SIP URI user, so the To URI is
        // sip:<expiry>:alice@example.com, a different timestamp for each credential.
        var first = Credential("alice", TimeSpan.FromHours(1));
        var second = Credential("alice", TimeSpan.FromHours(2));

        var ours = await RegisterBothAsync(fixture.Sample.UdpTcpPort, first, second);
        var kamailio = await RegisterBothAsync(fixture.Kamailio.Port, first, second);

        Assert.Equal((200, 200), (ours.FirstStatus, ours.SecondStatus));
        Assert.Equal((200, 200), (kamailio.FirstStatus, kamailio.SecondStatus));
        // Deliberate difference: the sample files both under sip:alice@example.com, so the second 200 lists both contacts;
        // Kamailio files each under its timestamp, so the second 200 lists only the second.
        Assert.Contains(ours.FirstContact, ours.SecondContacts, StringComparison.Ordinal);
        Assert.DoesNotContain(kamailio.FirstContact, kamailio.SecondContacts, StringComparison.Ordinal);
        Assert.Contains(kamailio.SecondContact, kamailio.SecondContacts, StringComparison.Ordinal);
    }

    private static async Task<(int FirstStatus, int SecondStatus, string FirstContact, string SecondContact, string SecondContacts)> RegisterBothAsync(
        int port, EphemeralCredential first, EphemeralCredential second)
    {
        using var one = new MiniSipClient(new IPEndPoint(IPAddress.Loopback, port));
        using var two = new MiniSipClient(new IPEndPoint(IPAddress.Loopback, port));
        var a = await one.RegisterAsync(first.Username, first.Password, aorUser: first.Username);
        var b = await two.RegisterAsync(second.Username, second.Password, aorUser: second.Username);
        return (a.Final.StatusCode, b.Final.StatusCode, one.ContactUri(first.Username), two.ContactUri(second.Username), string.Join('\n', b.Final.GetHeaders("Contact")));
    }

    private static Task<(int ExitCode, string Output)> RunClientAsync(string client, int wsPort, EphemeralCredential credential) =>
        client == "sipjs"
            ? CommandRunner.RunAsync("node", ["sipjs-register.mjs", $"ws://127.0.0.1:{wsPort}", credential.Username, "example.com", credential.Password], ClientTimeout, workingDirectory: JsDirectory)
            : CommandRunner.RunAsync("node", ["jssip-register.js", $"ws://127.0.0.1:{wsPort}", credential.Username + "@example.com", credential.Password], ClientTimeout, workingDirectory: JsDirectory);

    private static List<string> Steps(string output) =>
        [.. Regex.Matches(output, @"^(?:REGISTERED|REREGISTERED|UNREGISTERED) \d{3}", RegexOptions.Multiline).Select(m => m.Value)];
}
