using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Rethink.Ims.Sip.Messages;

namespace Rethink.Ims.Sip.Transport;

/// <summary>
/// Where a request is to go: a transport with a host (IP literal or DNS name) and port, or an existing connection
/// flow by id (a WebSocket client reached over the connection it registered on, RFC 5626).
/// </summary>
/// <param name="Transport">UDP, TCP, TLS, WS or WSS.</param>
/// <param name="Host">An IP address (IPv6 with or without brackets) or a host name resolved with A/AAAA.</param>
/// <param name="Port">The port; 0 means the transport's default (5060, 5061 for TLS).</param>
/// <param name="FlowId">The id of an open connection flow to send over instead of resolving <paramref name="Host"/>.</param>
public readonly record struct SipOutboundTarget(SipTransportKind Transport, string Host, int Port, string? FlowId = null)
{
    /// <summary>The port to use: <see cref="Port"/>, else 5061 for TLS/WSS and 5060 otherwise.</summary>
    public int EffectivePort => Port > 0 ? Port : Transport is SipTransportKind.Tls or SipTransportKind.Wss ? 5061 : 5060;

    /// <summary>A target over an existing flow.</summary>
    public static SipOutboundTarget OverFlow(SipFlow flow)
    {
        ArgumentNullException.ThrowIfNull(flow);
        return new SipOutboundTarget(flow.Transport, flow.RemoteEndPoint.Address.ToString(), flow.RemoteEndPoint.Port, flow.Id);
    }

    /// <summary>
    /// The target of a SIP URI (a Request-URI, a Route or a Contact): its host and port, the transport from its
    /// <c>transport</c> parameter (UDP when absent, TLS for sips). No NAPTR/SRV (RFC 3263 §4.1-4.2): see docs/sip-proxy.md.
    /// </summary>
    public static bool TryFromUri(SipUri uri, out SipOutboundTarget target)
    {
        target = default;
        if (!uri.IsSip || uri.Host.IsEmpty)
        {
            return false;
        }

        var transport = uri.Scheme == SipUriScheme.Sips ? SipTransportKind.Tls : SipTransportKind.Udp;
        var parameter = uri.Transport;
        if (!parameter.IsEmpty)
        {
            if (!TryParseTransport(parameter.ToString(), out var named))
            {
                return false;
            }

            transport = uri.Scheme == SipUriScheme.Sips && named == SipTransportKind.Tcp ? SipTransportKind.Tls
                : uri.Scheme == SipUriScheme.Sips && named == SipTransportKind.Ws ? SipTransportKind.Wss : named;
        }

        target = new SipOutboundTarget(transport, uri.Host.ToString(), uri.Port ?? 0);
        return true;
    }

    /// <summary>
    /// Parses <c>udp://host:port</c>, <c>tcp://…</c>, <c>tls://…</c> (host may be a name; port defaults per transport) or a SIP URI
    /// such as <c>sip:core.example.net:5060;transport=tcp</c>. Returns false with <paramref name="error"/> saying why.
    /// </summary>
    public static bool TryParse(string? value, out SipOutboundTarget target, [NotNullWhen(false)] out string? error)
    {
        target = default;
        if (string.IsNullOrWhiteSpace(value))
        {
            error = "is empty; expected e.g. udp://core.example.net:5060 or sip:core.example.net;transport=tcp";
            return false;
        }

        if (value.StartsWith("sip:", StringComparison.OrdinalIgnoreCase) || value.StartsWith("sips:", StringComparison.OrdinalIgnoreCase))
        {
            if (SipUri.TryParse(value, out var uri) && TryFromUri(uri, out target))
            {
                error = null;
                return true;
            }

            error = $"'{value}' is not a SIP URI with a host and a known transport";
            return false;
        }

        var separator = value.IndexOf("://", StringComparison.Ordinal);
        if (separator <= 0 || !TryParseTransport(value[..separator], out var transport)
            || transport is SipTransportKind.Ws or SipTransportKind.Wss)
        {
            error = $"'{value}' must start with udp://, tcp://, tls:// or sip:";
            return false;
        }

        var rest = value[(separator + 3)..].TrimEnd('/');
        string host;
        var port = 0;
        if (rest.StartsWith('['))
        {
            var close = rest.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                error = $"'{value}' has an unclosed IPv6 bracket";
                return false;
            }

            host = rest[1..close];
            rest = rest[(close + 1)..];
            if (rest.StartsWith(':') && !int.TryParse(rest[1..], NumberStyles.None, CultureInfo.InvariantCulture, out port))
            {
                error = $"'{value}' has an invalid port";
                return false;
            }
        }
        else
        {
            var colon = rest.LastIndexOf(':');
            host = colon < 0 ? rest : rest[..colon];
            if (colon >= 0 && !int.TryParse(rest[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out port))
            {
                error = $"'{value}' has an invalid port";
                return false;
            }
        }

        if (host.Length == 0 || port is < 0 or > 65535)
        {
            error = $"'{value}' needs a host and a port between 1 and 65535";
            return false;
        }

        target = new SipOutboundTarget(transport, host, port);
        error = null;
        return true;
    }

    /// <inheritdoc />
    public override string ToString() => FlowId is not null
        ? $"flow {FlowId}"
        : $"{SipListenerEndpoint.SchemeOf(Transport)}://{(Host.Contains(':', StringComparison.Ordinal) ? "[" + Host + "]" : Host)}:{EffectivePort}";

    private static bool TryParseTransport(string name, out SipTransportKind transport)
    {
        transport = name.ToUpperInvariant() switch
        {
            "UDP" => SipTransportKind.Udp,
            "TCP" => SipTransportKind.Tcp,
            "TLS" => SipTransportKind.Tls,
            "WS" => SipTransportKind.Ws,
            "WSS" => SipTransportKind.Wss,
            _ => SipTransportKind.Other,
        };
        return transport != SipTransportKind.Other;
    }
}
