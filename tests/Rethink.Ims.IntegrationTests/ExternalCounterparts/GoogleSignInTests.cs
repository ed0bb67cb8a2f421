using Rethink.Ims.IntegrationTests.Browser;
using Rethink.Ims.IntegrationTests.BrowserClient;
using Xunit.Abstractions;

namespace Rethink.Ims.IntegrationTests.ExternalCounterparts;

/// <summary>
/// The browser client page's Google sign-in path (Google Identity Services, ID tokens), offline: the page loads
/// what it believes is https://accounts.google.com/gsi/client and gets the FAKE <see cref="GoogleIdentityStandIn"/>
/// (the real one needs the internet); the credential service validates the token with its production validator,
/// configured only with the client id and the stand-in's key set URL. In the browser collection.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class GoogleSignInTests(GoogleSignInSystemFixture system, ITestOutputHelper output) : IClassFixture<GoogleSignInSystemFixture>
{
    [Fact]
    public async Task The_page_signs_in_with_Google_Identity_Services_and_the_credential_service_accepts_the_Google_ID_token_then_the_page_registers()
    {
        const string test = nameof(The_page_signs_in_with_Google_Identity_Services_and_the_credential_service_accepts_the_Google_ID_token_then_the_page_registers);
        await BrowserClientTestRun.RunAsync(test, TimeSpan.FromSeconds(60), output, () => system.Log, async (driver, _, cancel) =>
        {
            var browserPage = await driver.NewPageAsync(system.Credentials.ToString(), ignoreHttpsErrors: false,
                new Dictionary<string, Uri> { [GoogleIdentityStandIn.ScriptUrl] = system.Google.Script }, cancel);
            await browserPage.WaitForSelectorAsync("#status[data-state='signed-out']", cancellationToken: cancel);
            var page = new BrowserClientPage(browserPage, test);

            // With a client id configured the page offers Google only (the development issuer is off) and hands
            // Google Identity Services that client id.
            await browserPage.WaitForSelectorAsync("#fake-google-button", cancellationToken: cancel);
            Assert.False(await browserPage.EvaluateAsync<bool>("!!document.getElementById('email') && document.getElementById('email').offsetParent !== null", cancellationToken: cancel),
                "the development sign-in form is shown although Google sign-in is configured");
            Assert.Equal(GoogleIdentityStandIn.ClientId, await browserPage.EvaluateAsync<string>("window.__fakeGoogleIdentity.initializedWith", cancellationToken: cancel));
            await page.ScreenshotAsync("1_google_button", cancel);

            await browserPage.ClickAsync("#fake-google-button", cancel);
            await page.WaitForRegistrationAsync("registered", cancel);
            Assert.Equal("sip:gina@example.com", await page.TextAsync("#sip-address", cancel));
            await page.ScreenshotAsync("2_registered_after_google_sign_in", cancel);

            // The credential service fetched the stand-in's keys to check the token's signature.
            Assert.Contains("/certs", system.Google.Requests);
        });
    }
}
