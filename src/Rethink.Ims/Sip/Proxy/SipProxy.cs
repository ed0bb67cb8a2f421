using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Rethink.Ims.Sip.Auth;
using Rethink.Ims.Sip.Messages;
using Rethink.Ims.Sip.Pipeline;
using Rethink.Ims.Sip.Registrar;
using Rethink.Ims.Sip.Transactions;
using Rethink.Ims.Sip.Transport;

namespace Rethink.Ims.Sip.Proxy;

/// <summary>
/// The RFC 3261 §16 stateful proxy of the edge: checks Max-Forwards (483), loops (482) and Proxy-Require (420),
/// fixes up a strict router's Request-URI and a maddr naming it, removes its own Route values (loose routing; a strict
/// next hop gets the Request-URI rewrite of §16.6 step 6), chooses targets (the bindings of a local address-of-record, forked in
/// parallel or by q; the configured upstream for other domains; the route set for in-dialog requests), adds Via and
/// Record-Route (two values, each with a flow token when it faces a connection, so in-dialog requests cross WS/UDP),
/// forwards responses per §16.7 (provisionals, every 2xx at once, the best final otherwise, 401/407 challenges merged,
/// a 3xx to the caller without recursing),
/// forwards CANCEL to every branch and ACK of a 2xx statelessly, and calls the <see cref="ISipMediaAnchor"/> on
/// offer, answer and teardown.
/// </summary>
/// <remarks>
/// Needs the transaction layer (<c>AddSipTransactions</c>): each proxied request is a server transaction and one client
/// transaction per branch, so retransmissions, timers and the transaction limit are theirs. <see cref="ProxyAsync"/>
/// returns as soon as the branches are started; the response work runs on, bounded by the transactions' timers, timer C
/// and <see cref="SipProxyOptions.CancelGrace"/>. The pipeline's request is copied first (the transport disposes it when
/// the pipeline returns).
/// </remarks>
public sealed partial class SipProxy
{
    private static readonly TimeSpan UpstreamCacheTime = TimeSpan.FromSeconds(60);

    private readonly SipTransactionLayer _layer;
    private readonly SipOutboundConnector _connector;
    private readonly ILocationStore _locations;
    private readonly SipRegistrar _registrar;
    private readonly SipLocalDomains _domains;
    private readonly SipProxyOptions _options;
    private readonly TimeProvider _time;
    private readonly ISipMediaAnchor _anchor;
    private readonly ILogger _logger;
    private readonly SipProxyRouting _routing;
    private readonly SipProxyDialogs _dialogs;
    private const int MaxCachedUdpFlows = 1024;
    private readonly ConcurrentDictionary<SipOutboundTarget, SipOutboundResult> _udpFlows = new();
    private readonly IPAddress? _upstreamLiteral;
    private readonly SipProxyTarget? _upstreamTarget;
    private IReadOnlyList<SipListenerEndpoint>? _udpFlowsListeners;
    private (IPAddress[] Addresses, long At)? _upstreamAddresses;
    private int _active;

    /// <summary>Creates the proxy.</summary>
    public SipProxy(
        SipTransactionLayer layer,
        SipOutboundConnector connector,
        ILocationStore locations,
        SipRegistrar registrar,
        SipLocalDomains domains,
        IOptions<SipProxyOptions> options,
        TimeProvider timeProvider,
        ISipMediaAnchor? mediaAnchor = null,
        ILogger<SipProxy>? logger = null,
        SipProxyMetrics? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(layer);
        ArgumentNullException.ThrowIfNull(connector);
        ArgumentNullException.ThrowIfNull(locations);
        ArgumentNullException.ThrowIfNull(registrar);
        ArgumentNullException.ThrowIfNull(domains);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _layer = layer;
        _connector = connector;
        _locations = locations;
        _registrar = registrar;
        _domains = domains;
        _options = options.Value;
        _time = timeProvider;
        _anchor = mediaAnchor ?? NoMediaAnchor.Instance;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        Metrics = metrics;
        _routing = new SipProxyRouting(connector, domains);
        _dialogs = new SipProxyDialogs(_options.MaxDialogs, _options.DialogLifetime, timeProvider);
        if (_options.Upstream is not null)
        {
            Upstream = SipOutboundTarget.TryParse(_options.Upstream, out var upstream, out var error)
                ? upstream
                : throw new InvalidOperationException($"{SipProxyOptions.SectionName}:Upstream {error}");
            _upstreamTarget = new SipProxyTarget(upstream, null, [], 1, upstream.ToString());
            _upstreamLiteral = IPAddress.TryParse(upstream.Host.Trim('[', ']'), out var literal) ? Normalized(literal) : null;
        }
    }

