using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Rethink.Ims.Media.Sdp;

/// <summary>
/// <c>a=rtcp:&lt;port&gt; [&lt;nettype&gt; &lt;addrtype&gt; &lt;address&gt;]</c> (RFC 3605): where RTCP goes when it is
/// not on RTP port + 1. WebRTC writes <c>a=rtcp:9 IN IP4 0.0.0.0</c> next to <c>a=rtcp-mux</c>.
/// </summary>
/// <param name="Port">The RTCP port.</param>
/// <param name="Connection">The RTCP address, or null to use the m-line's connection.</param>
public sealed record RtcpAddress(int Port, SdpConnection? Connection = null)
{
    /// <summary>Parses the value after <c>a=rtcp:</c>; false (never an exception) when it is malformed.</summary>
    public static bool TryParse(string? value, [NotNullWhen(true)] out RtcpAddress? rtcp)
    {
        rtcp = null;
        if (value is null)
        {
            return false;
        }

        var reader = new SdpWordReader(value);
        if (!reader.TryRead(out var portText) || !SdpSyntax.TryParseInt(portText, out var port) || port > 65535)
        {
            return false;
        }

        if (reader.AtEnd)
        {
            rtcp = new RtcpAddress(port);
            return true;
        }

        if (!reader.TryRead(out var netType) || !reader.TryRead(out var addrType) || !reader.TryRead(out var address) || !reader.AtEnd)
        {
            return false;
        }

        // Wire input never throws: fields a connection line cannot hold (NUL, ...) make the attribute unreadable.
        if (!SdpSyntax.IsWord(netType) || !SdpSyntax.IsWord(addrType) || !SdpSyntax.IsWord(address))
        {
            return false;
        }

        rtcp = new RtcpAddress(port, new SdpConnection(netType.ToString(), addrType.ToString(), address.ToString()));
        return true;
    }

    /// <summary>The value after <c>a=rtcp:</c>.</summary>
    public string FormatValue() => Connection is { } c
        ? string.Create(CultureInfo.InvariantCulture, $"{Port} {c.NetworkType} {c.AddressType} {c.Address}")
        : Port.ToString(CultureInfo.InvariantCulture);

    /// <summary>The attribute line.</summary>
    public SdpAttributeLine ToAttribute() => new(SdpAttributeNames.Rtcp, FormatValue());

    /// <summary>The line as <c>a=rtcp:...</c>.</summary>
    public override string ToString() => "a=rtcp:" + FormatValue();
}
