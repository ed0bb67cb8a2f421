using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace Rethink.Ims.Media.Sdp;

/// <summary>
/// An ICE candidate, <c>a=candidate:</c> (RFC 8839 §5.1):
/// <c>foundation component transport priority address port typ type [raddr a] [rport p] *(name value)</c>,
/// for example <c>1467250027 1 udp 2122260223 192.168.0.196 46243 typ host generation 0</c>.
/// The address may be an IPv4 or IPv6 literal or a name; browsers hide host addresses behind
/// mDNS names (<c>&lt;uuid&gt;.local</c>, see <see cref="IsMdns"/>) that a server cannot resolve.
/// </summary>
public sealed record IceCandidate
{
    private readonly ImmutableArray<KeyValuePair<string, string>> extensions = [];

    /// <summary>Creates a candidate without related address or extensions.</summary>
    public IceCandidate(string foundation, int component, string transport, uint priority, string address, int port, string type)
    {
        Foundation = foundation;
        Component = component;
        Transport = transport;
        Priority = priority;
        Address = address;
        Port = port;
        Type = type;
    }

    /// <summary>1 to 32 ice-chars (letters, digits, <c>+</c>, <c>/</c>) identifying candidates with the same base and server.</summary>
    public string Foundation { get; init; }

    /// <summary>Component id: 1 RTP, 2 RTCP.</summary>
    public int Component { get; init; }

    /// <summary>Transport as written (<c>udp</c>, <c>UDP</c>, <c>tcp</c>); compare case-insensitively.</summary>
    public string Transport { get; init; }

    /// <summary>Priority (RFC 8445 §5.1.2).</summary>
    public uint Priority { get; init; }

    /// <summary>The connection address: IPv4, IPv6 or a name such as an mDNS <c>.local</c> name.</summary>
    public string Address { get; init; }

    /// <summary>The port (0..65535; TCP active candidates use 9).</summary>
    public int Port { get; init; }

    /// <summary>Candidate type: <c>host</c>, <c>srflx</c>, <c>prflx</c>, <c>relay</c> or an extension token.</summary>
    public string Type { get; init; }

    /// <summary>The <c>raddr</c> value, or null.</summary>
    public string? RelatedAddress { get; init; }

    /// <summary>The <c>rport</c> value, or null.</summary>
    public int? RelatedPort { get; init; }

    /// <summary>Extension name/value pairs in order (<c>generation</c>, <c>network-id</c>, <c>tcptype</c>, <c>ufrag</c>, ...).</summary>
    public ImmutableArray<KeyValuePair<string, string>> Extensions
    {
        get => extensions;
        init => extensions = value.IsDefault ? [] : value;
    }

