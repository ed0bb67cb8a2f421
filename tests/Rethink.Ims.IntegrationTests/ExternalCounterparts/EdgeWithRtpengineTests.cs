using Rethink.Ims.IntegrationTests.Browser;
using Rethink.Ims.IntegrationTests.BrowserClient;
using Rethink.Ims.IntegrationTests.SystemHost;
using Xunit.Abstractions;

namespace Rethink.Ims.IntegrationTests.ExternalCounterparts;

/// <summary>
/// Layout 4 of docs/deployment.md: our edge drives a real rtpengine (userspace, 127.0.0.1) in place of our media server,
/// by configuration alone (<c>Ims:Sip:MediaAnchor:Ng</c>). The browser client page in headless Chromium calls the echo
/// service and a SIPp phone calls the page; rtpengine does the WebRTC (ICE, DTLS-SRTP, rtcp-mux) side from the flags
/// our NgMediaAnchor sends. In the browser collection: one Chromium at a time.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class EdgeWithRtpengineTests(RtpengineSystemFixture system, ITestOutputHelper output) : IClassFixture<RtpengineSystemFixture>
{
    [Fact]
    public Task The_browser_client_calls_the_echo_service_through_the_edge_and_a_real_rtpengine_and_hears_its_own_audio() =>
        RunPageAsync(nameof(The_browser_client_calls_the_echo_service_through_the_edge_and_a_real_rtpengine_and_hears_its_own_audio), async (driver, test, cancel) =>
        {
            Assert.Empty(await NgList.CallIdsAsync(system.NgPort, cancel));
            var page = await BrowserClientPage.OpenAsync(driver, system.Credentials, test, cancellationToken: cancel);
            await page.SignInAsync("alice@example.com", cancel);
            await page.WaitForRegistrationAsync("registered", cancel);
            await page.Page.FillAsync("#target", "echo", cancel);
            await page.Page.ClickAsync("#call-button", cancel);
            await page.WaitForCallAsync("established", cancel);

            // rtpengine, not the edge, holds the call's media: it answered our offer and answer.
            Assert.Single(await NgList.CallIdsAsync(system.NgPort, cancel));
            await PageCallAssert.HearsAudioThenHangUpAsync(page, output, "1_echo_call_via_rtpengine", "2_ended", cancel);
            await AssertRtpengineReleasesTheCallAsync(cancel);
        });

    [Fact]
    public Task A_SIPp_phone_calls_the_browser_client_through_the_edge_and_a_real_rtpengine_and_the_page_hears_its_RTP_echo() =>
        RunPageAsync(nameof(A_SIPp_phone_calls_the_browser_client_through_the_edge_and_a_real_rtpengine_and_the_page_hears_its_RTP_echo), async (driver, test, cancel) =>
        {
            var page = await BrowserClientPage.OpenAsync(driver, system.Credentials, test, cancellationToken: cancel);
            await page.SignInAsync("carol@example.com", cancel);
            await page.WaitForRegistrationAsync("registered", cancel);

            var caller = await SystemHostTests.SippCallsThePageAsync(page, "carol", "example.com", system.SipPort, () => system.Log, ringingShot: null, cancel);
            Assert.Single(await NgList.CallIdsAsync(system.NgPort, cancel));

            await PageCallAssert.HearsAudioThenHangUpAsync(page, output, "1_sipp_call_via_rtpengine", endedShot: null, cancel);

            // call-browser-uac.xml succeeds only once the page's BYE reached SIPp; what SIPp got was plain RTP/AVP.
            var (exit, sippOutput) = await caller;
            Assert.True(exit == 0, $"SIPp caller exit {exit}:\n{sippOutput}\n{system.Log}");
            await AssertRtpengineReleasesTheCallAsync(cancel);
        });

    /// <summary>The edge's ng delete after the hang-up reached rtpengine: it lists no call within 10 s.</summary>
    private async Task AssertRtpengineReleasesTheCallAsync(CancellationToken cancel)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while ((await NgList.CallIdsAsync(system.NgPort, cancel)).Count > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "rtpengine still holds the call after the hang-up");
            await Task.Delay(200, cancel);
        }
    }

    /// <summary>Runs a page test in Chromium within 90 s; on failure adds the processes' logs (rtpengine's included) and the browser's.</summary>
    private Task RunPageAsync(string test, Func<ChromiumDriver, string, CancellationToken, Task> body) =>
        BrowserClientTestRun.RunAsync(test, TimeSpan.FromSeconds(90), output, () => system.Log, body);
}
