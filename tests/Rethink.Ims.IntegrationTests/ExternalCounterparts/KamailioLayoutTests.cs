using System.Globalization;
using System.Text.RegularExpressions;
using Rethink.Ims.Credentials;
using Rethink.Ims.IntegrationTests.Browser;
using Rethink.Ims.IntegrationTests.BrowserClient;
using Rethink.Ims.IntegrationTests.Infrastructure;
using Rethink.Ims.IntegrationTests.SystemHost;
using Xunit.Abstractions;

namespace Rethink.Ims.IntegrationTests.ExternalCounterparts;

/// <summary>
/// The browser client page against a real Kamailio configured from docs/deployment.md (layout 2: WebSocket, registrar,
/// auth_ephemeral with the credential service's secret; layout 3: its rtpengine module driving our media server).
/// In the browser collection: one Chromium at a time.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class KamailioLayoutTests(KamailioLayoutFixture layout, ITestOutputHelper output) : IClassFixture<KamailioLayoutFixture>
{
    [Fact]
    public Task The_browser_client_signs_in_gets_a_credential_and_registers_over_WebSocket_with_the_deployment_docs_Kamailio() =>
        RunPageAsync(nameof(The_browser_client_signs_in_gets_a_credential_and_registers_over_WebSocket_with_the_deployment_docs_Kamailio), async (driver, test, cancel) =>
        {
            var page = await BrowserClientPage.OpenAsync(driver, layout.Credentials, test, cancellationToken: cancel);
            await page.SignInAsync("alice@example.com", cancel);

            // Kamailio challenges every REGISTER and answers 200 only once autheph_check accepted the credential.
            await page.WaitForRegistrationAsync("registered", cancel);
            Assert.Equal("sip:alice@example.com", await page.TextAsync("#sip-address", cancel));
            await page.ScreenshotAsync("1_registered_with_kamailio", cancel);
        });

    [Fact]
    public Task A_SIPp_phone_calls_the_browser_client_through_Kamailio_whose_rtpengine_module_has_our_media_server_bridge_plain_RTP_to_WebRTC() =>
        RunPageAsync(nameof(A_SIPp_phone_calls_the_browser_client_through_Kamailio_whose_rtpengine_module_has_our_media_server_bridge_plain_RTP_to_WebRTC), async (driver, test, cancel) =>
        {
            var page = await BrowserClientPage.OpenAsync(driver, layout.Credentials, test, cancellationToken: cancel);
            await page.SignInAsync("carol@example.com", cancel);
            await page.WaitForRegistrationAsync("registered", cancel);

            // The plain -> browser branch of the document's script: rtpengine_offer("UDP/TLS/RTP/SAVPF ICE=force ...")
            // on the INVITE from UDP, rtpengine_answer("RTP/AVP ICE=remove ...") on the page's 200 from the WebSocket.
            var caller = await SystemHostTests.SippCallsThePageAsync(page, "carol", KamailioLayoutFixture.Domain, layout.SipPort, () => layout.Log, ringingShot: null, cancel);

            await PageCallAssert.HearsAudioThenHangUpAsync(page, output, "1_sipp_call_via_kamailio_and_our_bridge", endedShot: null, cancel);

            // call-browser-uac.xml checks the 200 carries plain RTP/AVP PCMU and succeeds once the page's BYE reached it.
            var (exit, sippOutput) = await caller;
            Assert.True(exit == 0, $"SIPp caller exit {exit}:\n{sippOutput}\n{layout.Log}");
            Assert.DoesNotContain("a=fingerprint", AnswerTo(sippOutput), StringComparison.Ordinal);

            // Our media server bridged it, and the BYE's rtpengine_delete released it.
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
            string metrics;
            while (!Regex.IsMatch(metrics = await http.GetStringAsync(new Uri(layout.MediaManagement, "metrics"), cancel), @"^rethink_ims_media_calls_active(\{[^}]*\})? 0$", RegexOptions.Multiline))
            {
                Assert.True(DateTime.UtcNow < deadline, "the media server still holds the call after the hang-up:\n" + metrics);
                await Task.Delay(200, cancel);
            }

            Assert.Matches(new Regex(@"^rethink_ims_media_calls_total(\{[^}]*\})? [1-9]", RegexOptions.Multiline), metrics);
        });

    [Fact]
    public Task The_browser_client_calls_a_SIPp_phone_registered_with_the_deployment_docs_Kamailio_and_hears_its_RTP_echo() =>
        RunPageAsync(nameof(The_browser_client_calls_a_SIPp_phone_registered_with_the_deployment_docs_Kamailio_and_hears_its_RTP_echo), async (driver, test, cancel) =>
        {
            // SIPp registers bob with an ephemeral credential signed with the shared secret, then answers on the same port.
            var sipPort = FreePort.UdpAndTcp();
            var credential = new EphemeralCredentialGenerator(new SecretRing([layout.Secret]), new EphemeralCredentialOptions(), TimeProvider.System)
                .Generate("bob", DateTimeOffset.UtcNow + TimeSpan.FromHours(1));
            // As the document says for Kamailio: the address of record is sip:bob@domain, the credential's username only the digest user.
            var scenario = Path.Combine(SamplePaths.RepositoryRoot, "tests", "Rethink.Ims.IntegrationTests", "ExternalCounterparts", "register-aor-uac.xml");
            var (registerExit, registerOutput) = await SystemHostTests.SippAsync(scenario, sipPort, [
                "-key", "domain", KamailioLayoutFixture.Domain, "-key", "aor", "bob", "-au", credential.Username, "-ap", credential.Password,
                $"127.0.0.1:{layout.SipPort}",
            ]);
            Assert.True(registerExit == 0, $"SIPp REGISTER exit {registerExit}:\n{registerOutput}\n{layout.Log}");
            var callee = SystemHostTests.SippAsync(Path.Combine(SystemHostTests.ProxyScenarios, "proxy-uas.xml"), sipPort, ["-mp", FreePort.Udp().ToString(CultureInfo.InvariantCulture), "-rtp_echo"]);
            await Task.Delay(500, cancel);

            var page = await BrowserClientPage.OpenAsync(driver, layout.Credentials, test, cancellationToken: cancel);
            await page.SignInAsync("alice@example.com", cancel);
            await page.WaitForRegistrationAsync("registered", cancel);
            await page.Page.FillAsync("#target", "bob", cancel);
            await page.Page.ClickAsync("#call-button", cancel);
            await page.WaitForCallAsync("established", cancel);

            await PageCallAssert.HearsAudioThenHangUpAsync(page, output, "1_call_to_sipp_via_kamailio_and_our_bridge", endedShot: null, cancel);
            var (exit, sippOutput) = await callee;
            Assert.True(exit == 0, $"SIPp callee exit {exit}:\n{sippOutput}\n{layout.Log}");
            Assert.Matches(@"m=audio \d+ RTP/AVP ", sippOutput);
            Assert.DoesNotContain("a=fingerprint", sippOutput, StringComparison.Ordinal);
        });

    /// <summary>The 200 OK SIPp received (its message trace), where the answer SDP is.</summary>
    private static string AnswerTo(string sippOutput)
    {
        var at = sippOutput.IndexOf("SIP/2.0 200", StringComparison.Ordinal);
        return at < 0 ? sippOutput : sippOutput[at..];
    }

    /// <summary>Runs a page test in Chromium within 100 s; on failure adds the processes' logs (Kamailio's, secrets redacted) and the browser's.</summary>
    private Task RunPageAsync(string test, Func<ChromiumDriver, string, CancellationToken, Task> body) =>
        BrowserClientTestRun.RunAsync(test, TimeSpan.FromSeconds(100), output, () => layout.Log, body);
}
