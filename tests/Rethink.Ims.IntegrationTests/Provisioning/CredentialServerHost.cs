using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Rethink.Ims.IntegrationTests.Provisioning;

/// <summary>
/// A real Kestrel on 127.0.0.1 (OS-chosen port) hosting the credential endpoint exactly as an application does:
/// <c>AddImsEphemeralAuth()</c> bound from configuration, <c>MapImsCredentials()</c>.
/// </summary>
internal sealed class CredentialServerHost : IAsyncDisposable
{
    public const string Secret = "rethink-ims-provisioning-it-secret";

    private readonly WebApplication _app;

    private CredentialServerHost(WebApplication app)
    {
        _app = app;
        Client = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };
    }

    public HttpClient Client { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>Starts a host with the given configuration on top of one shared secret and an https SIP URI.</summary>
    public static async Task<CredentialServerHost> StartAsync(IDictionary<string, string?> configuration, bool withDefaults = true)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        if (withDefaults)
        {
            builder.Configuration["Ims:EphemeralAuth:Secrets:0"] = Secret;
            builder.Configuration["Ims:EphemeralAuth:Uris:0"] = "wss://sip.example.com";
        }

        foreach (var (key, value) in configuration)
        {
            builder.Configuration[key] = value;
        }

        builder.Services.AddImsEphemeralAuth();
        var app = builder.Build();
        app.MapImsCredentials();
        app.MapHealthChecks("/health");
        await app.StartAsync();
        return new CredentialServerHost(app);
    }

    /// <summary>Builds and starts a host and returns the exception that stopped it, if any.</summary>
    public static async Task<Exception?> StartFailureAsync(IDictionary<string, string?> configuration, bool withDefaults = true)
    {
        try
        {
            await using var host = await StartAsync(configuration, withDefaults);
            return null;
        }
        catch (Exception e)
        {
            return e;
        }
    }

    public Task<HttpResponseMessage> GetCredentialAsync(string? authorization, string? origin = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/credential");
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        return Client.SendAsync(request);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    public static AuthenticationHeaderValue Bearer(string token) => new("Bearer", token);
}
