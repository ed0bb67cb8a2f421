using Rethink.Ims.Sip.Messages;
using Rethink.Ims.Sip.Pipeline;

namespace Rethink.Ims.Sip.Proxy;

/// <summary>
/// When <see cref="SipRegistrationRelayOptions.Enabled"/>: a REGISTER for a local domain is relayed to the core by
/// <see cref="SipRegistrationRelay"/> (which also writes the local binding); anything else goes on. Put it after the
/// digest step and before the registrar (before the digest step for <see cref="SipUpstreamAuthentication.PassThrough"/>).
/// </summary>
public sealed class SipRegistrationRelayMiddleware : ISipMiddleware
{
    private readonly SipRegistrationRelay _relay;
    private readonly SipLocalDomains _domains;

    /// <summary>Creates the middleware.</summary>
    public SipRegistrationRelayMiddleware(SipRegistrationRelay relay, SipLocalDomains domains)
    {
        ArgumentNullException.ThrowIfNull(relay);
        ArgumentNullException.ThrowIfNull(domains);
        _relay = relay;
        _domains = domains;
    }

    /// <inheritdoc />
#pragma warning disable CA1716 // 'next' as in ISipMiddleware.
    public Task InvokeAsync(SipContext context, SipRequestDelegate next)
#pragma warning restore CA1716
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        return _relay.IsEnabled && context.Request.Method.Kind == SipMethodKind.Register && _domains.IsLocal(context.Request.RequestUri)
            ? _relay.RelayAsync(context)
            : next(context);
    }
}
