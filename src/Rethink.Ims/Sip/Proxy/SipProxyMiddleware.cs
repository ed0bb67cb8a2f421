using Rethink.Ims.Sip.Pipeline;

namespace Rethink.Ims.Sip.Proxy;

/// <summary>
/// The proxy as the pipeline's last step (Kamailio's <c>route(RELAY)</c> after <c>route[AUTH]</c> and the registrar):
/// every request that reaches it is proxied by <see cref="SipProxy.ProxyAsync"/>; nothing goes further.
/// </summary>
public sealed class SipProxyMiddleware : ISipMiddleware
{
    private readonly SipProxy _proxy;

    /// <summary>Creates the middleware.</summary>
    public SipProxyMiddleware(SipProxy proxy)
    {
        ArgumentNullException.ThrowIfNull(proxy);
        _proxy = proxy;
    }

    /// <inheritdoc />
#pragma warning disable CA1716 // 'next' as in ISipMiddleware.
    public Task InvokeAsync(SipContext context, SipRequestDelegate next) => _proxy.ProxyAsync(context);
#pragma warning restore CA1716
}
