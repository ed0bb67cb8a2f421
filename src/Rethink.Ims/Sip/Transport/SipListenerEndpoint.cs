using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using Rethink.Ims.Sip.Messages;

namespace Rethink.Ims.Sip.Transport;

/// <summary>
/// A listener named by a URI: <c>udp://127.0.0.1:5060</c>, <c>tcp://…</c>, <c>tls://…</c>, <c>ws://…</c> or
/// <c>wss://…</c>, with an IP address (IPv6 in brackets) and a port (0 picks a free one).
/// </summary>
public sealed record SipListenerEndpoint
{
    /// <summary>Creates an endpoint for <paramref name="transport"/> on <paramref name="endPoint"/>.</summary>
    public SipListenerEndpoint(SipTransportKind transport, IPEndPoint endPoint)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        if (transport is not (SipTransportKind.Udp or SipTransportKind.Tcp or SipTransportKind.Tls or SipTransportKind.Ws or SipTransportKind.Wss))
        {
            throw new ArgumentOutOfRangeException(nameof(transport), transport, "Listeners are UDP, TCP, TLS, WS or WSS.");
        }

        Transport = transport;
        EndPoint = endPoint;
    }

    /// <summary>The transport.</summary>
    public SipTransportKind Transport { get; }

    /// <summary>The local address and port.</summary>
    public IPEndPoint EndPoint { get; }

    /// <summary>True for TLS and WSS, which need a certificate.</summary>
    public bool IsSecure => Transport is SipTransportKind.Tls or SipTransportKind.Wss;

    /// <summary>True for WS and WSS.</summary>
    public bool IsWebSocket => Transport is SipTransportKind.Ws or SipTransportKind.Wss;

    /// <summary>The URI scheme: udp, tcp, tls, ws or wss.</summary>
    public string Scheme => SchemeOf(Transport);

    /// <summary>The listener as a URI, e.g. <c>udp://127.0.0.1:5060</c>.</summary>
    public override string ToString() => $"{Scheme}://{EndPoint}";

    /// <summary>
    /// Parses a listener URI. Returns false with <paramref name="error"/> saying what is wrong (no exception).
    /// </summary>
    public static bool TryParse(string? value, [NotNullWhen(true)] out SipListenerEndpoint? endpoint, [NotNullWhen(false)] out string? error)
    {
        endpoint = null;
        if (string.IsNullOrWhiteSpace(value))
        {
            error = "is empty; expected e.g. udp://127.0.0.1:5060";
            return false;
        }

        var separator = value.IndexOf("://", StringComparison.Ordinal);
        if (separator <= 0)
        {
            error = $"'{value}' has no scheme; expected udp://, tcp://, tls://, ws:// or wss://";
            return false;
        }

        SipTransportKind? transport = value[..separator].ToUpperInvariant() switch
        {
            "UDP" => SipTransportKind.Udp,
            "TCP" => SipTransportKind.Tcp,
            "TLS" => SipTransportKind.Tls,
            "WS" => SipTransportKind.Ws,
            "WSS" => SipTransportKind.Wss,
            _ => null,
        };
        if (transport is null)
        {
            error = $"'{value}' has an unknown scheme '{value[..separator]}'; expected udp, tcp, tls, ws or wss";
            return false;
        }

        var authority = value[(separator + 3)..];
        if (authority.EndsWith('/'))
        {
            authority = authority[..^1];
        }

        var colon = authority.LastIndexOf(':');
        var bracketEnd = authority.LastIndexOf(']');
        if (colon < 0 || colon < bracketEnd)
        {
            error = $"'{value}' has no port; expected e.g. {value[..separator]}://127.0.0.1:5060";
            return false;
        }

        var host = authority[..colon];
        if (host.StartsWith('[') && host.EndsWith(']'))
        {
            host = host[1..^1];
        }

        if (!IPAddress.TryParse(host, out var address) || host.Length == 0)
        {
            error = $"'{value}' must name an IP address (not a host name), e.g. 127.0.0.1, 0.0.0.0 or [::1]";
            return false;
        }

        if (!int.TryParse(authority[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > IPEndPoint.MaxPort)
        {
            error = $"'{value}' has an invalid port; expected 0-65535";
            return false;
        }

        endpoint = new SipListenerEndpoint(transport.Value, new IPEndPoint(address, port));
        error = null;
        return true;
    }

    /// <summary>The URI scheme of a listener transport.</summary>
    public static string SchemeOf(SipTransportKind transport) => transport switch
    {
        SipTransportKind.Udp => "udp",
        SipTransportKind.Tcp => "tcp",
        SipTransportKind.Tls => "tls",
        SipTransportKind.Ws => "ws",
        SipTransportKind.Wss => "wss",
        _ => transport.ToString().ToUpperInvariant(),
    };
}
