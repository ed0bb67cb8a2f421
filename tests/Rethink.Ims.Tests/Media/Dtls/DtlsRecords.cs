namespace Rethink.Ims.Tests.Media.Dtls;

/// <summary>Reads DTLS record and handshake headers out of captured datagrams, for assertions.</summary>
internal static class DtlsRecords
{
    public const byte ChangeCipherSpec = 20;
    public const byte Alert = 21;
    public const byte Handshake = 22;

    /// <summary>The records of a datagram: content type, epoch and fragment.</summary>
    public static IEnumerable<(byte ContentType, int Epoch, byte[] Fragment)> Parse(byte[] datagram)
    {
        var offset = 0;
        while (offset + 13 <= datagram.Length)
        {
            var length = (datagram[offset + 11] << 8) | datagram[offset + 12];
            if (offset + 13 + length > datagram.Length)
            {
                yield break;
            }

            yield return (datagram[offset], (datagram[offset + 3] << 8) | datagram[offset + 4], datagram[(offset + 13)..(offset + 13 + length)]);
            offset += 13 + length;
        }
    }

    /// <summary>Epoch-0 handshake fragments: message type, whole message length, fragment offset and fragment length.</summary>
    public static IEnumerable<(byte Type, int Length, int Offset, int FragmentLength)> HandshakeFragments(byte[] datagram) =>
        Parse(datagram)
            .Where(r => r.ContentType == Handshake && r.Epoch == 0 && r.Fragment.Length >= 12)
            .Select(r => (r.Fragment[0], Uint24(r.Fragment, 1), Uint24(r.Fragment, 6), Uint24(r.Fragment, 9)));

    public static bool StartsFlightWith(byte[] datagram, byte handshakeType) =>
        HandshakeFragments(datagram).Any(f => f.Type == handshakeType);

    private static int Uint24(byte[] b, int i) => (b[i] << 16) | (b[i + 1] << 8) | b[i + 2];
}
