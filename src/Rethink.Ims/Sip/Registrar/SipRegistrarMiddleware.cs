using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Rethink.Ims.Sip.Auth;
using Rethink.Ims.Sip.Messages;
using Rethink.Ims.Sip.Pipeline;
using Rethink.Ims.Sip.Transport;

namespace Rethink.Ims.Sip.Registrar;

/// <summary>
/// Answers REGISTER with <see cref="SipRegistrar.ProcessAsync"/> (Kamailio's <c>save("location")</c>); other requests go
/// to the next step. The registration context carries the digest username <see cref="SipDigestAuthMiddleware"/> put in
/// <see cref="SipContext.User"/>, so an ephemeral user's binding is filed under the user the credential names.
/// </summary>
/// <remarks>
/// When a binding was written over a connection (TCP, TLS, WS, WSS), the middleware watches that flow's
/// <see cref="SipFlow.Closed"/> token once and calls <see cref="SipRegistrar.OnFlowClosedAsync"/> when it ends, so a
/// closed WebSocket does not leave a binding nobody can reach.
/// </remarks>
public sealed partial class SipRegistrarMiddleware : ISipMiddleware
{
    private readonly SipRegistrar _registrar;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, SipFlow> _watched = new(StringComparer.Ordinal);

    /// <summary>Creates the middleware.</summary>
    public SipRegistrarMiddleware(SipRegistrar registrar, ILogger<SipRegistrarMiddleware>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(registrar);
        _registrar = registrar;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>Connection flows watched for closure (for tests and health).</summary>
    public int WatchedFlowCount => _watched.Count;

    /// <inheritdoc />
#pragma warning disable CA1716 // 'next' as in ISipMiddleware.
    public async Task InvokeAsync(SipContext context, SipRequestDelegate next)
#pragma warning restore CA1716
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (context.Request.Method.Kind != SipMethodKind.Register)
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        var flow = context.Flow;
        var registration = new RegistrationContext
        {
            AuthenticatedUser = AuthenticatedUser(context),
            FlowId = flow.Id,
            Transport = flow.Transport,
            Source = flow.RemoteEndPoint,
        };
        var outcome = await _registrar.ProcessAsync(context.Request, registration, context.RequestAborted).ConfigureAwait(false);
        if (outcome.IsSuccess && flow.IsReliable && outcome.Bindings.Any(b => b.FlowId == flow.Id))
        {
            Watch(flow);
        }

        await context.RespondAsync(outcome.Response).ConfigureAwait(false);
    }

    private static string? AuthenticatedUser(SipContext context) =>
        context.AuthenticationState is SipAuthOutcome digest
            ? SipDigestAuthMiddleware.NameOf(digest)
            : context.User?.Identity is { IsAuthenticated: true, AuthenticationType: SipDigestAuthMiddleware.AuthenticationType } identity
            ? identity.Name
            : null;

    private void Watch(SipFlow flow)
    {
        if (!_watched.TryAdd(flow.Id, flow))
        {
            return;
        }

        // Runs at once when the flow has already closed. The flow's token source goes away with the flow, and the
        // registration with it.
        flow.Closed.Register(static state =>
        {
            var (self, closed) = ((SipRegistrarMiddleware, SipFlow))state!;
            _ = self.OnClosedAsync(closed);
        }, (this, flow));
    }

    private async Task OnClosedAsync(SipFlow flow)
    {
        _watched.TryRemove(new KeyValuePair<string, SipFlow>(flow.Id, flow));
        try
        {
            await _registrar.OnFlowClosedAsync(flow.Id, CancellationToken.None).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // A store failure must not crash the closing connection's thread; it is logged.
        catch (Exception e)
#pragma warning restore CA1031
        {
            FlowCleanupFailed(_logger, flow.Id, e);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Removing the bindings of closed flow {FlowId} failed")]
    private static partial void FlowCleanupFailed(ILogger logger, string flowId, Exception exception);
}
