using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Http;
using Rethink.Ims.IntegrationTests.Identity;

namespace Rethink.Ims.IntegrationTests.ExternalCounterparts;

/// <summary>
/// A FAKE of Google's sign-in, on a loopback Kestrel, because the real one needs the internet: <c>/gsi/client</c> is a
/// stand-in for Google Identity Services' script (https://accounts.google.com/gsi/client; the browser driver answers
/// requests for that URL with this one) whose "Sign in with Google" button hands the page an ID token for
/// <see cref="Email"/>, signed RS256 by a test key, with Google's issuer and the configured client id as audience;
/// <c>/certs</c> is that key as a JWKS, where the credential service is configured to fetch Google's keys
/// (<c>Ims:EphemeralAuth:IdToken:CertificatesUrl</c>, which allows plain http to loopback only). Nothing else about
/// the validation changes: issuer, audience, expiry, signature and verified email are checked as for Google's tokens.
/// </summary>
internal sealed class GoogleIdentityStandIn : IAsyncDisposable
{
    public const string ClientId = "rethink-ims-test.apps.googleusercontent.com";

    public const string Email = "gina@example.com";

    public const string ScriptUrl = "https://accounts.google.com/gsi/client";

    private readonly TestSigner _signer = new();
    private LoopbackServer _server = null!;

    public ConcurrentQueue<string> Requests { get; } = new();

    public Uri Script => _server.Url("gsi/client");

    public Uri Certificates => _server.Url("certs");

    public static async Task<GoogleIdentityStandIn> StartAsync()
    {
        var google = new GoogleIdentityStandIn();
        google._server = await LoopbackServer.StartAsync(google.HandleAsync);
        return google;
    }

    private async Task HandleAsync(HttpContext context)
    {
        Requests.Enqueue(context.Request.Path.Value ?? string.Empty);
        switch (context.Request.Path.Value)
        {
            case "/gsi/client":
                context.Response.ContentType = "text/javascript; charset=utf-8";
                await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(ScriptText(IdToken())));
                break;
            case "/certs":
                context.Response.ContentType = "application/json; charset=UTF-8";
                await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(TestSigner.Jwks(_signer.RsaJwk())));
                break;
            default:
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                break;
        }
    }

    private string IdToken()
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        return _signer.Rs256(new Dictionary<string, object>
        {
            ["iss"] = "https://accounts.google.com",
            ["azp"] = ClientId,
            ["aud"] = ClientId,
            ["sub"] = "104242424242424242424",
            ["email"] = Email,
            ["email_verified"] = true,
            ["iat"] = now,
            ["exp"] = now + 3600,
        });
    }

    /// <summary>The two calls of Google Identity Services the page makes (initialize, renderButton), and a button that calls back with the token.</summary>
    private static string ScriptText(string idToken) => $$"""
        // FAKE Google Identity Services for an offline integration test (the real script needs the internet).
        'use strict';
        (() => {
          let options = null;
          window.__fakeGoogleIdentity = { initializedWith: null };
          window.google = { accounts: { id: {
            initialize(o) { options = o; window.__fakeGoogleIdentity.initializedWith = o.client_id; },
            renderButton(container) {
              const button = document.createElement('button');
              button.type = 'button';
              button.id = 'fake-google-button';
              button.textContent = 'Sign in with Google (test stand-in)';
              button.addEventListener('click', () => options.callback({ credential: '{{idToken}}', select_by: 'btn' }));
              container.append(button);
            },
          } } };
        })();
        """;

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        _signer.Dispose();
    }
}
