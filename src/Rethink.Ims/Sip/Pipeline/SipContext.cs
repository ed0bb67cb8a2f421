using System.Security.Claims;
using Rethink.Ims.Sip.Messages;
using Rethink.Ims.Sip.Transactions;
using Rethink.Ims.Sip.Transport;

namespace Rethink.Ims.Sip.Pipeline;

/// <summary>
/// One request going through the pipeline: the request, the flow it came on, per-request state, the
/// authenticated user (set by an authentication step) and the way to answer. Responses go through an
/// <see cref="ISipResponseSender"/> (RFC 3261 §18.2.2), or through the request's <see cref="ServerTransaction"/> when the
/// transaction layer is on (which keeps the response for retransmissions). The request is disposed when the pipeline returns.
/// </summary>
public sealed class SipContext
{
    private readonly ISipResponseSender _sender;
    private Dictionary<object, object?>? _items;
    private ClaimsPrincipal? _user;
    private object? _pendingUserState;
    private Func<object, ClaimsPrincipal>? _pendingUser;

    /// <summary>Creates a context (the server does this; tests may too).</summary>
    public SipContext(SipRequest request, SipFlow flow, ISipResponseSender sender, IServiceProvider requestServices, CancellationToken requestAborted = default)
        : this(request, flow, sender, requestServices, null, requestAborted)
    {
    }

    /// <summary>Creates a context whose responses go through <paramref name="serverTransaction"/> when it is not null.</summary>
    public SipContext(SipRequest request, SipFlow flow, ISipResponseSender sender, IServiceProvider requestServices,
        SipServerTransaction? serverTransaction, CancellationToken requestAborted = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(flow);
        ArgumentNullException.ThrowIfNull(sender);
        ArgumentNullException.ThrowIfNull(requestServices);
        Request = request;
        Flow = flow;
        _sender = sender;
        RequestServices = requestServices;
        RequestAborted = requestAborted;
        ServerTransaction = serverTransaction;
    }

    /// <summary>
    /// The server transaction of the request when the transaction layer is on (null for an ACK of a 2xx, or without the
    /// layer). Responses go through it; a CANCEL finds its INVITE in <see cref="SipServerTransaction.CancelTarget"/>.
    /// </summary>
    public SipServerTransaction? ServerTransaction { get; }

    /// <summary>The request (its top Via already carries received/rport).</summary>
    public SipRequest Request { get; }

    /// <summary>The flow the request came on; responses go back along it.</summary>
    public SipFlow Flow { get; }

    /// <summary>State shared between the steps of this request.</summary>
    public IDictionary<object, object?> Items => _items ??= [];

    /// <summary>Services scoped to this request.</summary>
    public IServiceProvider RequestServices { get; }

    /// <summary>Cancelled when the server stops.</summary>
    public CancellationToken RequestAborted { get; }

    /// <summary>The authenticated user, once an authentication step has set it; null before (anonymous). A step may set it
    /// to be built on first read (most requests never read it).</summary>
    public ClaimsPrincipal? User
    {
        get
        {
            if (_pendingUser is { } build)
            {
                _user = build(_pendingUserState!);
                _pendingUser = null;
                _pendingUserState = null;
            }

            return _user;
        }

        set
        {
            _user = value;
            AuthenticationState = null;
            _pendingUser = null;
            _pendingUserState = null;
        }
    }

    /// <summary>What a <see cref="User"/> set to be built later will be built from, without building it; null otherwise.</summary>
    /// <summary>What the authentication step that called <see cref="SetUser"/> knows of the request (for the digest middleware,
    /// its outcome); kept after <see cref="User"/> is built.</summary>
    internal object? AuthenticationState { get; private set; }

    /// <summary>Sets <see cref="User"/> to <paramref name="build"/>(<paramref name="state"/>), called on first read.</summary>
    internal void SetUser(object state, Func<object, ClaimsPrincipal> build)
    {
        _user = null;
        AuthenticationState = state;
        _pendingUserState = state;
        _pendingUser = build;
    }

    /// <summary>The final (2xx-6xx) response sent, if any.</summary>
    public SipResponse? FinalResponse { get; private set; }

    /// <summary>True once a final response has been sent.</summary>
    public bool HasResponded => FinalResponse is not null;

    /// <summary>Builds a response to <see cref="Request"/> (RFC 3261 §8.2.6) without sending it.</summary>
    public SipResponse CreateResponse(int statusCode, string? reasonPhrase = null) =>
        SipResponse.CreateFor(Request, statusCode, reasonPhrase);

    /// <summary>
    /// Answers with <paramref name="statusCode"/>: builds the response, lets <paramref name="configure"/> add
    /// headers or a body, and sends it back along <see cref="Flow"/>.
    /// </summary>
    public ValueTask<SipSendResult> RespondAsync(int statusCode, string? reasonPhrase = null, Action<SipResponse>? configure = null)
    {
        var response = CreateResponse(statusCode, reasonPhrase);
        configure?.Invoke(response);
        return RespondAsync(response);
    }

    /// <summary>
    /// Sends <paramref name="response"/> back along <see cref="Flow"/>, through <see cref="ServerTransaction"/> when there is
    /// one (then <see cref="SipSendResult.Failed"/> also means the transaction took no such response, e.g. it had ended).
    /// A second final response is a bug and throws.
    /// </summary>
    public ValueTask<SipSendResult> RespondAsync(SipResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (Request.Method.Kind == SipMethodKind.Ack)
        {
            throw new InvalidOperationException("ACK is never answered.");
        }

        if (response.StatusCode >= 200)
        {
            if (HasResponded)
            {
                throw new InvalidOperationException($"A final response ({FinalResponse!.StatusCode}) was already sent for this request.");
            }

            FinalResponse = response;
        }

        return ServerTransaction is { } transaction
            ? SendThroughTransactionAsync(transaction, response)
            : _sender.SendAsync(response, Flow, RequestAborted);
    }

    /// <summary>
    /// Sends a final response to a non-INVITE request like <see cref="RespondAsync(SipResponse)"/>, but ends the
    /// <see cref="ServerTransaction"/> at once (<see cref="SipServerTransaction.SendFinalStatelessAsync"/>): nothing is kept to
    /// answer retransmissions, which then run the pipeline again. For answers that are cheap and harmless to compute again.
    /// </summary>
    public ValueTask<SipSendResult> RespondStatelessAsync(SipResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (ServerTransaction is not { } transaction || response.StatusCode < 200 || Request.Method.Kind is SipMethodKind.Invite or SipMethodKind.Ack)
        {
            return RespondAsync(response);
        }

        if (HasResponded)
        {
            throw new InvalidOperationException($"A final response ({FinalResponse!.StatusCode}) was already sent for this request.");
        }

        FinalResponse = response;
        return SendStatelessAsync(transaction, response);
    }

    private async ValueTask<SipSendResult> SendStatelessAsync(SipServerTransaction transaction, SipResponse response) =>
        await transaction.SendFinalStatelessAsync(response, RequestAborted).ConfigureAwait(false) ? SipSendResult.Sent : SipSendResult.Failed;

    private async ValueTask<SipSendResult> SendThroughTransactionAsync(SipServerTransaction transaction, SipResponse response) =>
        await transaction.SendResponseAsync(response, RequestAborted).ConfigureAwait(false) ? SipSendResult.Sent : SipSendResult.Failed;
}
