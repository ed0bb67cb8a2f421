using System.Globalization;
using System.Net;
using System.Text.Json;
using Rethink.Ims.Credentials;
using Rethink.Ims.IntegrationTests.Infrastructure;

namespace Rethink.Ims.IntegrationTests.Sip.Registrar;

/// <summary>
/// Real SIP peers (SIPp, JsSIP in node) registering at the SIP server sample with the ephemeral credentials of the shared
/// secret, as they did at Kamailio with <c>auth_ephemeral</c> in the seed.
/// </summary>
[Collection(RegistrarSampleCollection.Name)]
public sealed class RegistrarSampleTests(RegistrarSampleFixture server)
{
    private static readonly TimeSpan ClientTimeout = TimeSpan.FromSeconds(40);

    private static string ScenarioDirectory => Path.Combine(SamplePaths.RepositoryRoot, "tests", "Rethink.Ims.IntegrationTests", "Sip", "Registrar");

    private static string JsDirectory => Path.Combine(SamplePaths.RepositoryRoot, "tests", "js");

    private EphemeralCredential Credential(string user, TimeSpan ttl) =>
        new EphemeralCredentialGenerator(new SecretRing([server.Secret]), new EphemeralCredentialOptions(), TimeProvider.System)
            .Generate(user, DateTimeOffset.UtcNow + ttl);

