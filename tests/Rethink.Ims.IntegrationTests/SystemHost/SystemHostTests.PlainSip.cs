using System.Globalization;
using Rethink.Ims.Credentials;
using Rethink.Ims.IntegrationTests.Browser;
using Rethink.Ims.IntegrationTests.BrowserClient;
using Rethink.Ims.IntegrationTests.Infrastructure;
using Rethink.Ims.IntegrationTests.Sip;

namespace Rethink.Ims.IntegrationTests.SystemHost;

/// <summary>
/// The browser page against a plain SIP phone (SIPp over UDP with RTP/AVP PCMU, echoing the RTP it receives with
/// <c>-rtp_echo</c>) through the edge and the media bridge, both ways; and the page in the original client's
/// wire-compatible mode calling the echo service.
/// </summary>
public sealed partial class SystemHostTests
{
    private static readonly TimeSpan SippTimeout = TimeSpan.FromSeconds(60);

    internal static string HostScenarios => Path.Combine(SamplePaths.RepositoryRoot, "tests", "Rethink.Ims.IntegrationTests", "SystemHost");

    internal static string ProxyScenarios => Path.Combine(SamplePaths.RepositoryRoot, "tests", "Rethink.Ims.IntegrationTests", "Sip", "Scenarios");

    [Fact]
    public Task The_browser_client_calls_a_SIPp_phone_registered_over_UDP_hears_its_RTP_echo_and_its_hang_up_reaches_SIPp() =>
        RunPageAsync(nameof(The_browser_client_calls_a_SIPp_phone_registered_over_UDP_hears_its_RTP_echo_and_its_hang_up_reaches_SIPp), async (driver, test, sippLog, cancel) =>
        {
            // SIPp registers bob over UDP with an ephemeral credential, then a second SIPp on the same port answers there.
            var sipPort = FreePort.UdpAndTcp();
            var credential = new EphemeralCredentialGenerator(new SecretRing([system.Secret]), new EphemeralCredentialOptions(), TimeProvider.System)
                .Generate("bob", DateTimeOffset.UtcNow + TimeSpan.FromHours(1));
            var (registerExit, registerOutput) = await SippAsync(Path.Combine(HostScenarios, "register-bob-uac.xml"), sipPort, [
                "-key", "domain", "example.com", "-key", "auser", credential.Username, "-au", credential.Username, "-ap", credential.Password,
                $"127.0.0.1:{system.SipPort}",
            ]);
            Assert.True(registerExit == 0, $"SIPp REGISTER exit {registerExit}:\n{registerOutput}");

            var callee = SippAsync(Path.Combine(ProxyScenarios, "proxy-uas.xml"), sipPort, ["-mp", FreePort.Udp().ToString(CultureInfo.InvariantCulture), "-rtp_echo"]);
            await Task.Delay(500, cancel);

            var page = await BrowserClientPage.OpenAsync(driver, system.Credentials, test, cancellationToken: cancel);
            await page.SignInAsync("alice@example.com", cancel);
            await page.WaitForRegistrationAsync("registered", cancel);
            await page.Page.FillAsync("#target", "bob", cancel);
            await page.Page.ClickAsync("#call-button", cancel);
            await page.WaitForCallAsync("established", cancel);

            // The beep of Chromium's fake microphone: browser -> bridge (WebRTC leg) -> SIPp (plain RTP, echoed) -> bridge -> browser.
            await AssertHearsAudioThenHangUpAsync(page, "1_in_call_with_sipp", "2_ended", cancel);

            // proxy-uas.xml succeeds only once it has answered the page's BYE.
            var (exit, sippOutput) = await callee;
            await File.WriteAllTextAsync(sippLog, sippOutput, cancel);
            Assert.True(exit == 0, $"SIPp callee exit {exit}:\n{sippOutput}\n{system.Log}");

            // What reached SIPp was a plain offer: the bridge took the WebRTC leg (no ICE, DTLS or SAVPF towards SIPp).
            Assert.Matches(@"m=audio \d+ RTP/AVP ", sippOutput);
            Assert.DoesNotContain("a=fingerprint", sippOutput, StringComparison.Ordinal);
            Assert.DoesNotContain("RTP/SAVPF", sippOutput, StringComparison.Ordinal);
        });

    [Fact]
    public Task A_SIPp_phone_calls_the_registered_browser_client_which_answers_and_hears_its_RTP_echo_then_hangs_up() =>
        RunPageAsync(nameof(A_SIPp_phone_calls_the_registered_browser_client_which_answers_and_hears_its_RTP_echo_then_hangs_up), async (driver, test, sippLog, cancel) =>
        {
            var page = await BrowserClientPage.OpenAsync(driver, system.Credentials, test, cancellationToken: cancel);
            await page.SignInAsync("carol@example.com", cancel);
            await page.WaitForRegistrationAsync("registered", cancel);

            var caller = await SippCallsThePageAsync(page, "carol", "example.com", system.SipPort, () => system.Log, "1_incoming_from_sipp", cancel);

            await AssertHearsAudioThenHangUpAsync(page, "2_in_call_with_sipp", endedShot: null, cancel);

            // call-browser-uac.xml succeeds only once the page's BYE has reached SIPp and SIPp answered it.
            var (exit, sippOutput) = await caller;
            await File.WriteAllTextAsync(sippLog, sippOutput, cancel);
            Assert.True(exit == 0, $"SIPp caller exit {exit}:\n{sippOutput}\n{system.Log}");
        });

