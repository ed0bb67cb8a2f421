using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Rethink.Ims.IntegrationTests.Identity;

/// <summary>
/// Serves one JWKS document at every path under <c>/jwks/</c>, counting fetches per path. Tests take a fresh path
/// each (<see cref="NewKeySetUrl"/>) because Google.Apis.Auth's key cache is process-wide and keyed by URL.
/// </summary>
internal sealed class JwksServer : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, int> _fetches = new(StringComparer.Ordinal);
    private LoopbackServer? _server;

    public required string Jwks { get; init; }

    public static async Task<JwksServer> StartAsync(string jwks)
    {
        var server = new JwksServer { Jwks = jwks };
        server._server = await LoopbackServer.StartAsync(server.HandleAsync);
        return server;
    }

    public Uri NewKeySetUrl() => _server!.Url($"jwks/{Guid.NewGuid():N}");

    public int Fetches(Uri keySetUrl) => _fetches.GetValueOrDefault(keySetUrl.AbsolutePath);

    private async Task HandleAsync(HttpContext context)
    {
        if (!context.Request.Path.StartsWithSegments("/jwks", StringComparison.Ordinal))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        _fetches.AddOrUpdate(context.Request.Path.Value!, 1, (_, n) => n + 1);
        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(Jwks));
    }

    public ValueTask DisposeAsync() => _server?.DisposeAsync() ?? ValueTask.CompletedTask;
}
