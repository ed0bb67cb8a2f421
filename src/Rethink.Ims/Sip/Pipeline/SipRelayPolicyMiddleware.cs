using Rethink.Ims.Sip.Messages;

namespace Rethink.Ims.Sip.Pipeline;

/// <summary>
/// The relay half of the seed's <c>route[AUTH]</c>: a request whose From is not local and whose Request-URI is not local
/// either (<see cref="SipLocalDomains.IsMyself"/>) is answered <c>403 Not relaying</c>. Put it after
/// <c>SipDigestAuthMiddleware</c>, as in the seed.
/// </summary>
/// <remarks>ACK (never answered) and in-dialog requests (To tag) pass, as Kamailio routes them before <c>route[AUTH]</c>.</remarks>
public sealed class SipRelayPolicyMiddleware : ISipMiddleware
{
    /// <summary>The reason phrase of the refusal, as the seed's <c>sl_send_reply("403","Not relaying")</c>.</summary>
    public const string NotRelayingReason = "Not relaying";

    private readonly SipLocalDomains _domains;

    /// <summary>Creates the middleware.</summary>
    public SipRelayPolicyMiddleware(SipLocalDomains domains)
    {
        ArgumentNullException.ThrowIfNull(domains);
        _domains = domains;
    }

    /// <inheritdoc />
#pragma warning disable CA1716 // 'next' as in ISipMiddleware.
    public Task InvokeAsync(SipContext context, SipRequestDelegate next)
#pragma warning restore CA1716
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var request = context.Request;
        if (request.Method.Kind == SipMethodKind.Ack || !request.To.Tag.IsEmpty
            || _domains.IsMyself(request.From.Uri, context.Flow) || _domains.IsMyself(request.RequestUri, context.Flow))
        {
            return next(context);
        }

        return context.RespondAsync(403, NotRelayingReason).AsTask();
    }
}
