using System.Text.RegularExpressions;
using Rethink.Ims.IntegrationTests.Browser;
using Xunit.Abstractions;

namespace Rethink.Ims.IntegrationTests.BrowserClient;

/// <summary>
/// The browser client page in headless Chromium against the real samples: the credential server that hosts it and
/// the SIP server it registers with. Each test drives the page by its controls and reads what a person would see.
/// Screenshots of each state go to artifacts/browser/.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class BrowserClientTests(BrowserClientFixture samples, ITestOutputHelper output) : IClassFixture<BrowserClientFixture>
{
    private static readonly TimeSpan TestTimeout = TimeSpan.FromSeconds(90);

    [Fact]
    public Task Development_sign_in_fetches_a_credential_registers_over_WebSocket_shows_registered_and_unregisters() =>
        RunAsync(nameof(Development_sign_in_fetches_a_credential_registers_over_WebSocket_shows_registered_and_unregisters), async (driver, cancel) =>
        {
            var page = await BrowserClientPage.OpenAsync(driver, samples.Host, nameof(Development_sign_in_fetches_a_credential_registers_over_WebSocket_shows_registered_and_unregisters), cancellationToken: cancel);
            Assert.Equal("Signed out", await page.TextAsync("#status", cancel));
            await page.ScreenshotAsync("1_signed_out", cancel);

            await page.SignInAsync("alice@example.com", cancel);
            await page.WaitForRegistrationAsync("registered", cancel);
            await page.ScreenshotAsync("2_registered", cancel);
            Assert.Equal("Registered", await page.TextAsync("#registration-state", cancel));
            Assert.Equal("Registered as sip:alice@example.com", await page.TextAsync("#status", cancel));
            Assert.Equal("sip:alice@example.com", await page.TextAsync("#sip-address", cancel));
            Assert.Equal($"ws://127.0.0.1:{samples.WsPort}", await page.TextAsync("#sip-server", cancel));
            Assert.True(await page.ErrorHiddenAsync(cancel));

            await page.Page.ClickAsync("#unregister-button", cancel);
            await page.WaitForRegistrationAsync("unregistered", cancel);
            await page.ScreenshotAsync("3_unregistered", cancel);
            Assert.Equal("Not registered", await page.TextAsync("#registration-state", cancel));

            // Registering again with the same credential works (the page keeps its connection and credential).
            await page.Page.ClickAsync("#register-button", cancel);
            await page.WaitForRegistrationAsync("registered", cancel);
            await page.Page.ClickAsync("#sign-out-button", cancel);
            await page.Page.WaitForSelectorAsync("#status[data-state='signed-out']", cancellationToken: cancel);
        });

    [Fact]
    public Task Wire_compatible_mode_registers_as_the_original_client_with_sip_colon_username() =>
        RunAsync(nameof(Wire_compatible_mode_registers_as_the_original_client_with_sip_colon_username), async (driver, cancel) =>
        {
            var page = await BrowserClientPage.OpenAsync(driver, samples.Host, nameof(Wire_compatible_mode_registers_as_the_original_client_with_sip_colon_username), cancellationToken: cancel);
            await page.Page.ClickAsync("#settings summary", cancel);
            await page.Page.ClickAsync("input[name='mode'][value='wire-compatible']", cancel);
            await page.ScreenshotAsync("1_settings", cancel);

            await page.SignInAsync("alice@example.com", cancel);
            await page.WaitForRegistrationAsync("registered", cancel);
            await page.ScreenshotAsync("2_registered", cancel);

            // uri: "sip:" + username, with username "<expiry>:alice@example.com"; servers: the credential's uris.
            var address = await page.TextAsync("#sip-address", cancel);
            var match = WireAddress().Match(address);
            Assert.True(match.Success, $"address {address}");
            var expiry = DateTimeOffset.FromUnixTimeSeconds(long.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
            Assert.InRange(expiry - DateTimeOffset.UtcNow, TimeSpan.FromHours(23), TimeSpan.FromHours(24.1));
            Assert.Equal($"ws://127.0.0.1:{samples.WsPort}", await page.TextAsync("#sip-server", cancel));

            await page.Page.ClickAsync("#unregister-button", cancel);
            await page.WaitForRegistrationAsync("unregistered", cancel);
        });

    [Fact]
    public Task Registers_over_secure_WebSocket_with_the_SIP_servers_development_certificate() =>
        RunAsync(nameof(Registers_over_secure_WebSocket_with_the_SIP_servers_development_certificate), async (driver, cancel) =>
        {
            var wss = $"wss://127.0.0.1:{samples.WssPort}";
            var page = await BrowserClientPage.OpenAsync(
                driver, new Uri(samples.Host, "?server=" + Uri.EscapeDataString(wss)), nameof(Registers_over_secure_WebSocket_with_the_SIP_servers_development_certificate),
                ignoreHttpsErrors: true, cancel);
            await page.SignInAsync("carol@example.com", cancel);
            await page.WaitForRegistrationAsync("registered", cancel);
            await page.ScreenshotAsync("registered", cancel);
            Assert.Equal(wss, await page.TextAsync("#sip-server", cancel));
            Assert.Equal("sip:carol@example.com", await page.TextAsync("#sip-address", cancel));
            await page.Page.ClickAsync("#unregister-button", cancel);
            await page.WaitForRegistrationAsync("unregistered", cancel);
        });

    [Fact]
    public Task A_credential_signed_with_another_secret_shows_registration_refused() =>
        RunAsync(nameof(A_credential_signed_with_another_secret_shows_registration_refused), async (driver, cancel) =>
        {
            var page = await BrowserClientPage.OpenAsync(driver, samples.WrongSecretHost, nameof(A_credential_signed_with_another_secret_shows_registration_refused), cancellationToken: cancel);
            await page.SignInAsync("alice@example.com", cancel);
            await page.WaitForRegistrationAsync("failed", cancel);
            await page.WaitForErrorAsync("registration-refused", cancel);
            await page.ScreenshotAsync("refused", cancel);
            var text = await page.TextAsync("#error", cancel);
            Assert.StartsWith("Registration refused (", text, StringComparison.Ordinal);
            Assert.Contains("did not accept your credential", text, StringComparison.Ordinal);
            Assert.Equal("Not registered", await page.TextAsync("#status", cancel));
            Assert.False(await page.Page.EvaluateAsync<bool>("document.getElementById('register-button').disabled", cancellationToken: cancel));
        });

    [Fact]
    public Task An_expired_credential_is_reported_and_not_used_to_register() =>
        RunAsync(nameof(An_expired_credential_is_reported_and_not_used_to_register), async (driver, cancel) =>
        {
            var page = await BrowserClientPage.OpenAsync(driver, samples.ShortLivedHost, nameof(An_expired_credential_is_reported_and_not_used_to_register), cancellationToken: cancel);
            await page.SignInAsync("alice@example.com", cancel);
            await page.WaitForErrorAsync("credential-expired", cancel);

            // Whatever the first registration did, registering now is refused by the page with the same message.
            var state = await page.Page.EvaluateAsync<string>("document.getElementById('registration-state').dataset.state", cancellationToken: cancel);
            if (state == "registered")
            {
                await page.Page.ClickAsync("#unregister-button", cancel);
                await page.WaitForRegistrationAsync("unregistered", cancel);
            }

            await page.Page.ClickAsync("#register-button", cancel);
            await page.WaitForRegistrationAsync("failed", cancel);
            await page.WaitForErrorAsync("credential-expired", cancel);
            await page.ScreenshotAsync("expired", cancel);
            Assert.Equal("Your credential has expired. Sign in again to get a new one.", await page.TextAsync("#error", cancel));
            Assert.Equal("expired", await page.Page.EvaluateAsync<string>("document.getElementById('status').dataset.state", cancellationToken: cancel));
            Assert.Equal("Credential expired: sign in again", await page.TextAsync("#status", cancel));
        });

    [Fact]
    public Task A_refused_microphone_is_explained_when_calling() =>
        RunAsync(nameof(A_refused_microphone_is_explained_when_calling), async (driver, cancel) =>
        {
            var page = await BrowserClientPage.OpenAsync(driver, samples.Host, nameof(A_refused_microphone_is_explained_when_calling), cancellationToken: cancel);
            await page.SignInAsync("alice@example.com", cancel);
            await page.WaitForRegistrationAsync("registered", cancel);

            // What Chrome does when the person blocks the microphone: getUserMedia rejects with NotAllowedError.
            await page.Page.EvaluateAsync(
                "navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException('Permission denied', 'NotAllowedError')), true",
                cancellationToken: cancel);
            await page.Page.FillAsync("#target", "sip:bob@example.com", cancel);
            await page.Page.ClickAsync("#call-button", cancel);
            await page.WaitForErrorAsync("microphone-refused", cancel);
            await page.WaitForCallAsync("ended", cancel);
            await page.ScreenshotAsync("microphone_refused", cancel);
            Assert.StartsWith("Microphone access was refused.", await page.TextAsync("#error", cancel), StringComparison.Ordinal);
            Assert.Equal("registered", await page.Page.EvaluateAsync<string>("document.getElementById('registration-state').dataset.state", cancellationToken: cancel));
        });

    [Fact]
    public Task A_call_to_nobody_shows_why_and_leaves_the_page_ready() =>
        RunAsync(nameof(A_call_to_nobody_shows_why_and_leaves_the_page_ready), async (driver, cancel) =>
        {
            // The edge proxy answers 404 for a user of its domain with no binding: the page must say so, not hang.
            var page = await BrowserClientPage.OpenAsync(driver, samples.Host, nameof(A_call_to_nobody_shows_why_and_leaves_the_page_ready), cancellationToken: cancel);
            await page.SignInAsync("alice@example.com", cancel);
            await page.WaitForRegistrationAsync("registered", cancel);
            await page.Page.FillAsync("#target", "nobody", cancel);
            await page.Page.ClickAsync("#call-button", cancel);
            await page.WaitForCallAsync("ended", cancel);
            await page.WaitForErrorAsync("callee-unknown", cancel);
            Assert.Equal("Nobody is known at that address.", await page.TextAsync("#error", cancel));
            Assert.Equal("to sip:nobody@example.com", await page.TextAsync("#call-peer", cancel));
            Assert.False(await page.Page.EvaluateAsync<bool>("document.getElementById('call-button').disabled", cancellationToken: cancel));
            await page.ScreenshotAsync("call_failed", cancel);
        });

    [Fact]
    public Task Two_pages_call_each_other_through_the_edge_proxy_with_audio_both_ways_DTMF_mute_and_hang_up() =>
        RunAsync(nameof(Two_pages_call_each_other_through_the_edge_proxy_with_audio_both_ways_DTMF_mute_and_hang_up), async (driver, cancel) =>
        {
            const string test = nameof(Two_pages_call_each_other_through_the_edge_proxy_with_audio_both_ways_DTMF_mute_and_hang_up);
            var (alice, bob) = await TwoRegisteredPagesAsync(driver, test, cancel);

            await alice.Page.FillAsync("#target", "bob", cancel);
            await alice.Page.ClickAsync("#call-button", cancel);
            await bob.Page.WaitForSelectorAsync("#answer-button", cancellationToken: cancel);
            Assert.Equal("sip:alice@example.com", await bob.TextAsync("#incoming-from", cancel));
            await alice.WaitForCallAsync("ringing", cancel);
            await alice.ScreenshotAsync("1_alice_ringing", cancel);
            await bob.ScreenshotAsync("1_bob_incoming", cancel);

            await bob.Page.ClickAsync("#answer-button", cancel);
            await alice.WaitForCallAsync("established", cancel);
            await bob.WaitForCallAsync("established", cancel);

            // Audio both ways: RTP arrives at each page (getStats) with a level above silence (Chromium's fake
            // microphone beeps, so the loudest level over a few seconds is what counts).
            var aliceHears = await LoudestAsync(alice, cancel);
            var bobHears = await LoudestAsync(bob, cancel);
            output.WriteLine($"alice hears {aliceHears}, bob hears {bobHears}");
            Assert.True(aliceHears.Packets > 50 && aliceHears.Level > 0.01, $"alice: {aliceHears}");
            Assert.True(bobHears.Packets > 50 && bobHears.Level > 0.01, $"bob: {bobHears}");
            // And what each page plays, through a WebAudio analyser.
            var aliceRms = await PlayedLevelAsync(alice, cancel);
            var bobRms = await PlayedLevelAsync(bob, cancel);
            output.WriteLine($"analyser: alice {aliceRms}, bob {bobRms}");
            Assert.True(aliceRms > 0.01, $"alice's analyser level {aliceRms}");
            Assert.True(bobRms > 0.01, $"bob's analyser level {bobRms}");
            await alice.ScreenshotAsync("2_alice_in_call", cancel);
            await bob.ScreenshotAsync("2_bob_in_call", cancel);

            // DTMF: Chrome to Chrome negotiates telephone-event, so the tones go as RFC 4733 events.
            await alice.Page.ClickAsync("#keypad button[data-tone='1']", cancel);
            await alice.Page.ClickAsync("#keypad button[data-tone='#']", cancel);
            await alice.Page.WaitForSelectorAsync("#dtmf-sent[data-method='rfc4733']", cancellationToken: cancel);
            Assert.Equal("1#", await alice.TextAsync("#dtmf-sent", cancel));

            // Mute turns the microphone track off, unmute on again.
            const string senderEnabled = "imsClient.phone.peerConnection.getSenders().every(s => s.track && s.track.enabled)";
            await alice.Page.ClickAsync("#mute-button", cancel);
            Assert.Equal("true", await alice.Page.EvaluateAsync<string>("document.getElementById('mute-button').getAttribute('aria-pressed')", cancellationToken: cancel));
            Assert.False(await alice.Page.EvaluateAsync<bool>(senderEnabled, cancellationToken: cancel));
            await alice.ScreenshotAsync("3_alice_muted", cancel);
            await Task.Delay(300, cancel);
            var bobHearsMuted = await bob.Page.EvaluateAsync<double>("imsClient.measureLevel(2500)", cancellationToken: cancel);
            Assert.True(bobHearsMuted < 0.005, $"bob still hears alice after she muted: {bobHearsMuted}");
            await alice.Page.ClickAsync("#mute-button", cancel);
            Assert.True(await alice.Page.EvaluateAsync<bool>(senderEnabled, cancellationToken: cancel));

            await bob.Page.ClickAsync("#hangup-button", cancel);
            await bob.WaitForCallAsync("ended", cancel);
            await alice.WaitForCallAsync("ended", cancel);
            Assert.True(await alice.ErrorHiddenAsync(cancel));
            Assert.Equal("Registered as sip:alice@example.com", await alice.TextAsync("#status", cancel));
            await alice.ScreenshotAsync("4_alice_ended", cancel);
        });

    [Fact]
    public Task A_wire_compatible_page_is_called_by_its_user_name_and_calls_out() =>
        RunAsync(nameof(A_wire_compatible_page_is_called_by_its_user_name_and_calls_out), async (driver, cancel) =>
        {
            // The original client's address is sip:<expiry>:alice@example.com; our registrar files that binding under
            // alice (FACTS §3: Kamailio would file it under <expiry>), so a call to alice reaches the page.
            const string test = nameof(A_wire_compatible_page_is_called_by_its_user_name_and_calls_out);
            var alice = await BrowserClientPage.OpenAsync(driver, new Uri(samples.Host, "?mode=wire-compatible"), test, cancellationToken: cancel);
            var bob = await BrowserClientPage.OpenAsync(driver, samples.Host, test, cancellationToken: cancel);
            await alice.SignInAsync("alice@example.com", cancel);
            await bob.SignInAsync("bob@example.com", cancel);
            await alice.WaitForRegistrationAsync("registered", cancel);
            await bob.WaitForRegistrationAsync("registered", cancel);
            Assert.Matches(WireAddress(), await alice.TextAsync("#sip-address", cancel));

            await bob.Page.FillAsync("#target", "alice", cancel);
            await bob.Page.ClickAsync("#call-button", cancel);
            await alice.Page.WaitForSelectorAsync("#answer-button", cancellationToken: cancel);
            await alice.Page.ClickAsync("#answer-button", cancel);
            await alice.WaitForCallAsync("established", cancel);
            await bob.WaitForCallAsync("established", cancel);
            await alice.ScreenshotAsync("alice_wire_compatible_in_call", cancel);
            await alice.Page.ClickAsync("#hangup-button", cancel);
            await bob.WaitForCallAsync("ended", cancel);
            await alice.WaitForCallAsync("ended", cancel);

            // And out: bob sees the caller as the original client's address.
            await alice.Page.FillAsync("#target", "bob", cancel);
            await alice.Page.ClickAsync("#call-button", cancel);
            await bob.Page.WaitForSelectorAsync("#decline-button", cancellationToken: cancel);
            Assert.Matches(WireAddress(), await bob.TextAsync("#incoming-from", cancel));
            await bob.Page.ClickAsync("#decline-button", cancel);
            await alice.WaitForErrorAsync("callee-busy", cancel);
        });

    [Fact]
    public Task Declining_an_incoming_call_tells_the_caller_the_callee_is_busy() =>
        RunAsync(nameof(Declining_an_incoming_call_tells_the_caller_the_callee_is_busy), async (driver, cancel) =>
        {
            const string test = nameof(Declining_an_incoming_call_tells_the_caller_the_callee_is_busy);
            var (alice, bob) = await TwoRegisteredPagesAsync(driver, test, cancel);
            await alice.Page.FillAsync("#target", "sip:bob@example.com", cancel);
            await alice.Page.ClickAsync("#call-button", cancel);
            await bob.Page.WaitForSelectorAsync("#decline-button", cancellationToken: cancel);
            await bob.Page.ClickAsync("#decline-button", cancel);
            await alice.WaitForErrorAsync("callee-busy", cancel);
            await alice.WaitForCallAsync("ended", cancel);
            Assert.Equal("The person you called is busy.", await alice.TextAsync("#error", cancel));
            await bob.WaitForCallAsync("ended", cancel);
            await alice.ScreenshotAsync("busy", cancel);
        });

    [Fact]
    public async Task The_host_serves_the_page_SIP_js_from_npm_under_vendor_and_the_client_configuration()
    {
        using var http = new HttpClient { BaseAddress = samples.Host };
        using var index = await http.GetAsync(new Uri("/", UriKind.Relative));
        var html = await index.Content.ReadAsStringAsync();
        // The page's policy allows its inline import map by hash only: the page working in the browser tests shows the hash is right.
        var policy = string.Join(";", index.Headers.GetValues("Content-Security-Policy"));
        Assert.Matches("script-src 'self' 'sha256-[A-Za-z0-9+/]+=*' ", policy);
        Assert.DoesNotContain("unsafe-inline", policy, StringComparison.Ordinal);
        Assert.Contains("\"sip.js\": \"/vendor/sip.js/index.js\"", html, StringComparison.Ordinal);

        using var module = await http.GetAsync(new Uri("/vendor/sip.js/index.js", UriKind.Relative));
        Assert.Equal(System.Net.HttpStatusCode.OK, module.StatusCode);
        Assert.Equal("text/javascript", module.Content.Headers.ContentType?.MediaType);
        Assert.Contains("export * from \"./api/index.js\"", await module.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var config = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync(new Uri("/client-config.json", UriKind.Relative)));
        Assert.True(config.RootElement.GetProperty("developmentIssuer").GetBoolean());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, config.RootElement.GetProperty("googleClientId").ValueKind);
        Assert.Equal($"ws://127.0.0.1:{samples.WsPort}", config.RootElement.GetProperty("sipWebSocketUrl").GetString());
        Assert.Equal("/credential", config.RootElement.GetProperty("credentialUrl").GetString());
    }

    private async Task<(BrowserClientPage Alice, BrowserClientPage Bob)> TwoRegisteredPagesAsync(ChromiumDriver driver, string test, CancellationToken cancel)
    {
        var alice = await BrowserClientPage.OpenAsync(driver, samples.Host, test, cancellationToken: cancel);
        var bob = await BrowserClientPage.OpenAsync(driver, samples.Host, test, cancellationToken: cancel);
        await alice.SignInAsync("alice@example.com", cancel);
        await bob.SignInAsync("bob@example.com", cancel);
        await alice.WaitForRegistrationAsync("registered", cancel);
        await bob.WaitForRegistrationAsync("registered", cancel);
        return (alice, bob);
    }

    /// <summary>Polls the page's getStats() for 4 s: audio packets received and the loudest audioLevel seen.</summary>
    private static async Task<(long Packets, double Level)> LoudestAsync(BrowserClientPage page, CancellationToken cancel)
    {
        long packets = 0;
        var level = 0.0;
        for (var i = 0; i < 20; i++)
        {
            var stats = await page.Page.EvaluateAsync<CallStats?>("imsClient.stats()", cancellationToken: cancel);
            if (stats?.Inbound is { } inbound)
            {
                packets = inbound.PacketsReceived;
                level = Math.Max(level, inbound.AudioLevel ?? 0);
            }

            await Task.Delay(200, cancel);
        }

        return (packets, level);
    }

    /// <summary>
    /// The loudest level the page plays, by its WebAudio analyser: up to three windows of 2.5 s, stopping at the first
    /// above silence. The fake microphone only beeps, and on a loaded machine one window has missed every beep (once:
    /// 0.0018 with RTP and getStats levels fine); a page that plays nothing stays below in all three.
    /// </summary>
    private static async Task<double> PlayedLevelAsync(BrowserClientPage page, CancellationToken cancel)
    {
        var loudest = 0.0;
        for (var attempt = 0; attempt < 3 && loudest <= 0.01; attempt++)
        {
            loudest = Math.Max(loudest, await page.Page.EvaluateAsync<double>("imsClient.measureLevel(2500)", cancellationToken: cancel));
        }

        return loudest;
    }

    private sealed record CallStats(InboundStats? Inbound, string? ConnectionState);

    private sealed record InboundStats(long PacketsReceived, double? AudioLevel, long BytesReceived);

    private async Task RunAsync(string testName, Func<ChromiumDriver, CancellationToken, Task> body)
    {
        using var limit = new CancellationTokenSource(TestTimeout);
        var cancel = limit.Token;
        await using var driver = await ChromiumDriver.StartAsync(cancellationToken: cancel);
        try
        {
            await body(driver, cancel);
        }
        catch (Exception e)
        {
            output.WriteLine(driver.DescribeLog());
            output.WriteLine(samples.Log);
            if (e is Xunit.Sdk.XunitException)
            {
                throw;
            }

            throw new InvalidOperationException($"{testName}: {e.GetType().Name}: {e.Message}\n{samples.Log}\n{driver.DescribeLog()}", e);
        }
    }

    [GeneratedRegex(@"^sip:(\d+):alice@example\.com$")]
    private static partial Regex WireAddress();
}
