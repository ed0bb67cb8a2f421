using Google.Apis.Http;

namespace Rethink.Ims.Identity;

/// <summary>
/// Gives Google.Apis.Auth a client over <see cref="KeySetFetchHandler"/>. The library disposes the client after each
/// fetch, so the shared handler is attached with <c>disposeHandler: false</c>.
/// </summary>
internal sealed class KeySetHttpClientFactory(KeySetFetchHandler handler) : Google.Apis.Http.IHttpClientFactory
{
    public ConfigurableHttpClient CreateHttpClient(CreateHttpClientArgs args) =>
        new(new ConfigurableMessageHandler(handler) { NumTries = 1, FollowRedirect = false }, disposeHandler: false);
}
