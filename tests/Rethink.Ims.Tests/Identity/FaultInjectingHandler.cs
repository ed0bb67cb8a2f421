namespace Rethink.Ims.Tests.Identity;

/// <summary>
/// A fake HTTP handler used ONLY to inject faults (network errors, timeouts, error statuses, garbage bodies) that a
/// real server cannot produce on demand. Success paths are tested against a real Kestrel in the integration tests.
/// </summary>
internal sealed class FaultInjectingHandler(Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> respond) : HttpMessageHandler
{
    public List<Uri> Requests { get; } = [];

    public static FaultInjectingHandler Throwing(Exception exception) => new((_, _) => Task.FromException<HttpResponseMessage>(exception));

    public static FaultInjectingHandler Answering(System.Net.HttpStatusCode status, string body) =>
        new((_, _) => Task.FromResult(new HttpResponseMessage(status) { Content = new StringContent(body) }));

    /// <summary>Answers tokeninfo with <paramref name="tokenInfo"/> and userinfo with <paramref name="userInfo"/> (status, body).</summary>
    public static FaultInjectingHandler Google((System.Net.HttpStatusCode, string) tokenInfo, (System.Net.HttpStatusCode, string) userInfo) =>
        new((request, _) =>
        {
            var (status, body) = request.RequestUri!.AbsolutePath.Contains("tokeninfo", StringComparison.Ordinal) ? tokenInfo : userInfo;
            return Task.FromResult(new HttpResponseMessage(status) { Content = new StringContent(body) });
        });

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Requests.Add(request.RequestUri!);
        return respond(request, cancellationToken);
    }
}
