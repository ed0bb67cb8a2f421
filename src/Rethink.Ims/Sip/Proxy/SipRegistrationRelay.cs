using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Claims;
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
/// Relays REGISTERs to the upstream registrar (an IMS core, P-CSCF style): the REGISTER goes to the core with a Path naming
/// this edge (and the user's flow, RFC 3327/5626), authenticated as <see cref="SipRegistrationRelayOptions.Authentication"/>
/// says; only when the core answers 2xx is the binding written locally (the local registrar's 200 goes to the user, with the
/// core's Service-Route), and the Service-Route is kept for the user's originating requests (RFC 3608). A refusal of the core
/// reaches the user (its 401/407 challenge too in pass-through); an unregistration is applied locally whatever the core says.
/// </summary>
/// <remarks>
/// The edge registers at the core under its own Call-ID and CSeq per user agent registration (so it can answer a challenge
/// itself without breaking the user agent's CSeq order), kept while the registration lives and bounded by
/// <see cref="SipRegistrationRelayOptions.MaxRegistrations"/>.
/// </remarks>
public sealed partial class SipRegistrationRelay
{
    private readonly SipProxy _proxy;
    private readonly SipRegistrar _registrar;
    private readonly SipRegistrationRelayOptions _options;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, RelayState> _registrations = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string[]> _serviceRoutes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SipFlow> _watched = new(StringComparer.Ordinal);

    /// <summary>Creates the relay.</summary>
    public SipRegistrationRelay(SipProxy proxy, SipRegistrar registrar, IOptions<SipProxyOptions> options, ILogger<SipRegistrationRelay>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(proxy);
        ArgumentNullException.ThrowIfNull(registrar);
        ArgumentNullException.ThrowIfNull(options);
        _proxy = proxy;
        _registrar = registrar;
        _options = options.Value.RegistrationRelay;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        proxy.ServiceRoutes = this;
    }

    /// <summary>True when REGISTERs are relayed (<see cref="SipRegistrationRelayOptions.Enabled"/> with an upstream).</summary>
    public bool IsEnabled => _options.Enabled && _proxy.Upstream is not null;

    /// <summary>Relayed user agent registrations (for tests and health).</summary>
    public int Count => _registrations.Count;

    /// <summary>The Service-Route the core gave <paramref name="aor"/> (topmost first), or null.</summary>
    public IReadOnlyList<string>? ServiceRouteOf(string aor)
    {
        ArgumentNullException.ThrowIfNull(aor);
        return _serviceRoutes.TryGetValue(aor, out var route) ? route : null;
    }

    /// <summary>
    /// Relays the REGISTER of <paramref name="context"/> (which must have a server transaction) and returns at once; the
    /// answer goes out through the transaction when the core has answered (bounded by timer F).
    /// </summary>
    public Task RelayAsync(SipContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var server = context.ServerTransaction
            ?? throw new InvalidOperationException("The registration relay needs the transaction layer: call services.AddSipTransactions().");
        var copy = SipMessageCopy.Detach(context.Request);
        _ = RunAsync(copy, server, context.Flow, AuthenticatedUser(context.User));
        return Task.CompletedTask;
    }

    private static string? AuthenticatedUser(ClaimsPrincipal? user) =>
        user?.Identity is { IsAuthenticated: true, AuthenticationType: SipDigestAuthMiddleware.AuthenticationType } identity ? identity.Name : null;

