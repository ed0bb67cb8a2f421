using System.Buffers;
using System.Globalization;
using System.Net;
using System.Text;
using Rethink.Ims.Sip.Messages;

namespace Rethink.Ims.Sip.Transport;

/// <summary>
/// The Via rules of the server transport: stamping <c>received</c> and <c>rport</c> on a request's top Via
/// (RFC 3261 §18.2.1, RFC 3581 §4) and choosing where a response goes over an unreliable transport
/// (RFC 3261 §18.2.2, RFC 3581 §4).
/// </summary>
public static class SipViaRules
{
    /// <summary>
    /// Stamps the top Via of <paramref name="request"/> for a request that arrived from <paramref name="source"/>:
    /// <c>received</c> is added when the sent-by host is not the source address, or when <c>rport</c> is present
    /// (RFC 3581 says always then); an empty <c>rport</c> gets the source port. Returns true when the Via changed.
    /// </summary>
    public static bool Stamp(SipRequest request, IPEndPoint source)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(source);
        if (!request.Via.TryGetFirst(out var top))
        {
            return false;
        }

        // Written as bytes on the stack and copied once into the message: every request over UDP with rport (most
        // clients) is stamped, and a string on the way cost three arrays per request.
        var bound = MaxStampedLength(top);
        byte[]? rented = null;
        var buffer = bound <= 512 ? stackalloc byte[512] : (rented = ArrayPool<byte>.Shared.Rent(bound));
        try
        {
            var length = WriteStamped(top, source, buffer);
            if (length < 0)
            {
                return false;
            }

            request.Headers.RemoveFirstValue(SipHeaderId.Via);
            request.Headers.Prepend(SipHeaderId.Via, buffer[..length]);
            return true;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>
    /// The top Via value as it should read after stamping for <paramref name="source"/>, or null when it needs
    /// no change. An existing <c>received</c> is replaced; parameters otherwise keep their order.
    /// </summary>
    public static string? StampedValue(SipVia via, IPEndPoint source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var buffer = new byte[MaxStampedLength(via)];
        var length = WriteStamped(via, source, buffer);
        return length < 0 ? null : Encoding.UTF8.GetString(buffer, 0, length);
    }

    // The longest address text: an IPv4-mapped IPv6 address (45 characters) with a scope id (%4294967295).
    private const int MaxAddressLength = 64;

    // The stamped value is the Via as written less whitespace and its old received, plus a port for an empty rport and
    // a received of at most MaxAddressLength.
    private static int MaxStampedLength(SipVia via) => via.Raw.Length + ";rport=65535;received=".Length + MaxAddressLength;

    /// <summary>Writes the stamped top Via into <paramref name="destination"/> (at least <see cref="MaxStampedLength"/>
    /// bytes) and returns its length, or -1 when the Via needs no change.</summary>
    private static int WriteStamped(SipVia via, IPEndPoint source, Span<byte> destination)
    {
        var sourceAddress = Normalize(source.Address);
        var hostMatches = IsHost(via.Host, sourceAddress);
        var emptyRport = via.HasRport && via.Parameters.TryGetValue("rport"u8, out var rport) && rport.IsEmpty;
        var needsReceived = !hostMatches || via.HasRport;
        if (!needsReceived && via.Received.IsEmpty && !emptyRport)
        {
            return -1;
        }

        Span<byte> received = stackalloc byte[MaxAddressLength];
        if (!sourceAddress.TryFormat(received, out var receivedLength))
        {
            // Cannot happen (see MaxAddressLength); on a receive thread, leaving the Via as it is beats throwing.
            return -1;
        }

        received = received[..receivedLength];
        if (needsReceived && via.Received.EqualsIgnoreCase(received) && !emptyRport)
        {
            return -1;
        }

        var writer = new ByteWriter(destination);
        writer.Write(via.ProtocolName.Span);
        writer.Write((byte)'/');
        writer.Write(via.ProtocolVersion.Span);
        writer.Write((byte)'/');
        writer.Write(via.Transport.Span);
        writer.Write((byte)' ');
        writer.Write(via.SentBy.Span);
        foreach (var parameter in via.Parameters)
        {
            if (parameter.Name.EqualsIgnoreCase("received"u8))
            {
                continue;
            }

            writer.Write((byte)';');
            writer.Write(parameter.Name.Span);
            if (parameter.Name.EqualsIgnoreCase("rport"u8) && !parameter.HasValue)
            {
                writer.Write((byte)'=');
                writer.Write(source.Port);
            }
            else if (parameter.HasValue)
            {
                writer.Write((byte)'=');
                writer.Write(parameter.Value.Span);
            }
        }

        if (needsReceived)
        {
            writer.Write(";received="u8);
            writer.Write(received);
        }

        return writer.Length;
    }

    private ref struct ByteWriter(Span<byte> destination)
    {
        private readonly Span<byte> _destination = destination;

        public int Length { get; private set; }

        public void Write(byte b) => _destination[Length++] = b;

        public void Write(scoped ReadOnlySpan<byte> bytes)
        {
            bytes.CopyTo(_destination[Length..]);
            Length += bytes.Length;
        }

        public void Write(int number)
        {
            number.TryFormat(_destination[Length..], out var written, provider: CultureInfo.InvariantCulture);
            Length += written;
        }
    }

    /// <summary>
    /// Where a response with top Via <paramref name="via"/> goes over an unreliable transport (RFC 3261 §18.2.2
    /// with RFC 3581): to <c>received</c> (else the sent-by address) at the <c>rport</c> port when it has one,
    /// else the sent-by port, else 5060. Null when the host is a name (no DNS here: the caller falls back to the
    /// source of the request).
    /// </summary>
    public static IPEndPoint? ResponseDestination(SipVia via)
    {
        IPAddress? address = null;
        if (!via.Received.IsEmpty && IPAddress.TryParse(via.Received.Span, out var received))
        {
            address = received;
        }
        else if (TryParseHost(via.Host, out var host))
        {
            address = host;
        }

        if (address is null)
        {
            return null;
        }

        var port = via.Rport ?? via.Port ?? 5060;
        return new IPEndPoint(address, port);
    }

    /// <summary>
    /// True when <see cref="ResponseDestination"/> of <paramref name="via"/> is <paramref name="endPoint"/>, known without
    /// parsing or allocating: an IPv4 <c>received</c> (or, without one, host) that reads as the address, and the port. False
    /// means "not known to be": the caller then resolves the destination.
    /// </summary>
    internal static bool IsResponseDestination(SipVia via, IPEndPoint endPoint)
    {
        var port = via.Rport ?? via.Port ?? 5060;
        return port == endPoint.Port && ReadsAsIPv4(via.Received.IsEmpty ? via.Host.Span : via.Received.Span, endPoint.Address);
    }

    /// <summary>True when the Via host names <paramref name="address"/>: compared as text first (the usual case, a client
    /// writing its own address, costs no parse), else parsed.</summary>
    private static bool IsHost(SipText host, IPAddress address) =>
        ReadsAsIPv4(host.Span, address) || (TryParseHost(host, out var parsed) && Normalize(parsed).Equals(address));

    /// <summary>True when <paramref name="text"/> is <paramref name="address"/>, an IPv4 address, in dotted-decimal form
    /// as it formats (no leading zeros): the usual way a client writes its own address, recognised without parsing.</summary>
    private static bool ReadsAsIPv4(ReadOnlySpan<byte> text, IPAddress address)
    {
        Span<char> formatted = stackalloc char[16];
        return address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork
            && address.TryFormat(formatted, out var written)
            && System.Text.Ascii.Equals(text, formatted[..written]);
    }

    private static bool TryParseHost(SipText host, out IPAddress address)
    {
        var span = host.Span;
        if (span.Length > 2 && span[0] == (byte)'[' && span[^1] == (byte)']')
        {
            span = span[1..^1];
        }

        if (IPAddress.TryParse(span, out var parsed))
        {
            address = parsed;
            return true;
        }

        address = IPAddress.None;
        return false;
    }

    private static IPAddress Normalize(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
}
