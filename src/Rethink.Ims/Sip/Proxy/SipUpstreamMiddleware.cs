using Rethink.Ims.Sip.Messages;
using Rethink.Ims.Sip.Pipeline;

namespace Rethink.Ims.Sip.Proxy;

/// <summary>
/// Requests from the configured upstream (the IMS core, recognised by its address) are the core's: they go straight to
/// the proxy, without local authentication or the relay policy (the core has authenticated its users; a call from a core
/// user of the same domain would otherwise be challenged). Put it before the authentication step. REGISTER and OPTIONS
/// still go the normal way.
/// </summary>
public sealed class SipUpstreamMiddleware : ISipMiddleware
{
    private readonly SipProxy _proxy;

    /// <summary>Creates the middleware.</summary>
    public SipUpstreamMiddleware(SipProxy proxy)
    {
        ArgumentNullException.ThrowIfNull(proxy);
        _proxy = proxy;
    }

    /// <inheritdoc />
#pragma warning disable CA1716 // 'next' as in ISipMiddleware.
    public async Task InvokeAsync(SipContext context, SipRequestDelegate next)
#pragma warning restore CA1716
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (context.Request.Method.Kind is not (SipMethodKind.Register or SipMethodKind.Options)
            && await _proxy.IsFromUpstreamAsync(context.Flow, context.RequestAborted).ConfigureAwait(false))
        {
            await _proxy.ProxyAsync(context).ConfigureAwait(false);
            return;
        }

        await next(context).ConfigureAwait(false);
    }
}