    private async Task RunAsync(SipRequest register, SipServerTransaction server, SipFlow flow, string? authenticatedUser)
    {
        try
        {
            var response = await RegisterAsync(register, flow, authenticatedUser).ConfigureAwait(false);
            await server.SendResponseAsync(response, CancellationToken.None).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // A failing relay answers 500; it must not take the process down.
        catch (Exception e)
#pragma warning restore CA1031
        {
            LogFailed(_logger, e);
            await server.SendResponseAsync(SipResponse.CreateFor(register, 500), CancellationToken.None).ConfigureAwait(false);
        }
    }

    private async Task<SipResponse> RegisterAsync(SipRequest register, SipFlow flow, string? authenticatedUser)
    {
        var aor = _registrar.GetAddressOfRecord(register.To.Uri, authenticatedUser);
        if (aor is null)
        {
            return SipResponse.CreateFor(register, 400, "Bad Request (To is not a sip or sips URI)");
        }

        var callId = register.CallId.ToString();
        var unregister = IsUnregister(register);
        if (!_registrations.TryGetValue(callId, out var state))
        {
            if (_registrations.Count >= _options.MaxRegistrations)
            {
                // Registrations nobody refreshed for a day are gone at the core too (no registrar keeps them that long).
                var stale = _proxy.Time.GetUtcNow() - TimeSpan.FromDays(1);
                foreach (var entry in _registrations)
                {
                    if (entry.Value.LastUsed < stale)
                    {
                        _registrations.TryRemove(entry);
                    }
                }
            }

            if (_registrations.Count >= _options.MaxRegistrations)
            {
                return SipResponse.CreateFor(register, 503, "Service Unavailable (too many relayed registrations)");
            }

            state = _registrations.GetOrAdd(callId, _ => new RelayState("edge-" + SipIdentifiers.NewCallId()));
        }

        state.LastUsed = _proxy.Time.GetUtcNow();

        var upstream = _proxy.Upstream!.Value;
        var outbound = await _proxy.Connector.GetFlowAsync(upstream, CancellationToken.None).ConfigureAwait(false);
        SipResponse? core = null;
        if (outbound.IsReady)
        {
            core = await SendAsync(BuildUpstream(register, flow, outbound.Flow!, state, null), outbound.Flow!).ConfigureAwait(false);
            if (core.StatusCode is 401 or 407 && _options.Authentication == SipUpstreamAuthentication.StaticAccount
                && _options.Accounts.TryGetValue(aor["sip:".Length..], out var account))
            {
                var authorization = Authorize(core, account, register.RequestUri.ToString());
                if (authorization is not null)
                {
                    core = await SendAsync(BuildUpstream(register, flow, outbound.Flow!, state, authorization), outbound.Flow!).ConfigureAwait(false);
                }
            }
        }

        if (core is { IsSuccess: true } || unregister)
        {
            // The core accepted (or the user leaves, which the edge applies whatever the core says).
            state.Accepted |= core is { IsSuccess: true };
            var outcome = await _registrar.ProcessAsync(register, new RegistrationContext
            {
                AuthenticatedUser = authenticatedUser,
                FlowId = flow.Id,
                Transport = flow.Transport,
                Source = flow.RemoteEndPoint,
            }, CancellationToken.None).ConfigureAwait(false);
            if (outcome.IsSuccess && outcome.Bindings.Count > 0 && core is { IsSuccess: true })
            {
                var route = ServiceRouteValues(core);
                if (route.Length > 0)
                {
                    _serviceRoutes[aor] = route;
                    foreach (var value in route)
                    {
                        outcome.Response.Headers.Add(SipHeaderId.ServiceRoute, value);
                    }
                }
                else
                {
                    _serviceRoutes.TryRemove(aor, out _);
                }

                if (flow.IsReliable && outcome.Bindings.Any(b => b.FlowId == flow.Id))
                {
                    // Kept to unregister at the core when this flow closes (the user agent cannot do it any more).
                    state.FlowId = flow.Id;
                    state.Aor = aor;
                    state.LastRegister = register;
                    Watch(flow);
                }
            }
            else if (outcome.IsSuccess && outcome.Bindings.Count == 0)
            {
                _serviceRoutes.TryRemove(aor, out _);
            }

            if (unregister)
            {
                _registrations.TryRemove(callId, out _);
            }

            LogRelayed(_logger, aor, core?.StatusCode ?? 0, outcome.Response.StatusCode);
            return outcome.Response;
        }

        if (!state.Accepted && !(core is { StatusCode: 401 or 407 } && _options.Authentication == SipUpstreamAuthentication.PassThrough))
        {
            // Kept after a challenge in pass-through: the user's answer must reach the core under the same Call-ID.
            _registrations.TryRemove(callId, out _);
        }

        return Refusal(register, outbound, core);
    }

    private SipResponse Refusal(SipRequest register, SipOutboundResult outbound, SipResponse? core)
    {
        if (core is null)
        {
            _proxy.Metrics?.UpstreamFailed(SipProxy.StatusCode(outbound.Status));
            return SipResponse.CreateFor(register, SipProxy.StatusCode(outbound.Status), SipProxy.StatusReason(outbound.Status) + " (upstream registrar)");
        }

        var status = core.StatusCode switch
        {
            408 => 504,
            401 or 407 when _options.Authentication != SipUpstreamAuthentication.PassThrough => 403,
            503 => 503,
            >= 500 and < 600 => 500,
            var code => code,
        };
        var response = SipResponse.CreateFor(register, status, status == core.StatusCode ? core.ReasonPhrase : SipReasonPhrases.Get(status) + " (upstream registrar answered " + core.StatusCode.ToString(CultureInfo.InvariantCulture) + ")");
        foreach (var header in core.Headers)
        {
            if (header.Id is SipHeaderId.MinExpires or SipHeaderId.RetryAfter
                || (status is 401 or 407 && header.Id is SipHeaderId.WwwAuthenticate or SipHeaderId.ProxyAuthenticate))
            {
                response.Headers.Add(header.Id, header.Value.Span);
            }
        }

        LogRefused(_logger, core.StatusCode, status);
        return response;
    }

    private SipRequest BuildUpstream(SipRequest register, SipFlow client, SipFlow upstream, RelayState state, string? authorization)
    {
        var request = SipMessageCopy.Detach(register);
        var headers = request.Headers;
        headers.Remove(SipHeaderId.Via);
        headers.Remove(SipHeaderId.Route);
        headers.Remove(SipHeaderId.RecordRoute);
        if (_options.Authentication != SipUpstreamAuthentication.PassThrough)
        {
            headers.Remove(SipHeaderId.Authorization);
            headers.Remove(SipHeaderId.ProxyAuthorization);
        }

        if (authorization is not null)
        {
            headers.Add(authorization.StartsWith("P:", StringComparison.Ordinal) ? SipHeaderId.ProxyAuthorization : SipHeaderId.Authorization, authorization[2..]);
        }

        headers.Set(SipHeaderId.CallId, state.CallId);
        headers.Set(SipHeaderId.CSeq, state.NextCSeq().ToString(CultureInfo.InvariantCulture) + " REGISTER");
        headers.Set(SipHeaderId.MaxForwards, 70);
        headers.Prepend(SipHeaderId.Path, _proxy.Routing.PathFor(client, upstream));
        if (!request.Supported.Contains("path", ignoreCase: true))
        {
            headers.Add(SipHeaderId.Supported, "path");
        }

        _proxy.Routing.PrependVia(request, upstream, SipIdentifiers.NewBranch());
        return request;
    }

    private async Task<SipResponse> SendAsync(SipRequest request, SipFlow upstream)
    {
        var transaction = _proxy.Layer.StartClientTransaction(request, new SipTransactionDestination(upstream.Transport, upstream.RemoteEndPoint, upstream));
        var response = await transaction.Completion.ConfigureAwait(false);
        if (transaction.IsFinalResponseLocal && response.StatusCode is 408 or 503)
        {
            _proxy.Metrics?.UpstreamFailed(response.StatusCode);
        }

        return response;
    }

    /// <summary>A digest answer to the core's first Digest challenge ("W:" or "P:" + the value), or null when it cannot be answered.</summary>
    private static string? Authorize(SipResponse challenge, SipUpstreamAccount account, string uri)
    {
        var proxy = challenge.StatusCode == 407;
        var values = proxy ? challenge.ProxyAuthenticate : challenge.WwwAuthenticate;
        foreach (var value in values)
        {
            if (!value.IsDigest)
            {
                continue;
            }

            var parameters = value.Parameters;
            var realm = parameters.GetValue("realm"u8).Unquote().ToString();
            var nonce = parameters.GetValue("nonce"u8).Unquote().ToString();
            var opaque = parameters.GetValue("opaque"u8).Unquote().ToString();
            var algorithmName = parameters.GetValue("algorithm"u8).Unquote();
            var algorithm = SipDigestAlgorithm.Md5;
            if (!algorithmName.IsEmpty && !SipDigest.TryParse(algorithmName.Span, out algorithm))
            {
                continue;
            }

            if (SipDigest.IsSession(algorithm))
            {
                continue;
            }

            var qops = parameters.GetValue("qop"u8).Unquote().ToString();
            var qop = qops.Split(',', StringSplitOptions.TrimEntries).Contains("auth", StringComparer.OrdinalIgnoreCase) ? "auth" : string.Empty;
            const string nc = "00000001";
            var cnonce = SipIdentifiers.NewTag();
            Span<byte> ha1 = stackalloc byte[SipDigest.MaxHexLength];
            var ha1Length = SipDigest.Ha1(algorithm, Encoding.UTF8.GetBytes(account.Username), Encoding.UTF8.GetBytes(realm), account.Password, ha1);
            Span<byte> response = stackalloc byte[SipDigest.MaxHexLength];
            var length = SipDigest.Response(algorithm, ha1[..ha1Length], Encoding.UTF8.GetBytes(nonce), Encoding.ASCII.GetBytes(nc),
                Encoding.ASCII.GetBytes(cnonce), Encoding.ASCII.GetBytes(qop), "REGISTER"u8, Encoding.UTF8.GetBytes(uri), response);
            var builder = new StringBuilder(256).Append("Digest username=\"").Append(account.Username)
                .Append("\", realm=\"").Append(realm).Append("\", nonce=\"").Append(nonce).Append("\", uri=\"").Append(uri)
                .Append("\", response=\"").Append(Encoding.ASCII.GetString(response[..length])).Append("\", algorithm=").Append(SipDigest.Name(algorithm));
            if (qop.Length > 0)
            {
                builder.Append(", qop=auth, nc=").Append(nc).Append(", cnonce=\"").Append(cnonce).Append('"');
            }

            if (opaque.Length > 0)
            {
                builder.Append(", opaque=\"").Append(opaque).Append('"');
            }

            return (proxy ? "P:" : "W:") + builder;
        }

        return null;
    }

    private static string[] ServiceRouteValues(SipResponse response)
    {
        var list = new List<string>();
        foreach (var value in response.ServiceRoute)
        {
            list.Add(value.Raw.ToString());
        }

        return [.. list];
    }

    private static bool IsUnregister(SipRequest register)
    {
        var any = false;
        foreach (var contact in register.Contact)
        {
            any = true;
            var expires = contact.IsWildcard ? register.Expires : contact.Expires ?? register.Expires;
            if (expires != 0)
            {
                return false;
            }
        }

        return any;
    }

    private void Watch(SipFlow flow)
    {
        if (!_watched.TryAdd(flow.Id, flow))
        {
            return;
        }

        flow.Closed.Register(static state =>
        {
            var (self, closed) = ((SipRegistrationRelay, SipFlow))state!;
            self._watched.TryRemove(new KeyValuePair<string, SipFlow>(closed.Id, closed));
            _ = self.OnFlowClosedAsync(closed);
        }, (this, flow));
    }

    /// <summary>
    /// A user's flow closed: its local bindings go (<see cref="SipRegistrar.OnFlowClosedAsync"/>), and each registration
    /// relayed over it is unregistered at the core (a REGISTER with the same contacts and expires 0), so the core stops
    /// routing to a user this edge can no longer reach.
    /// </summary>
    private async Task OnFlowClosedAsync(SipFlow closed)
    {
        try
        {
            await _registrar.OnFlowClosedAsync(closed.Id, CancellationToken.None).ConfigureAwait(false);
            foreach (var entry in _registrations)
            {
                if (entry.Value.FlowId == closed.Id && entry.Value.LastRegister is { } last && _registrations.TryRemove(entry))
                {
                    await UnregisterUpstreamAsync(entry.Value, last, closed).ConfigureAwait(false);
                }
            }
        }
#pragma warning disable CA1031 // Runs from a flow's close callback: a failure is logged, never thrown into the transport.
        catch (Exception e)
#pragma warning restore CA1031
        {
            LogFailed(_logger, e);
        }
    }

    private async Task UnregisterUpstreamAsync(RelayState state, SipRequest last, SipFlow closed)
    {
        var outbound = await _proxy.Connector.GetFlowAsync(_proxy.Upstream!.Value, CancellationToken.None).ConfigureAwait(false);
        if (!outbound.IsReady)
        {
            var status = SipProxy.StatusCode(outbound.Status);
            _proxy.Metrics?.UpstreamFailed(status);
            LogUnregistered(_logger, closed.Id, status);
            return;
        }

        var core = await SendAsync(Unregistration(BuildUpstream(last, closed, outbound.Flow!, state, null)), outbound.Flow!).ConfigureAwait(false);
        if (core.StatusCode is 401 or 407 && _options.Authentication == SipUpstreamAuthentication.StaticAccount
            && _options.Accounts.TryGetValue(state.Aor!["sip:".Length..], out var account)
            && Authorize(core, account, last.RequestUri.ToString()) is { } authorization)
        {
            core = await SendAsync(Unregistration(BuildUpstream(last, closed, outbound.Flow!, state, authorization)), outbound.Flow!).ConfigureAwait(false);
        }

        LogUnregistered(_logger, closed.Id, core.StatusCode);
    }

    /// <summary>The REGISTER with every contact at expires 0 (not a wildcard: the user's other devices stay registered).</summary>
    private static SipRequest Unregistration(SipRequest request)
    {
        var contacts = new List<string>();
        foreach (var contact in request.Contact)
        {
            if (contact.IsWildcard)
            {
                continue;
            }

            var builder = new StringBuilder(128).Append('<').Append(contact.Uri.ToString()).Append('>');
            foreach (var parameter in contact.Parameters)
            {
                if (!string.Equals(parameter.Name.ToString(), "expires", StringComparison.OrdinalIgnoreCase))
                {
                    builder.Append(';').Append(parameter.ToString());
                }
            }

            contacts.Add(builder.Append(";expires=0").ToString());
        }

        request.Headers.Remove(SipHeaderId.Contact);
        foreach (var contact in contacts)
        {
            request.Headers.Add(SipHeaderId.Contact, contact);
        }

        request.Headers.Set(SipHeaderId.Expires, 0);
        return request;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "REGISTER for {Aor} relayed: core {CoreStatus}, user {Status}")]
    private static partial void LogRelayed(ILogger logger, string aor, int coreStatus, int status);

    [LoggerMessage(Level = LogLevel.Debug, Message = "REGISTER refused by the upstream registrar: {CoreStatus}, user gets {Status}")]
    private static partial void LogRefused(ILogger logger, int coreStatus, int status);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Flow {FlowId} closed: its registrations unregistered at the upstream registrar, which answered {CoreStatus}")]
    private static partial void LogUnregistered(ILogger logger, string flowId, int coreStatus);

    [LoggerMessage(Level = LogLevel.Error, Message = "Relaying a REGISTER failed")]
    private static partial void LogFailed(ILogger logger, Exception exception);

    private sealed class RelayState(string callId)
    {
        private uint _cseq;

        public string CallId { get; } = callId;

        public bool Accepted { get; set; }

        public DateTimeOffset LastUsed { get; set; }

        /// <summary>The flow the user agent registered over (a connection), and its last accepted REGISTER.</summary>
        public string? FlowId { get; set; }

        public string? Aor { get; set; }

        public SipRequest? LastRegister { get; set; }

        public uint NextCSeq() => Interlocked.Increment(ref _cseq);
    }
}
