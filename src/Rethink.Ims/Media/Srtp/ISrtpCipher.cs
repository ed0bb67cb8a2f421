namespace Rethink.Ims.Media.Srtp;

/// <summary>
/// One protection profile's packet transform for one stream and one kind (RTP or RTCP keys). Holds
/// reusable crypto state (AES, HMAC, GCM instances and scratch buffers), so an instance is used by one
/// thread at a time: <see cref="SrtpContext"/> gives each stream its own and locks the stream.
/// Index bookkeeping (ROC, replay) is not its business; it only encrypts, decrypts and tags.
/// </summary>
internal interface ISrtpCipher : IDisposable
{
    /// <summary>SRTP tag length.</summary>
    int RtpTagLength { get; }

    /// <summary>SRTCP tag length.</summary>
    int RtcpTagLength { get; }

    /// <summary>Where the E-flag and SRTCP index word starts in a protected SRTCP packet of <paramref name="length"/> octets.</summary>
    int RtcpIndexOffset(int length);

    /// <summary>Encrypts <c>buffer[headerLength..length]</c> in place and writes the tag at <c>buffer[length..]</c>.</summary>
    void EncryptRtp(Span<byte> buffer, int headerLength, int length, uint ssrc, uint rolloverCounter, ushort sequenceNumber);

    /// <summary>Checks the tag of a protected packet and, when it holds, decrypts the payload in place. False when it does not authenticate.</summary>
    bool DecryptRtp(Span<byte> packet, int headerLength, uint ssrc, uint rolloverCounter, ushort sequenceNumber);

    /// <summary>Encrypts an RTCP packet of <paramref name="length"/> octets in place and appends the E-flag, index and tag.</summary>
    void EncryptRtcp(Span<byte> buffer, int length, uint ssrc, uint index);

    /// <summary>
    /// Checks the tag of a protected SRTCP packet and, when it holds and <paramref name="encrypted"/> is set,
    /// decrypts it in place. False when it does not authenticate.
    /// </summary>
    bool DecryptRtcp(Span<byte> packet, uint ssrc, uint index, bool encrypted);
}