    /// <summary>Whether <see cref="Address"/> is an mDNS name (ends in <c>.local</c>), which a server cannot resolve.</summary>
    public bool IsMdns => Address.EndsWith(".local", StringComparison.OrdinalIgnoreCase) ||
                          Address.EndsWith(".local.", StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether the transport is UDP.</summary>
    public bool IsUdp => string.Equals(Transport, "udp", StringComparison.OrdinalIgnoreCase);

    /// <summary>The <c>tcptype</c> extension (RFC 6544: active, passive, so), or null.</summary>
    public string? TcpType => GetExtension("tcptype");

    /// <summary>The value of an extension attribute by name (case-sensitive), or null.</summary>
    public string? GetExtension(string name)
    {
        foreach (var pair in extensions)
        {
            if (string.Equals(pair.Key, name, StringComparison.Ordinal))
            {
                return pair.Value;
            }
        }

        return null;
    }

    /// <summary>
    /// The priority formula of RFC 8445 §5.1.2.1: <c>2^24 type + 2^8 local + (256 - component)</c>.
    /// Type preference 126 is host, 110 peer-reflexive, 100 server-reflexive, 0 relayed.
    /// </summary>
    public static uint ComputePriority(int typePreference, int localPreference, int component)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(typePreference);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(typePreference, 126);
        ArgumentOutOfRangeException.ThrowIfNegative(localPreference);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(localPreference, 65535);
        ArgumentOutOfRangeException.ThrowIfLessThan(component, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(component, 256);
        return ((uint)typePreference << 24) | ((uint)localPreference << 8) | (uint)(256 - component);
    }

    /// <summary>A UDP host candidate with the highest priority for its component (what an ICE-lite server offers).</summary>
    public static IceCandidate Host(string foundation, int component, string address, int port) =>
        new(foundation, component, "udp", ComputePriority(126, 65535, component), address, port, "host");

    /// <summary>
    /// Parses a candidate: the value after <c>a=candidate:</c>, also accepting the <c>candidate:</c> (JavaScript
    /// <c>RTCIceCandidate.candidate</c>) and <c>a=candidate:</c> forms. False (never an exception) when malformed.
    /// </summary>
    public static bool TryParse(string? value, [NotNullWhen(true)] out IceCandidate? candidate)
    {
        candidate = null;
        if (value is null || !SdpSyntax.IsText(value))
        {
            return false;
        }

        ReadOnlySpan<char> text = value;
        if (text.StartsWith("a="))
        {
            text = text[2..];
        }

        if (text.StartsWith("candidate:", StringComparison.OrdinalIgnoreCase))
        {
            text = text["candidate:".Length..];
        }

        var reader = new SdpWordReader(text);
        if (!reader.TryRead(out var foundation) || !IsFoundation(foundation) ||
            !reader.TryRead(out var componentText) || componentText.Length > 3 || !SdpSyntax.TryParseInt(componentText, out var component) ||
            !reader.TryRead(out var transport) || !SdpSyntax.IsToken(transport) ||
            !reader.TryRead(out var priorityText) || priorityText.Length > 10 || !SdpSyntax.TryParseUInt(priorityText, out var priority) ||
            !reader.TryRead(out var address) ||
            !reader.TryRead(out var portText) || !SdpSyntax.TryParseInt(portText, out var port) || port > 65535 ||
            !reader.TryRead(out var typ) || !typ.SequenceEqual("typ") ||
            !reader.TryRead(out var type) || !SdpSyntax.IsToken(type))
        {
            return false;
        }

        string? relatedAddress = null;
        int? relatedPort = null;
        var extensions = ImmutableArray.CreateBuilder<KeyValuePair<string, string>>();
        while (reader.TryRead(out var name))
        {
            if (!reader.TryRead(out var extValue) || !SdpSyntax.IsToken(name))
            {
                return false;
            }

            if (name.SequenceEqual("raddr") && relatedAddress is null && extensions.Count == 0)
            {
                relatedAddress = extValue.ToString();
            }
            else if (name.SequenceEqual("rport") && relatedPort is null && extensions.Count == 0)
            {
                if (!SdpSyntax.TryParseInt(extValue, out var rport) || rport > 65535)
                {
                    return false;
                }

                relatedPort = rport;
            }
            else
            {
                extensions.Add(new KeyValuePair<string, string>(name.ToString(), extValue.ToString()));
            }
        }

        candidate = new IceCandidate(foundation.ToString(), component, transport.ToString(), priority, address.ToString(), port, type.ToString())
        {
            RelatedAddress = relatedAddress,
            RelatedPort = relatedPort,
            Extensions = extensions.ToImmutable(),
        };
        return true;
    }

    /// <summary>The value after <c>a=candidate:</c>, in RFC 8839 order.</summary>
    public string FormatValue()
    {
        var builder = new StringBuilder(96);
        builder.Append(CultureInfo.InvariantCulture, $"{Foundation} {Component} {Transport} {Priority} {Address} {Port} typ {Type}");
        if (RelatedAddress is not null)
        {
            builder.Append(" raddr ").Append(RelatedAddress);
        }

        if (RelatedPort is { } rport)
        {
            builder.Append(" rport ").Append(rport.ToString(CultureInfo.InvariantCulture));
        }

        foreach (var pair in extensions)
        {
            builder.Append(' ').Append(pair.Key).Append(' ').Append(pair.Value);
        }

        return builder.ToString();
    }

    /// <summary>The attribute line.</summary>
    public SdpAttributeLine ToAttribute() => new(SdpAttributeNames.Candidate, FormatValue());

    /// <summary>The line as <c>a=candidate:...</c>.</summary>
    public override string ToString() => "a=candidate:" + FormatValue();

    /// <inheritdoc />
    public bool Equals(IceCandidate? other) =>
        other is not null && Foundation == other.Foundation && Component == other.Component && Transport == other.Transport &&
        Priority == other.Priority && Address == other.Address && Port == other.Port && Type == other.Type &&
        RelatedAddress == other.RelatedAddress && RelatedPort == other.RelatedPort && extensions.SequenceEqual(other.extensions);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Foundation, Component, Address, Port, Type);

    private static bool IsFoundation(ReadOnlySpan<char> value)
    {
        if (value.IsEmpty || value.Length > 32)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '+' || c == '/'))
            {
                return false;
            }
        }

        return true;
    }
}