    /// <summary>The configured upstream (IMS core), if any.</summary>
    public SipOutboundTarget? Upstream { get; }

    /// <summary>Proxied requests whose response work is still running (for tests and health).</summary>
    public int ActiveTransactions => Volatile.Read(ref _active);

    internal SipTransactionLayer Layer => _layer;

    internal SipOutboundConnector Connector => _connector;

    internal SipProxyRouting Routing => _routing;

    internal SipProxyOptions Options => _options;

    internal TimeProvider Time => _time;

    internal ISipMediaAnchor Anchor => _anchor;

    internal bool Anchoring => _anchor is not NoMediaAnchor;

    internal SipProxyDialogs Dialogs => _dialogs;

    internal ILogger Logger => _logger;

    internal SipProxyMetrics? Metrics { get; }

    /// <summary>Set by the registration relay: the Service-Routes the core gave registered users.</summary>
    internal SipRegistrationRelay? ServiceRoutes { get; set; }

    /// <summary>
    /// True when <paramref name="flow"/> comes from the upstream: its address, over the upstream's transport (TCP and TLS
    /// alike), and over UDP from its port. Such requests are the core's and need no local authentication. A host name is
    /// resolved (A/AAAA) and cached for a minute.
    /// </summary>
    public async ValueTask<bool> IsFromUpstreamAsync(SipFlow flow, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(flow);
        if (Upstream is not { } upstream)
        {
            return false;
        }

        // Same transport family (TLS counts as TCP's), and over UDP the same port too: the core sends from where it
        // listens, and clients on the same host (loopback tests, an all-in-one box) must not pass as the core.
        var sameTransport = flow.Transport == upstream.Transport
            || (flow.Transport is SipTransportKind.Tcp or SipTransportKind.Tls && upstream.Transport is SipTransportKind.Tcp or SipTransportKind.Tls);
        if (!sameTransport || (flow.Transport == SipTransportKind.Udp && flow.RemoteEndPoint.Port != upstream.EffectivePort))
        {
            return false;
        }

        var source = Normalized(flow.RemoteEndPoint.Address);
        if (_upstreamLiteral is not null)
        {
            return _upstreamLiteral.Equals(source);
        }

        var host = upstream.Host.Trim('[', ']');

        var cached = _upstreamAddresses;
        if (cached is null || _time.GetElapsedTime(cached.Value.At) > UpstreamCacheTime)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2), _time);
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
                var addresses = await Dns.GetHostAddressesAsync(host, linked.Token).ConfigureAwait(false);
                cached = (addresses, _time.GetTimestamp());
                _upstreamAddresses = cached;
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException)
            {
                return false;
            }
        }

        return Array.Exists(cached.Value.Addresses, a => Normalized(a).Equals(source));
    }

    /// <summary>
    /// The flow to <paramref name="target"/>. A UDP target with an IP address always gives the same flow (the listener of
    /// its address family and the remote end point), so that one is kept (bounded, dropped when the transport's listeners
    /// change) instead of resolving it and making a new flow with its own token sources for every request.
    /// </summary>
    internal ValueTask<SipOutboundResult> GetFlowAsync(SipOutboundTarget target, CancellationToken cancellationToken)
    {
        if (target.FlowId is not null || target.Transport != SipTransportKind.Udp || !_connector.IsStarted)
        {
            return _connector.GetFlowAsync(target, cancellationToken);
        }

        var listeners = _connector.Listeners;
        if (!ReferenceEquals(listeners, Volatile.Read(ref _udpFlowsListeners)))
        {
            _udpFlows.Clear();
            Volatile.Write(ref _udpFlowsListeners, listeners);
        }

        return _udpFlows.TryGetValue(target, out var cached) ? new(cached) : ResolveUdpAsync(target, listeners, cancellationToken);
    }

    private async ValueTask<SipOutboundResult> ResolveUdpAsync(SipOutboundTarget target, IReadOnlyList<SipListenerEndpoint> listeners, CancellationToken cancellationToken)
    {
        var result = await _connector.GetFlowAsync(target, cancellationToken).ConfigureAwait(false);
        if (result.IsReady && _udpFlows.Count < MaxCachedUdpFlows && ReferenceEquals(listeners, _connector.Listeners)
            && IPAddress.TryParse(target.Host.Trim('[', ']'), out _))
        {
            _udpFlows.TryAdd(target, result);
        }

        return result;
    }

    private static IPAddress Normalized(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

    /// <summary>
    /// Proxies the request of <paramref name="context"/>: answers it when it cannot go on (483, 482, 420, 404, 403 Not
    /// relaying, 481 for a CANCEL matching nothing), forwards an ACK statelessly, answers a CANCEL 200 and cancels the
    /// branches of its INVITE, and otherwise starts the branches and returns (responses are forwarded as they come).
    /// </summary>
    public async Task ProxyAsync(SipContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = context.Request;
        switch (request.Method.Kind)
        {
            case SipMethodKind.Ack:
                await ForwardAckAsync(context).ConfigureAwait(false);
                return;
            case SipMethodKind.Cancel:
                // The transaction layer matched the CANCEL to its INVITE and fired that transaction's CancellationRequested,
                // which the INVITE's proxy transaction listens to (RFC 3261 §16.10).
                var matched = context.ServerTransaction?.CancelTarget is not null;
                await context.RespondAsync(matched ? 200 : 481).ConfigureAwait(false);
                if (matched)
                {
                    Metrics?.Forwarded(request.Method);
                }

                return;
        }

        var server = context.ServerTransaction
            ?? throw new InvalidOperationException("The SIP proxy needs the transaction layer: call services.AddSipTransactions().");
        if (request.MaxForwards == 0)
        {
            Metrics?.Refused(483);
            await context.RespondAsync(483, "Too Many Hops").ConfigureAwait(false);
            return;
        }

        var loopHash = SipProxyRouting.LoopHash(request);
        if (_routing.IsLoop(request, loopHash))
        {
            Metrics?.Refused(482);
            await context.RespondAsync(482, "Loop Detected").ConfigureAwait(false);
            return;
        }

        if (!request.ProxyRequire.IsEmpty)
        {
            var unsupported = string.Join(", ", EnumerateTokens(request.ProxyRequire));
            Metrics?.Refused(420);
            await context.RespondAsync(420, "Bad Extension", r => r.Headers.Add(SipHeaderId.Unsupported, unsupported)).ConfigureAwait(false);
            return;
        }

        var original = SipMessageCopy.Detach(request);
        var strictFlowId = FixRequestUri(original, context.Flow);
        var flowId = PopOwnRoutes(original) ?? strictFlowId;
        var fromUpstream = await IsFromUpstreamAsync(context.Flow, context.RequestAborted).ConfigureAwait(false);
        var (targets, status, reason) = await ChooseTargetsAsync(original, flowId, fromUpstream, AuthenticatedUser(context), context.RequestAborted).ConfigureAwait(false);
        if (targets is null)
        {
            LogRefused(_logger, request.Method.Name, status, reason);
            Metrics?.Refused(status);
            await context.RespondAsync(status, reason).ConfigureAwait(false);
            return;
        }

        if (request.Method.Kind == SipMethodKind.Bye && Anchoring)
        {
            var callId = original.CallId.ToString();
            var callerTag = _dialogs.CallerTag(callId) ?? original.From.Tag.ToString();
            _dialogs.Remove(callId);
            await _anchor.DeleteAsync(new SipMediaDialog(callId, callerTag), context.RequestAborted).ConfigureAwait(false);
        }

        if (request.Method.Kind == SipMethodKind.Invite)
        {
            // RFC 3261 §16.2: a stateful proxy answers an INVITE with 100 Trying at once (stops the caller's retransmissions):
            // the one the transaction layer prepared for its 200 ms timer, when it is still there.
            var trying = server.TakePreparedTrying() ?? SipResponse.CreateFor(original, 100);
            await server.SendResponseAsync(trying, context.RequestAborted).ConfigureAwait(false);
        }

        var groups = Group(targets);
        var transaction = new SipProxyTransaction(this, server, original, context.Flow, groups, loopHash);
        Interlocked.Increment(ref _active);
        LogForwarding(_logger, request.Method.Name, targets.Count, targets[0].NextHop);
        Metrics?.Forwarded(request.Method);
        transaction.Start();
    }

    internal static string StatusReason(SipOutboundStatus status) => status switch
    {
        SipOutboundStatus.FlowClosed => "Temporarily Unavailable (flow closed)",
        SipOutboundStatus.ResolutionFailed => "Service Unavailable (name not resolved)",
        SipOutboundStatus.NoListener => "Service Unavailable (no listener for the transport)",
        SipOutboundStatus.UnsupportedTransport => "Service Unavailable (transport not supported for outbound)",
        SipOutboundStatus.ConnectFailed => "Service Unavailable (connection failed)",
        SipOutboundStatus.TimedOut => "Request Timeout (connection timed out)",
        SipOutboundStatus.ConnectionLimit => "Service Unavailable (connection limit)",
        _ => "Service Unavailable",
    };

    internal static int StatusCode(SipOutboundStatus status) => status switch
    {
        SipOutboundStatus.FlowClosed => 480,
        SipOutboundStatus.TimedOut => 408,
        _ => 503,
    };

    /// <summary>A proxy transaction whose last branch is over.</summary>
    internal void OnTransactionEnded() => Interlocked.Decrement(ref _active);

    /// <summary>A proxy transaction threw (it answers 500 if nothing final went out); logged, the process goes on.</summary>
    internal void LogTransactionFailed(Exception exception) => LogFailed(_logger, exception);

    private async Task ForwardAckAsync(SipContext context)
    {
        // Changed in place, not copied: the ACK is sent before the pipeline returns, and nothing keeps it.
        var ack = context.Request;
        var maxForwards = ack.MaxForwards;
        if (maxForwards == 0)
        {
            return;
        }

        var loopHash = SipProxyRouting.LoopHash(ack);
        var strictFlowId = FixRequestUri(ack, context.Flow);
        var flowId = PopOwnRoutes(ack) ?? strictFlowId;
        // When the route set ends here at a GRUU of ours, the ACK goes where the GRUU leads.
        var hop = IsOwnGruuAtEndOfRoute(ack)
            ? await RetargetToGruuAsync(ack, context.RequestAborted).ConfigureAwait(false)
            : NextHopInDialog(ack, flowId);

        if (hop is null)
        {
            LogAckDropped(_logger, SipOutboundStatus.ResolutionFailed);
            return;
        }

        var outbound = await GetFlowAsync(hop.Value, context.RequestAborted).ConfigureAwait(false);
        if (!outbound.IsReady)
        {
            LogAckDropped(_logger, outbound.Status);
            return;
        }

        DecrementMaxForwards(ack, maxForwards);
        RouteToStrictRouter(ack);
        _routing.PrependVia(ack, outbound.Flow!, SipProxyRouting.NewBranch(loopHash));
        if (Anchoring && IsSdp(ack))
        {
            // The caller answers a late offer in the ACK.
            var callId = ack.CallId.ToString();
            var callerTag = _dialogs.CallerTag(callId) ?? ack.From.Tag.ToString();
            _dialogs.TakePendingOffer(callId);
            var result = await _anchor.AnswerAsync(new SipMediaAnswer(
                new SipMediaDialog(callId, callerTag, ack.To.Tag.ToString()), ack.Body, FromCaller: true,
                SipProxyRouting.ProfileOf(context.Flow.Transport), context.Flow.RemoteEndPoint), context.RequestAborted).ConfigureAwait(false);
            if (result.Outcome == SipMediaAnchorOutcome.Rewritten)
            {
                ack.SetBody(result.Sdp);
            }
        }

        await outbound.Flow!.SendAsync(ack, context.RequestAborted).ConfigureAwait(false);
        Metrics?.Forwarded(ack.Method);
    }

    /// <summary>
    /// RFC 3261 §16.4, before Route processing: a Request-URI that is one of this proxy's Record-Route values (sent by a
    /// strict router, which puts the next hop in the Request-URI) is replaced by the last Route value, which is removed; a
    /// <c>maddr</c> naming this proxy, on a request received at the port and transport the URI names, is removed with the
    /// port and transport. Returns the flow id the replaced Request-URI carried, if any.
    /// </summary>
    private string? FixRequestUri(SipRequest request, SipFlow inbound)
    {
        var uri = request.RequestUri;
        if (!request.Route.IsEmpty && _routing.IsOwnAddress(uri) && (!uri.HasUser || _routing.FlowIdOf(uri) is not null))
        {
            var flowId = _routing.FlowIdOf(uri);
            var routes = new List<string>();
            foreach (var route in request.Route)
            {
                routes.Add(route.Raw.ToString());
            }

            if (SipNameAddressOf(routes[^1], out var last) && SipUri.TryParse(last.ToString(), out var target))
            {
                var index = request.Headers.IndexOf(SipHeaderId.Route);
                request.Headers.Remove(SipHeaderId.Route);
                for (var i = 0; i < routes.Count - 1; i++)
                {
                    request.Headers.Insert(index + i, SipHeaderId.Route, routes[i]);
                }

                request.RequestUri = target;
                return flowId;
            }
        }

        if (uri.IsSip && uri.Parameters.TryGetValue("maddr"u8, out var maddr)
            && (uri.Port ?? (uri.Scheme == SipUriScheme.Sips ? 5061 : 5060)) == inbound.LocalEndPoint.Port
            && IsInboundTransport(uri.Transport, inbound.Transport)
            && _routing.IsOwnMaddr(maddr, inbound.LocalEndPoint.Port)
            && SipUri.TryParse(WithoutMaddr(uri), out var stripped))
        {
            request.RequestUri = stripped;
        }

        return null;
    }

    private static bool IsInboundTransport(SipText parameter, SipTransportKind transport)
    {
        if (parameter.IsEmpty)
        {
            return true;
        }

        var name = parameter.ToString();
        return string.Equals(name, SipListenerEndpoint.SchemeOf(transport), StringComparison.OrdinalIgnoreCase)
            || (transport == SipTransportKind.Tls && string.Equals(name, "tcp", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary><paramref name="uri"/> without maddr, port and transport (RFC 3261 §16.4).</summary>
    private static string WithoutMaddr(SipUri uri)
    {
        var builder = new StringBuilder(uri.Raw.Length).Append(uri.SchemeName.ToString()).Append(':');
        if (uri.HasUser)
        {
            builder.Append(uri.User.ToString());
            if (uri.HasPassword)
            {
                builder.Append(':').Append(uri.Password.ToString());
            }

            builder.Append('@');
        }

        builder.Append(uri.Host.ToString());
        foreach (var parameter in uri.Parameters)
        {
            if (!string.Equals(parameter.Name.ToString(), "maddr", StringComparison.OrdinalIgnoreCase)
                && !string.Equals(parameter.Name.ToString(), "transport", StringComparison.OrdinalIgnoreCase))
            {
                builder.Append(';').Append(parameter.ToString());
            }
        }

        if (uri.HasHeaders)
        {
            builder.Append('?').Append(uri.Headers.ToString());
        }

        return builder.ToString();
    }

    /// <summary>
    /// RFC 3261 §16.6 step 6: when the next hop (the top Route) is a strict router (no <c>lr</c>), the Request-URI goes to
    /// the end of the Route and the top Route value becomes the Request-URI.
    /// </summary>
    internal static void RouteToStrictRouter(SipRequest request)
    {
        if (!request.Route.TryGetFirst(out var top) || top.Uri.IsLooseRouter || !SipUri.TryParse(top.Uri.ToString(), out var next))
        {
            return;
        }

        var requestUri = request.RequestUri.ToString();
        request.Headers.RemoveFirstValue(SipHeaderId.Route);
        request.Headers.Add(SipHeaderId.Route, "<" + requestUri + ">");
        request.RequestUri = next;
    }

    /// <summary>RFC 3261 §16.4 with loose routing: removes the Route values naming this proxy; the flow token of the last one, if any.</summary>
    private string? PopOwnRoutes(SipRequest request)
    {
        string? flowId = null;
        var guard = 0;
        while (guard++ < 16 && request.Route.TryGetFirst(out var route) && _routing.IsOwn(route.Uri))
        {
            flowId = _routing.FlowIdOf(route.Uri);
            request.Headers.RemoveFirstValue(SipHeaderId.Route);
        }

        return flowId;
    }

    /// <summary>The next hop of a request that follows a route set (or its Request-URI): top Route, a flow token, or the Request-URI.</summary>
    private SipOutboundTarget? NextHopInDialog(SipRequest request, string? flowId)
    {
        if (request.Route.TryGetFirst(out var route))
        {
            return SipOutboundTarget.TryFromUri(route.Uri, out var hop) ? hop : null;
        }

        if (flowId is not null)
        {
            return new SipOutboundTarget(SipTransportKind.Other, string.Empty, 0, flowId);
        }

        var uri = request.RequestUri;
        if (uri.Host.Span.EndsWith(".invalid"u8) || _routing.IsOwn(uri))
        {
            return null;
        }

        return SipOutboundTarget.TryFromUri(uri, out var target) ? target : null;
    }

    private async ValueTask<(List<SipProxyTarget>? Targets, int Status, string Reason)> ChooseTargetsAsync(
        SipRequest request, string? flowId, bool fromUpstream, string? authenticatedUser, CancellationToken cancellationToken)
    {
        var inDialog = !request.To.Tag.IsEmpty;
        if (!inDialog && flowId is null && !fromUpstream && request.Route.IsEmpty && authenticatedUser is not null
            && ServiceRoutes is { IsEnabled: true } relay && _registrar.GetAddressOfRecord(request.From.Uri, authenticatedUser) is { } caller
            && relay.ServiceRouteOf(caller) is { Count: > 0 } serviceRoute)
        {
            // RFC 3608: a registered user's originating requests go through the Service-Route the core gave it (preloaded Route).
            for (var i = serviceRoute.Count - 1; i >= 0; i--)
            {
                request.Headers.Prepend(SipHeaderId.Route, serviceRoute[i]);
            }

            var serviceHop = NextHopInDialog(request, null);
            return serviceHop is null
                ? (null, 500, "Server Internal Error (unusable Service-Route)")
                : ([TargetOf(serviceHop.Value)], 0, string.Empty);
        }

        // In a dialog the route set and the remote target decide, never the location service (a contact on this host's
        // address is another UA, not a local AoR), unless the Request-URI names a local domain.
        // A GRUU of ours as the remote target (a UA that put its GRUU in its Contact, RFC 5627) is resolved below like a
        // dialog-creating request's: the UA knows itself by its registered contact, not by its GRUU.
        if ((!request.Route.IsEmpty || flowId is not null || (inDialog && !_domains.IsLocalHost(request.RequestUri.Host)))
            && !IsOwnGruuAtEndOfRoute(request))
        {
            var hop = NextHopInDialog(request, flowId);
            return hop is null
                ? (null, 404, "Not Found (no route to the target)")
                : ([TargetOf(hop.Value)], 0, string.Empty);
        }

        var uri = request.RequestUri;
        if (IsLocalUser(uri))
        {
            var uriAor = AddressOfRecord(uri);
            if (_registrar.GruuEnabled && uri.Parameters.Contains("gr"u8))
            {
                return await GruuTargetsAsync(uri, uriAor, cancellationToken).ConfigureAwait(false);
            }

            var record = uriAor is null ? null : await _locations.GetAsync(uriAor, cancellationToken).ConfigureAwait(false);
            var targets = BindingTargets(record?.Bindings ?? [], default);
            if (targets.Count > 0)
            {
                targets.Sort((a, b) => b.Q.CompareTo(a.Q));
                if (targets.Count > _options.MaxBranches)
                {
                    targets.RemoveRange(_options.MaxBranches, targets.Count - _options.MaxBranches);
                }

                return (targets, 0, string.Empty);
            }

            if (Upstream is not null && !fromUpstream && _options.UnregisteredToUpstream)
            {
                return ([_upstreamTarget!], 0, string.Empty);
            }

            return (null, 404, "Not Found");
        }

        if (_routing.IsOwn(uri) || _routing.IsOwnAddress(uri))
        {
            return (null, 404, "Not Found");
        }

        if (fromUpstream)
        {
            // The core routes to a contact it knows (a user agent registered through this edge over UDP): follow the Request-URI.
            return SipOutboundTarget.TryFromUri(uri, out var contact) && !uri.Host.Span.EndsWith(".invalid"u8)
                ? ([TargetOf(contact)], 0, string.Empty)
                : (null, 404, "Not Found");
        }

        if (Upstream is not null && !fromUpstream)
        {
            return ([_upstreamTarget!], 0, string.Empty);
        }

        return (null, 403, SipRelayPolicyMiddleware.NotRelayingReason);
    }

    /// <summary>
    /// The targets of an AoR's bindings: live ones whose flow is open (and, for a <paramref name="gruu"/>, of its instance),
    /// at most one per instance (RFC 5626 §7): an instance registered over several flows (reg-ids) is reached over the most
    /// recently registered one.
    /// </summary>
    private List<SipProxyTarget> BindingTargets(IReadOnlyList<SipBinding> bindings, SipGruuTarget gruu)
    {
        var now = _time.GetUtcNow();
        var targets = new List<SipProxyTarget>();
        foreach (var binding in bindings)
        {
            if (IsReachable(binding, gruu, now) && !HasNewerFlowOfItsInstance(binding) && TryTargetOf(binding, out var target))
            {
                targets.Add(target);
            }
        }

        return targets;

        bool HasNewerFlowOfItsInstance(SipBinding binding)
        {
            if (binding.Instance is not { } instance)
            {
                return false;
            }

            foreach (var other in bindings)
            {
                if (other.UpdatedAt > binding.UpdatedAt && string.Equals(other.Instance, instance, StringComparison.OrdinalIgnoreCase)
                    && IsReachable(other, gruu, now))
                {
                    return true;
                }
            }

            return false;
        }

        static bool IsReachable(SipBinding binding, SipGruuTarget gruu, DateTimeOffset now) =>
            !binding.IsFlowClosed && binding.IsLive(now) && (!gruu.IsGruu || gruu.Reaches(binding));
    }

    /// <summary>True when no Route is left and the Request-URI is a GRUU of a local domain (and GRUUs are on).</summary>
    private bool IsOwnGruuAtEndOfRoute(SipRequest request) =>
        _registrar.GruuEnabled && request.Route.IsEmpty && request.RequestUri is var uri && uri.Parameters.Contains("gr"u8) && IsLocalUser(uri);

    /// <summary>
    /// The target a GRUU (RFC 5627) names: the instance's binding, over its most recently registered flow when it has several
    /// (RFC 5626), never the user's other instances and never the upstream; 480 when the instance is not registered (or,
    /// for a temporary GRUU, not under the Call-ID it was issued for), 404 when the GRUU is not one this registrar gave.
    /// </summary>
    private async ValueTask<(List<SipProxyTarget>? Targets, int Status, string Reason)> GruuTargetsAsync(
        SipUri uri, string? uriAor = null, CancellationToken cancellationToken = default)
    {
        var gruu = _registrar.Gruu.Resolve(uri, uriAor ?? AddressOfRecord(uri));
        if (!gruu.IsGruu || gruu.IsUnknown)
        {
            return (null, 404, "Not Found (unknown GRUU)");
        }

        var record = await _locations.GetAsync(gruu.Aor!, cancellationToken).ConfigureAwait(false);
        var targets = BindingTargets(record.Bindings, gruu);
        return targets.Count > 0 ? (targets, 0, string.Empty) : (null, 480, "Temporarily Unavailable");
    }

    /// <summary>
    /// Points a request that has no proxy transaction (an ACK) at the binding its GRUU Request-URI names: the contact
    /// becomes the Request-URI, the binding's Path the Route. Returns the next hop, or null when the GRUU reaches nobody.
    /// </summary>
    private async ValueTask<SipOutboundTarget?> RetargetToGruuAsync(SipRequest request, CancellationToken cancellationToken)
    {
        var (targets, _, _) = await GruuTargetsAsync(request.RequestUri, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (targets is not [var target] || target.RequestUri is not { } contact || !SipUri.TryParse(contact, out var uri))
        {
            return null;
        }

        request.RequestUri = uri;
        for (var i = target.Path.Count - 1; i >= 0; i--)
        {
            request.Headers.Prepend(SipHeaderId.Route, target.Path[i]);
        }

        return target.NextHop;
    }

    /// <summary>The target of a next hop; the upstream's is made once (in-dialog requests of calls through the core go there).</summary>
    private SipProxyTarget TargetOf(SipOutboundTarget hop) =>
        _upstreamTarget is { } upstream && upstream.NextHop == hop ? upstream : new SipProxyTarget(hop, null, [], 1, hop.ToString());

    private static string? AuthenticatedUser(SipContext context) =>
        context.User?.Identity is { IsAuthenticated: true, AuthenticationType: SipDigestAuthMiddleware.AuthenticationType } identity ? identity.Name : null;

    /// <summary>A user of a local domain, or of this proxy's own address and port (Kamailio's <c>myself</c> with the port).</summary>
    private bool IsLocalUser(SipUri uri) => uri.IsSip && uri.HasUser && (_domains.IsLocalHost(uri.Host) || _routing.IsOwnAddress(uri));

    /// <summary>The AoR a local Request-URI names: a local domain as the registrar files it, or the default domain for our own address.</summary>
    private string? AddressOfRecord(SipUri uri)
    {
        if (_domains.IsLocalHost(uri.Host))
        {
            return _registrar.GetAddressOfRecord(uri, null);
        }

        var domain = _domains.Default;
        return domain is null ? null : "sip:" + uri.User.Unescape().ToString() + "@" + domain.ToLowerInvariant();
    }

    private static bool TryTargetOf(SipBinding binding, out SipProxyTarget target)
    {
        target = null!;
        if (!SipUri.TryParse(binding.ContactUri, out var contact))
        {
            return false;
        }

        SipOutboundTarget hop;
        if (binding.FlowId is not null && binding.Transport is not (SipTransportKind.Udp or SipTransportKind.Other))
        {
            // A client behind a connection (a browser's WebSocket, RFC 7118 .invalid contact): only its flow reaches it.
            hop = new SipOutboundTarget(binding.Transport, string.Empty, 0, binding.FlowId);
        }
        else if (binding.Path.Count > 0)
        {
            if (!SipNameAddressOf(binding.Path[0], out var first) || !SipOutboundTarget.TryFromUri(first, out hop))
            {
                return false;
            }
        }
        else if (!SipOutboundTarget.TryFromUri(contact, out hop) || contact.Host.Span.EndsWith(".invalid"u8))
        {
            return false;
        }

        target = new SipProxyTarget(hop, binding.ContactUri, binding.Path, binding.Q ?? 1.0, hop.ToString());
        return true;
    }

    private static bool SipNameAddressOf(string value, out SipUri uri)
    {
        uri = default;
        if (!SipNameAddress.TryParse(Encoding.UTF8.GetBytes(value), out var address))
        {
            return false;
        }

        uri = address.Uri;
        return true;
    }

    private List<List<SipProxyTarget>> Group(List<SipProxyTarget> targets)
    {
        if (_options.Forking == SipForkingMode.Parallel || targets.Count == 1)
        {
            return [targets];
        }

        var groups = new List<List<SipProxyTarget>>();
        foreach (var target in targets)
        {
            if (groups.Count == 0 || groups[^1][0].Q != target.Q)
            {
                groups.Add([]);
            }

            groups[^1].Add(target);
        }

        return groups;
    }

    internal static void DecrementMaxForwards(SipRequest request, int? received) =>
        request.Headers.Set(SipHeaderId.MaxForwards, received is { } value ? value - 1 : 70);

    internal static bool IsSdp(SipMessage message) =>
        !message.Body.IsEmpty && message.ContentType.IsSdp;

    private static List<string> EnumerateTokens(SipHeaderValues<SipToken> tokens)
    {
        var list = new List<string>();
        foreach (var token in tokens)
        {
            list.Add(token.Text.ToString());
        }

        return list;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Proxy refused {Method}: {Status} {Reason}")]
    private static partial void LogRefused(ILogger logger, string method, int status, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Proxying {Method} to {Count} target(s), first {Target}")]
    private static partial void LogForwarding(ILogger logger, string method, int count, SipOutboundTarget target);

    [LoggerMessage(Level = LogLevel.Debug, Message = "ACK not forwarded: {Reason}")]
    private static partial void LogAckDropped(ILogger logger, SipOutboundStatus reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "A proxy transaction failed")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
