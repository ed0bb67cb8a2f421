using Rethink.Ims.IntegrationTests.Browser;

namespace Rethink.Ims.IntegrationTests.BrowserClient;

/// <summary>
/// The browser client page (samples/Rethink.Ims.CredentialServer/browser-client) driven as a person uses it: by its
/// buttons and fields, reading what it shows (text and the <c>data-state</c> / <c>data-code</c> attributes the page
/// keeps on its status, badges and error).
/// </summary>
internal sealed class BrowserClientPage(BrowserPage page, string testName)
{
    private static readonly TimeSpan RegistrationTimeout = TimeSpan.FromSeconds(20);

    public BrowserPage Page { get; } = page;

    /// <summary>Opens the page at <paramref name="url"/> in its own browser context and waits until it offers sign-in.</summary>
    public static async Task<BrowserClientPage> OpenAsync(ChromiumDriver driver, Uri url, string testName, bool ignoreHttpsErrors = false, CancellationToken cancellationToken = default)
    {
        var page = await driver.NewPageAsync(url.ToString(), ignoreHttpsErrors, cancellationToken);
        await page.WaitForSelectorAsync("#status[data-state='signed-out']", cancellationToken: cancellationToken);
        return new BrowserClientPage(page, testName);
    }

    /// <summary>Signs in with the development issuer as <paramref name="email"/> (the page then fetches a credential and registers).</summary>
    public async Task SignInAsync(string email, CancellationToken cancellationToken)
    {
        await Page.FillAsync("#email", email, cancellationToken);
        await Page.ClickAsync("#sign-in-button", cancellationToken);
    }

    /// <summary>Waits until the registration badge shows <paramref name="state"/> (registered, unregistered, failed...).</summary>
    public Task WaitForRegistrationAsync(string state, CancellationToken cancellationToken) =>
        Page.WaitForSelectorAsync($"#registration-state[data-state='{state}']", RegistrationTimeout, cancellationToken);

    /// <summary>Waits until the call badge shows <paramref name="state"/> (calling, ringing, incoming, established, ended).</summary>
    public Task WaitForCallAsync(string state, CancellationToken cancellationToken, TimeSpan? timeout = null) =>
        Page.WaitForSelectorAsync($"#call-state[data-state='{state}']", timeout ?? RegistrationTimeout, cancellationToken);

    /// <summary>Waits until the error banner shows the problem <paramref name="code"/>.</summary>
    public Task WaitForErrorAsync(string code, CancellationToken cancellationToken) =>
        Page.WaitForSelectorAsync($"#error[data-code='{code}']", RegistrationTimeout, cancellationToken);

    public async Task<string> TextAsync(string selector, CancellationToken cancellationToken) =>
        (await Page.TextContentAsync(selector, cancellationToken))?.Trim() ?? string.Empty;

    /// <summary>True when the error banner is hidden.</summary>
    public Task<bool> ErrorHiddenAsync(CancellationToken cancellationToken) =>
        Page.EvaluateAsync<bool>("document.getElementById('error').hidden", cancellationToken: cancellationToken);

    /// <summary>Saves <c>artifacts/browser/&lt;test&gt;_&lt;state&gt;.png</c>.</summary>
    public Task ScreenshotAsync(string state, CancellationToken cancellationToken) =>
        Page.ScreenshotAsync(BrowserArtifacts.Screenshot(testName, state), cancellationToken);
}
