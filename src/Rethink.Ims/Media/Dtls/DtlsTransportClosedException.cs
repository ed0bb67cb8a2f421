namespace Rethink.Ims.Media.Dtls;

/// <summary>
/// Thrown to BouncyCastle by <see cref="DtlsPacketTransport"/> when a receive finds the transport closed;
/// an <see cref="IOException"/>, so BouncyCastle aborts the handshake or read in progress. Never escapes
/// this namespace's public API.
/// </summary>
internal sealed class DtlsTransportClosedException : IOException
{
    public DtlsTransportClosedException()
        : base("The DTLS transport is closed.")
    {
    }
}