    private async Task<string> SippAsync(string scenario, string transport, string username, string password)
    {
        var workDirectory = Directory.CreateTempSubdirectory("rethink-sipp-");
        try
        {
            var (exit, output) = await CommandRunner.RunAsync("/usr/bin/sipp", [
                "-sf", Path.Combine(ScenarioDirectory, scenario), "-m", "1", "-t", transport,
                "-i", "127.0.0.1", "-p", FreePort.UdpAndTcp().ToString(CultureInfo.InvariantCulture),
                "-s", "alice", "-key", "domain", "example.com", "-key", "auser", username, "-au", username, "-ap", password,
                "-nostdin", "-timeout", "20s", "-timeout_error", $"127.0.0.1:{server.UdpTcpPort}",
            ], ClientTimeout, workingDirectory: workDirectory.FullName);
            Assert.True(exit == 0, $"sipp exit {exit}:\n{output}\nserver log:\n{server.Log}");
            Assert.Matches(@"Successful call\s+\|\s+\d+\s+\|\s+1\b", output);
            return output;
        }
        finally
        {
            workDirectory.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData("u1")]
    [InlineData("t1")]
    public async Task Sipp_registers_with_an_ephemeral_credential_refreshes_and_unregisters(string transport)
    {
        var credential = Credential("alice", TimeSpan.FromHours(1));
        await SippAsync("register-uac.xml", transport, credential.Username, credential.Password);
    }

    [Fact]
    public async Task Sipp_with_a_wrong_password_is_challenged_again()
    {
        var credential = Credential("alice", TimeSpan.FromHours(1));
        await SippAsync("register-rejected-uac.xml", "u1", credential.Username, "AAAA" + credential.Password[4..]);
    }

    [Fact]
    public async Task Sipp_with_an_expired_credential_is_challenged_again()
    {
        var credential = Credential("alice", TimeSpan.FromSeconds(-10));
        await SippAsync("register-rejected-uac.xml", "u1", credential.Username, credential.Password);
    }

    [Fact]
    public async Task JsSIP_registers_over_WebSocket_re_registers_and_unregisters()
    {
        AssertNodeModules();
        var credential = Credential("alice", TimeSpan.FromHours(1));
        var (exit, output) = await CommandRunner.RunAsync("node", [
            "jssip-register.js", $"ws://127.0.0.1:{server.WsPort}", credential.Username + "@example.com", credential.Password,
        ], ClientTimeout, workingDirectory: JsDirectory);
        Assert.True(exit == 0, $"node exit {exit}:\n{output}\nserver log:\n{server.Log}");
        Assert.Contains("REGISTERED 200", output, StringComparison.Ordinal);
        Assert.Contains("REREGISTERED 200", output, StringComparison.Ordinal);
        Assert.Contains("UNREGISTERED 200", output, StringComparison.Ordinal);
    }

    /// <summary>
    /// SIP.js drops a 2xx to REGISTER that does not list its own contact with an expires parameter (RFC 3261 §10.2.4), so
    /// its promise for each step only resolves when the registrar echoed the contact it registered; over wss:// a real
    /// TLS client (node's, certificate not verified: the sample's development certificate is self-signed).
    /// </summary>
    [Theory]
    [InlineData("ws")]
    [InlineData("wss")]
    public async Task SipJs_registers_re_registers_and_unregisters(string scheme)
    {
        AssertNodeModules("sip.js");
        var credential = Credential("alice", TimeSpan.FromHours(1));
        var port = scheme == "wss" ? server.WssPort : server.WsPort;
        var (exit, output) = await CommandRunner.RunAsync("node", [
            "sipjs-register.mjs", $"{scheme}://127.0.0.1:{port}", credential.Username, "example.com", credential.Password,
        ], ClientTimeout, workingDirectory: JsDirectory);
        Assert.True(exit == 0, $"node exit {exit}:\n{output}\nserver log:\n{server.Log}");
        Assert.Contains("REGISTERED 200", output, StringComparison.Ordinal);
        Assert.Contains("REREGISTERED 200", output, StringComparison.Ordinal);
        Assert.Contains("UNREGISTERED 200", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task JsSIP_registers_over_secure_WebSocket()
    {
        AssertNodeModules();
        var credential = Credential("alice", TimeSpan.FromHours(1));
        var (exit, output) = await CommandRunner.RunAsync("node", [
            "jssip-register.js", $"wss://127.0.0.1:{server.WssPort}", credential.Username + "@example.com", credential.Password,
        ], ClientTimeout, workingDirectory: JsDirectory);
        Assert.True(exit == 0, $"node exit {exit}:\n{output}\nserver log:\n{server.Log}");
        Assert.Contains("UNREGISTERED 200", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Browser_flow_credential_server_then_JsSIP_files_the_binding_under_the_named_user()
    {
        AssertNodeModules();
        var credential = await FetchCredentialAsync("alice@example.com");
        var username = credential.GetProperty("username").GetString()!;
        Assert.EndsWith(":alice@example.com", username, StringComparison.Ordinal);
        var password = credential.GetProperty("password").GetString()!;

        var release = Path.Combine(Path.GetTempPath(), $"rethink-regglue-release-{Guid.NewGuid():N}");
        var log = Path.Combine(Path.GetTempPath(), $"rethink-regglue-jssip-{Guid.NewGuid():N}.log");
        await using (var node = ExternalProcess.Start("node", [
            Path.Combine(JsDirectory, "jssip-register.js"), $"ws://127.0.0.1:{server.WsPort}", username, password, "--until-file", release,
        ], log))
        {
            var contact = await WaitForLineAsync(node, log, "CONTACT ");

            // A second client for alice, with its own credential of another expiry (so another timestamp "user"),
            // registers too: the 200 lists every binding of its AoR. The browser's contact (a *.invalid host over the
            // WebSocket) is there only if both were filed under sip:alice@example.com, not under their timestamps.
            var second = Credential("alice", TimeSpan.FromHours(2));
            Assert.NotEqual(username.Split(':')[0], second.Username.Split(':')[0]);
            using var client = new MiniSipClient(new IPEndPoint(IPAddress.Loopback, server.UdpTcpPort));
            var outcome = await client.RegisterAsync(second.Username, second.Password, aorUser: second.Username);
            Assert.Equal(200, outcome.Final.StatusCode);
            var contacts = string.Join('\n', outcome.Final.GetHeaders("Contact"));
            Assert.Contains(contact, contacts, StringComparison.Ordinal);
            Assert.Contains(client.ContactUri(second.Username), contacts, StringComparison.Ordinal);

            await File.WriteAllTextAsync(release, "go");
            await WaitForLineAsync(node, log, "UNREGISTERED 200");
        }

        File.Delete(release);
        File.Delete(log);
    }

    private async Task<JsonElement> FetchCredentialAsync(string email)
    {
        using var http = new HttpClient { BaseAddress = server.CredentialServer };
        using var token = JsonDocument.Parse(await http.GetStringAsync(new Uri("/dev/token?email=" + Uri.EscapeDataString(email), UriKind.Relative)));
        using var request = new HttpRequestMessage(HttpMethod.Get, "/credential");
        // The original browser client sent "Bearer: TOKEN".
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer: " + token.RootElement.GetProperty("id_token").GetString());
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode}: {body}");
        using var document = JsonDocument.Parse(body);
        return document.RootElement.Clone();
    }

    private async Task<string> WaitForLineAsync(ExternalProcess process, string log, string prefix)
    {
        for (var i = 0; i < 300; i++)
        {
            string text;
            await using (var stream = new FileStream(log, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
            using (var reader = new StreamReader(stream))
            {
                text = await reader.ReadToEndAsync();
            }

            var line = text.Split('\n').FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal));
            if (line is not null)
            {
                return line[prefix.Length..].Trim();
            }

            if (text.Contains("FAILED", StringComparison.Ordinal) || text.Contains("TIMEOUT", StringComparison.Ordinal) || process.HasExited)
            {
                break;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"no '{prefix}' line from JsSIP:\n{process.ReadLog([], 40)}\nserver log:\n{server.Log}");
    }

    private static void AssertNodeModules(string package = "jssip") =>
        Assert.True(Directory.Exists(Path.Combine(JsDirectory, "node_modules", package)), "Run scripts/install-test-deps.sh (npm ci in tests/js) first.");
}
