using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Rethink.Ims.Media.Srtp;

/// <summary>
/// AEAD_AES_128_GCM and AEAD_AES_256_GCM (RFC 7714) with a reused <see cref="AesGcm"/> instance and a
/// 16-octet tag. The RTP header is the associated data; SRTCP puts the tag before the E-flag and index word
/// (RFC 7714 §9.2). A failed tag costs a caught exception: .NET's AesGcm has no non-throwing decrypt.
/// </summary>
internal sealed class SrtpAesGcmCipher : ISrtpCipher
{
    private const int TagLength = 16;

    private readonly AesGcm _gcm;
    private readonly byte[] _salt;

    public SrtpAesGcmCipher(byte[] key, byte[] salt)
    {
        if (salt.Length != 12)
        {
            throw new ArgumentException("AES-GCM needs a 12-octet session salt.", nameof(salt));
        }

        _salt = (byte[])salt.Clone();
        _gcm = new AesGcm(key, TagLength);
    }

    public int RtpTagLength => TagLength;

    public int RtcpTagLength => TagLength;

    public int RtcpIndexOffset(int length) => length - 4;

    public void EncryptRtp(Span<byte> buffer, int headerLength, int length, uint ssrc, uint rolloverCounter, ushort sequenceNumber)
    {
        Span<byte> nonce = stackalloc byte[12];
        RtpNonce(nonce, ssrc, rolloverCounter, sequenceNumber);
        var payload = buffer[headerLength..length];
        _gcm.Encrypt(nonce, payload, payload, buffer.Slice(length, TagLength), buffer[..headerLength]);
    }

    public bool DecryptRtp(Span<byte> packet, int headerLength, uint ssrc, uint rolloverCounter, ushort sequenceNumber)
    {
        Span<byte> nonce = stackalloc byte[12];
        RtpNonce(nonce, ssrc, rolloverCounter, sequenceNumber);
        var length = packet.Length - TagLength;
        var payload = packet[headerLength..length];
        return TryDecrypt(nonce, payload, packet.Slice(length, TagLength), packet[..headerLength]);
    }

    public void EncryptRtcp(Span<byte> buffer, int length, uint ssrc, uint index)
    {
        Span<byte> nonce = stackalloc byte[12];
        RtcpNonce(nonce, ssrc, index);
        var word = 0x8000_0000u | index;
        Span<byte> aad = stackalloc byte[12];
        buffer[..8].CopyTo(aad);
        BinaryPrimitives.WriteUInt32BigEndian(aad[8..], word);
        var body = buffer[8..length];
        _gcm.Encrypt(nonce, body, body, buffer.Slice(length, TagLength), aad);
        BinaryPrimitives.WriteUInt32BigEndian(buffer[(length + TagLength)..], word);
    }

    public bool DecryptRtcp(Span<byte> packet, uint ssrc, uint index, bool encrypted)
    {
        Span<byte> nonce = stackalloc byte[12];
        RtcpNonce(nonce, ssrc, index);
        var tagStart = packet.Length - 4 - TagLength;
        var tag = packet.Slice(tagStart, TagLength);
        var word = packet[^4..];
        if (encrypted)
        {
            Span<byte> aad = stackalloc byte[12];
            packet[..8].CopyTo(aad);
            word.CopyTo(aad[8..]);
            var body = packet[8..tagStart];
            return TryDecrypt(nonce, body, tag, aad);
        }

        // Tagged only (RFC 7714 §9.3): the whole RTCP packet and the ESRTCP word are associated data.
        var aadLength = tagStart + 4;
        var rented = ArrayPool<byte>.Shared.Rent(aadLength);
        try
        {
            packet[..tagStart].CopyTo(rented);
            word.CopyTo(rented.AsSpan(tagStart));
            return TryDecrypt(nonce, Span<byte>.Empty, tag, rented.AsSpan(0, aadLength));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    public void Dispose()
    {
        _gcm.Dispose();
        CryptographicOperations.ZeroMemory(_salt);
    }

    private bool TryDecrypt(ReadOnlySpan<byte> nonce, Span<byte> data, ReadOnlySpan<byte> tag, ReadOnlySpan<byte> aad)
    {
        try
        {
            _gcm.Decrypt(nonce, data, tag, data, aad);
            return true;
        }
        catch (AuthenticationTagMismatchException)
        {
            return false;
        }
    }

    // IV = salt XOR (00 00 || SSRC || ROC || SEQ) (RFC 7714 §8.1).
    private void RtpNonce(Span<byte> nonce, uint ssrc, uint rolloverCounter, ushort sequenceNumber)
    {
        nonce[0] = 0;
        nonce[1] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(nonce[2..], ssrc);
        BinaryPrimitives.WriteUInt32BigEndian(nonce[6..], rolloverCounter);
        BinaryPrimitives.WriteUInt16BigEndian(nonce[10..], sequenceNumber);
        SrtpXor.Xor(nonce, _salt);
    }

    // IV = salt XOR (00 00 || SSRC || 00 00 || 0 + 31-bit SRTCP index) (RFC 7714 §9.1).
    private void RtcpNonce(Span<byte> nonce, uint ssrc, uint index)
    {
        nonce[0] = 0;
        nonce[1] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(nonce[2..], ssrc);
        nonce[6] = 0;
        nonce[7] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(nonce[8..], index & 0x7FFF_FFFF);
        SrtpXor.Xor(nonce, _salt);
    }
}