    [Fact]
    public Task The_browser_client_in_wire_compatible_mode_calls_the_echo_service_and_hears_its_own_audio() =>
        RunPageAsync(nameof(The_browser_client_in_wire_compatible_mode_calls_the_echo_service_and_hears_its_own_audio), async (driver, test, _, cancel) =>
        {
            // As the original client: uri "sip:" + username (sip:<expiry>:dave), the WebSocket server from the credential's uris.
            var page = await BrowserClientPage.OpenAsync(driver, new Uri(system.Credentials, "?mode=wire-compatible"), test, cancellationToken: cancel);
            await page.SignInAsync("dave@example.com", cancel);
            await page.WaitForRegistrationAsync("registered", cancel);
            Assert.Matches(@"^sip:\d+:dave@example\.com$", await page.TextAsync("#sip-address", cancel));
            await page.Page.FillAsync("#target", "echo", cancel);
            await page.Page.ClickAsync("#call-button", cancel);
            await page.WaitForCallAsync("established", cancel);

            await AssertHearsAudioThenHangUpAsync(page, "1_wire_compatible_echo_call", endedShot: null, cancel);
        });

    /// <summary>Runs a page test in Chromium within 120 s; on failure adds the samples' logs, the browser's and SIPp's.</summary>
    private async Task RunPageAsync(string test, Func<ChromiumDriver, string, string, CancellationToken, Task> body)
    {
        var sippLog = Path.Combine(Path.GetTempPath(), $"rethink-sipp-{Guid.NewGuid():N}.log");
        try
        {
            await BrowserClientTestRun.RunAsync(test, TimeSpan.FromSeconds(120), output, () => system.Log,
                (driver, _, cancel) => body(driver, test, sippLog, cancel));
        }
        finally
        {
            if (File.Exists(sippLog))
            {
                output.WriteLine(await File.ReadAllTextAsync(sippLog, CancellationToken.None));
                File.Delete(sippLog);
            }
        }
    }

    /// <summary>
    /// A SIPp phone (call-browser-uac.xml, echoing RTP) calls <paramref name="user"/>@<paramref name="domain"/> through
    /// the SIP server on <paramref name="sipPort"/>; the page rings within 20 s (screenshot <paramref name="ringingShot"/>,
    /// if given), answers, and the call is established. Returns SIPp's run, which ends once the call does.
    /// </summary>
    internal static async Task<Task<(int Exit, string Output)>> SippCallsThePageAsync(
        BrowserClientPage page, string user, string domain, int sipPort, Func<string> log, string? ringingShot, CancellationToken cancel)
    {
        var caller = SippAsync(Path.Combine(HostScenarios, "call-browser-uac.xml"), FreePort.UdpAndTcp(), [
            "-s", user, "-key", "domain", domain, "-mp", FreePort.Udp().ToString(CultureInfo.InvariantCulture), "-rtp_echo",
            $"127.0.0.1:{sipPort}",
        ]);
        var incoming = page.Page.WaitForSelectorAsync("#answer-button", TimeSpan.FromSeconds(20), cancel);
        if (await Task.WhenAny(incoming, caller) == caller)
        {
            var (early, earlyOutput) = await caller;
            Assert.Fail($"SIPp finished (exit {early}) before the page rang:\n{earlyOutput}\n{log()}");
        }

        await incoming;
        if (ringingShot is not null)
        {
            await page.ScreenshotAsync(ringingShot, cancel);
        }

        await page.Page.ClickAsync("#answer-button", cancel);
        await page.WaitForCallAsync("established", cancel);
        return caller;
    }

    internal static async Task<(int Exit, string Output)> SippAsync(string scenario, int localPort, string[] arguments)
    {
        var workDirectory = Directory.CreateTempSubdirectory("rethink-sipp-");
        try
        {
            var trace = Path.Combine(workDirectory.FullName, "messages.log");
            var (exit, text) = await CommandRunner.RunAsync("/usr/bin/sipp", [
                "-sf", scenario, "-m", "1", "-t", "u1",
                "-i", "127.0.0.1", "-p", localPort.ToString(CultureInfo.InvariantCulture),
                "-nostdin", "-timeout", "45s", "-timeout_error", "-trace_msg", "-message_file", trace, .. arguments,
            ], SippTimeout, workingDirectory: workDirectory.FullName);
            return (exit, File.Exists(trace) ? $"{text}\nSIPp messages:\n{await File.ReadAllTextAsync(trace)}" : text);
        }
        finally
        {
            workDirectory.Delete(recursive: true);
        }
    }
}
