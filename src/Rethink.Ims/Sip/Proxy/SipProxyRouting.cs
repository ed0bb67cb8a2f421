using System.Buffers;
using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Rethink.Ims.Credentials;
using Rethink.Ims.Sip.Messages;
using Rethink.Ims.Sip.Pipeline;
using Rethink.Ims.Sip.Transport;

namespace Rethink.Ims.Sip.Proxy;

/// <summary>
/// The proxy's own addresses and what it writes into requests: Record-Route URIs (with a flow token when the side they
/// face is a connection, RFC 5626 §5.3 style), Via values with a loop-detection hash in the branch (RFC 3261 §16.6 step 8),
/// and recognising its own URIs in Route and Via.
/// </summary>
internal sealed class SipProxyRouting
{
    private const string TokenPrefix = "ft-";

    /// <summary>The random part of a branch: as many base-36 characters as <see cref="SipIdentifiers.NewBranch"/> gives.</summary>
    private const int RandomBranchLength = 22;
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);

    // The loop hash is a MAC under a key of this process (managed HMAC-SHA1, no call into OpenSSL per request): only this
    // proxy compares it with its own earlier branches, and no one outside can make two requests collide on purpose.
    private static readonly HmacSha1Key LoopHashKey = new(RandomNumberGenerator.GetBytes(32));
    private readonly SipOutboundConnector _connector;
    private readonly SipLocalDomains _domains;
    private readonly ConcurrentDictionary<(bool RecordRoute, SipTransportKind Transport, IPEndPoint Local), string> _cached = new();
    private IReadOnlyList<SipListenerEndpoint>? _cachedListeners;

    public SipProxyRouting(SipOutboundConnector connector, SipLocalDomains domains)
    {
        _connector = connector;
        _domains = domains;
    }

    public static SipMediaProfile ProfileOf(SipTransportKind transport) =>
        transport is SipTransportKind.Ws or SipTransportKind.Wss ? SipMediaProfile.WebRtc : SipMediaProfile.Plain;

    /// <summary>The host:port this proxy names for <paramref name="flow"/>'s transport (its listener, else the flow's local end).</summary>
    public IPEndPoint SentBy(SipFlow flow)
    {
        var listener = _connector.ListenerFor(flow.Transport);
        if (listener is null && flow.Transport == SipTransportKind.Tls)
        {
            listener = _connector.ListenerFor(SipTransportKind.Tcp);
        }

        var endpoint = listener?.EndPoint ?? flow.LocalEndPoint;
        return endpoint.Address.Equals(IPAddress.Any) || endpoint.Address.Equals(IPAddress.IPv6Any)
            ? new IPEndPoint(flow.LocalEndPoint.Address, endpoint.Port)
            : endpoint;
    }

    /// <summary>A Record-Route value facing <paramref name="flow"/>: its transport, and a flow token when it is a connection.</summary>
    public string RecordRouteFor(SipFlow flow) =>
        flow.IsReliable ? MakeRecordRoute(flow) : Cached(flow, recordRoute: true);

    /// <summary>
    /// What a UDP flow gives is the same for every request through the same local end point: kept per transport, local end
    /// point and listener set (a few entries), instead of formatting addresses on every request.
    /// </summary>
    private string Cached(SipFlow flow, bool recordRoute)
    {
        var listeners = _connector.Listeners;
        if (!ReferenceEquals(listeners, Volatile.Read(ref _cachedListeners)))
        {
            _cached.Clear();
            Volatile.Write(ref _cachedListeners, listeners);
        }

        var key = (recordRoute, flow.Transport, flow.LocalEndPoint);
        if (_cached.TryGetValue(key, out var value))
        {
            return value;
        }

        value = recordRoute ? MakeRecordRoute(flow) : MakeViaPrefix(flow);
        if (_cached.Count < 64)
        {
            _cached.TryAdd(key, value);
        }

        return value;
    }

    private string MakeRecordRoute(SipFlow flow)
    {
        var sentBy = SentBy(flow);
        var builder = new StringBuilder(96).Append("<sip:");
        if (flow.IsReliable)
        {
            builder.Append(Token(flow.Id)).Append('@');
        }

        AppendHostPort(builder, sentBy);
        if (flow.Transport != SipTransportKind.Udp)
        {
            builder.Append(";transport=").Append(SipListenerEndpoint.SchemeOf(flow.Transport == SipTransportKind.Tls ? SipTransportKind.Tcp : flow.Transport));
        }

        return builder.Append(";lr>").ToString();
    }

    /// <summary>
    /// A Path value (RFC 3327) for a registration relayed over <paramref name="upstream"/>: this proxy's address on the side
    /// facing the core, with the flow token of <paramref name="client"/> when the user is behind a connection, so the core's
    /// terminating requests come back here and go down the user's own connection.
    /// </summary>
    public string PathFor(SipFlow client, SipFlow upstream)
    {
        var builder = new StringBuilder(96).Append("<sip:");
        if (client.IsReliable)
        {
            builder.Append(Token(client.Id)).Append('@');
        }

        AppendHostPort(builder, SentBy(upstream));
        if (upstream.Transport != SipTransportKind.Udp)
        {
            builder.Append(";transport=").Append(SipListenerEndpoint.SchemeOf(upstream.Transport == SipTransportKind.Tls ? SipTransportKind.Tcp : upstream.Transport));
        }

        return builder.Append(";lr>").ToString();
    }

    /// <summary>Puts a Via value for a request sent over <paramref name="flow"/> with <paramref name="branch"/> on top of
    /// <paramref name="message"/>'s.</summary>
    public void PrependVia(SipMessage message, SipFlow flow, string branch) =>
        Prepend(message, SipHeaderId.Via, flow.IsReliable ? MakeViaPrefix(flow) : Cached(flow, recordRoute: false), branch, ";rport");

    /// <summary>
    /// Puts the value <paramref name="a"/> + <paramref name="b"/> + <paramref name="c"/> on top of <paramref name="message"/>'s
    /// <paramref name="id"/> headers, encoded on the stack: no string or byte array per value (what a proxy adds to every
    /// request it forwards is made of cached text and a branch).
    /// </summary>
    public static void Prepend(SipMessage message, SipHeaderId id, ReadOnlySpan<char> a, ReadOnlySpan<char> b = default, ReadOnlySpan<char> c = default)
    {
        var length = Encoding.UTF8.GetMaxByteCount(a.Length + b.Length + c.Length);
        byte[]? rented = null;
        var bytes = length <= 512 ? stackalloc byte[length] : (rented = ArrayPool<byte>.Shared.Rent(length));
        try
        {
            var written = Encoding.UTF8.GetBytes(a, bytes);
            written += Encoding.UTF8.GetBytes(b, bytes[written..]);
            written += Encoding.UTF8.GetBytes(c, bytes[written..]);
            message.Headers.Prepend(id, bytes[..written]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>The Via value up to the branch's value: <c>SIP/2.0/UDP host:port;branch=</c>.</summary>
    private string MakeViaPrefix(SipFlow flow)
    {
        var builder = new StringBuilder(96).Append("SIP/2.0/").Append(SipListenerEndpoint.SchemeOf(flow.Transport).ToUpperInvariant()).Append(' ');
        AppendHostPort(builder, SentBy(flow));
        return builder.Append(";branch=").ToString();
    }

    /// <summary>A fresh branch carrying the request's loop hash: <c>z9hG4bK</c> + hash + <c>.</c> + random.</summary>
    public static string NewBranch(string loopHash) =>
        string.Create(SipIdentifiers.MagicCookie.Length + loopHash.Length + 1 + RandomBranchLength, loopHash, static (chars, hash) =>
        {
            SipIdentifiers.MagicCookie.CopyTo(chars);
            hash.CopyTo(chars[SipIdentifiers.MagicCookie.Length..]);
            chars[SipIdentifiers.MagicCookie.Length + hash.Length] = '.';
            SipIdentifiers.FillRandom(chars[^RandomBranchLength..]);
        });

    /// <summary>
    /// RFC 3261 §16.6 step 8 / §16.3 step 4: a hash of what a loop leaves unchanged and a spiral changes (Request-URI, From
    /// tag, To tag, Call-ID, CSeq number, Proxy-Require, Proxy-Authorization), 10 hex digits. The Route values as received
    /// are in it too: a request that comes back from the core with the same Request-URI but routed along a Path or
    /// Service-Route is a spiral (originating, then terminating), not a loop.
    /// </summary>
    public static string LoopHash(SipRequest request)
    {
        // The fields' bytes, newline-separated, hashed in one pooled buffer (no per-field strings on every request).
        Span<byte> number = stackalloc byte[10];
        request.CSeq.Number.TryFormat(number, out var numberLength, default, CultureInfo.InvariantCulture);
        var requestUri = request.RequestUri.Raw.Span;
        var fromTag = request.From.Tag.Span;
        var toTag = request.To.Tag.Span;
        var callId = request.CallId.Span;
        var proxyRequire = request.Headers.GetValue(SipHeaderId.ProxyRequire).Span;
        var proxyAuthorization = request.Headers.GetValue(SipHeaderId.ProxyAuthorization).Span;
        var length = requestUri.Length + fromTag.Length + toTag.Length + callId.Length + numberLength + proxyRequire.Length
            + proxyAuthorization.Length + 6;
        foreach (var route in request.Route)
        {
            length += 1 + route.Raw.Span.Length;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var written = 0;
            Append(buffer, ref written, requestUri, newline: false);
            Append(buffer, ref written, fromTag, newline: true);
            Append(buffer, ref written, toTag, newline: true);
            Append(buffer, ref written, callId, newline: true);
            Append(buffer, ref written, number[..numberLength], newline: true);
            Append(buffer, ref written, proxyRequire, newline: true);
            Append(buffer, ref written, proxyAuthorization, newline: true);
            foreach (var route in request.Route)
            {
                Append(buffer, ref written, route.Raw.Span, newline: true);
            }

            Span<byte> hash = stackalloc byte[HmacSha1Key.MacSize];
            LoopHashKey.Compute(buffer.AsSpan(0, written), hash);
            return Convert.ToHexStringLower(hash[..5]);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        static void Append(byte[] buffer, ref int written, ReadOnlySpan<byte> field, bool newline)
        {
            if (newline)
            {
                buffer[written++] = (byte)'\n';
            }

            field.CopyTo(buffer.AsSpan(written));
            written += field.Length;
        }
    }

    /// <summary>True when a Via in <paramref name="request"/> was written by this proxy for a request with the same loop hash.</summary>
    public bool IsLoop(SipRequest request, string loopHash)
    {
        // z9hG4bK + hash + '.', compared as bytes: the branch is ASCII.
        Span<byte> prefix = stackalloc byte[SipIdentifiers.MagicCookie.Length + loopHash.Length + 1];
        var length = Encoding.ASCII.GetBytes(SipIdentifiers.MagicCookie, prefix);
        length += Encoding.ASCII.GetBytes(loopHash, prefix[length..]);
        prefix[length] = (byte)'.';
        foreach (var via in request.Via)
        {
            if (via.Branch.Span.StartsWith(prefix) && IsOwnHostPort(via.Host, via.Port, via.TransportKind))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when <paramref name="uri"/> names this proxy: one of its listeners' address and port, or a local domain without a user.</summary>
    public bool IsOwn(SipUri uri)
    {
        if (!uri.IsSip)
        {
            return false;
        }

        if (!uri.HasUser && uri.Port is null && _domains.IsLocalHost(uri.Host))
        {
            return true;
        }

        var transport = uri.Transport.IsEmpty ? (uri.Scheme == SipUriScheme.Sips ? SipTransportKind.Tls : SipTransportKind.Udp) : SipTransportKind.Other;
        return IsOwnHostPort(uri.Host, uri.Port, transport);
    }

    /// <summary>True when <paramref name="uri"/>'s host and port are one of this proxy's listeners (whatever the user part).</summary>
    public bool IsOwnAddress(SipUri uri) =>
        uri.IsSip && IsOwnHostPort(uri.Host, uri.Port, uri.Scheme == SipUriScheme.Sips ? SipTransportKind.Tls : SipTransportKind.Udp);

    /// <summary>True when a Request-URI's <c>maddr</c> names this proxy: a local domain, or the address of a listener on <paramref name="port"/>.</summary>
    public bool IsOwnMaddr(SipText maddr, int port) => _domains.IsLocalHost(maddr) || IsOwnHostPort(maddr, port, SipTransportKind.Other);

    /// <summary>The flow id a Route URI written by <see cref="RecordRouteFor"/> carries, when its token verifies.</summary>
    public string? FlowIdOf(SipUri uri)
    {
        var user = uri.User.ToString();
        if (!user.StartsWith(TokenPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        var tilde = user.LastIndexOf('~');
        if (tilde <= TokenPrefix.Length)
        {
            return null;
        }

        var id = user[TokenPrefix.Length..tilde];
        var expected = Mac(id);
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(user[(tilde + 1)..])) ? id : null;
    }

    private string Token(string flowId) => TokenPrefix + flowId + "~" + Mac(flowId);

    private string Mac(string flowId)
    {
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(flowId), mac);
        return Convert.ToHexStringLower(mac[..8]);
    }

    private bool IsOwnHostPort(SipText host, int? port, SipTransportKind transport)
    {
        var span = host.Span;
        if (span.Length > 2 && span[0] == (byte)'[' && span[^1] == (byte)']')
        {
            span = span[1..^1];
        }

        if (!IPAddress.TryParse(span, out var address))
        {
            return false;
        }

        // By index: a foreach over the interface would box an enumerator for every request.
        var listeners = _connector.Listeners;
        for (var i = 0; i < listeners.Count; i++)
        {
            var listener = listeners[i];
            var listenerPort = listener.EndPoint.Port;
            var defaultPort = listener.Transport is SipTransportKind.Tls or SipTransportKind.Wss ? 5061 : 5060;
            if ((port ?? (transport == SipTransportKind.Tls ? 5061 : 5060)) != listenerPort && !(port is null && listenerPort == defaultPort))
            {
                continue;
            }

            var bound = listener.EndPoint.Address;
            if (bound.Equals(address) || bound.Equals(IPAddress.Any) || bound.Equals(IPAddress.IPv6Any))
            {
                return true;
            }
        }

        return false;
    }

    private static void AppendHostPort(StringBuilder builder, IPEndPoint endpoint)
    {
        if (endpoint.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6)
        {
            builder.Append('[').Append(endpoint.Address).Append(']');
        }
        else
        {
            builder.Append(endpoint.Address);
        }

        builder.Append(':').Append(endpoint.Port.ToString(CultureInfo.InvariantCulture));
    }
}
