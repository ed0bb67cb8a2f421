using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Security.Cryptography;

namespace Rethink.Ims.Media.Srtp;

/// <summary>
/// AES_CM_128_HMAC_SHA1_80 and _32 (RFC 3711 §4.1.1, §4.2.1). The keystream comes from the processor's AES
/// instructions where there are some (<see cref="SrtpAes128Keystream"/>); elsewhere it is made in bulk, the
/// packet's counter blocks written into a buffer and encrypted with one ECB call on a reused transform.
/// HMAC-SHA1 is a <see cref="SrtpHmacSha1"/>. Nothing is allocated per packet.
/// </summary>
internal sealed class SrtpAesCmHmacSha1Cipher : ISrtpCipher
{
    private const int ChunkBlocks = 128;
    private const int HmacLength = SrtpHmacSha1.Length;

    private readonly SrtpAes128Keystream? _aesNi;
    private readonly Aes? _aes;
    private readonly ICryptoTransform? _ecb;
    private readonly SrtpHmacSha1 _hmac;
    private readonly byte[] _salt;
    private readonly byte[]? _counters;   // the ECB fallback's counter blocks and keystream (not made with AES-NI)
    private readonly byte[]? _keystream;

    public SrtpAesCmHmacSha1Cipher(byte[] key, byte[] salt, byte[] authKey, int rtpTagLength, int rtcpTagLength)
        : this(key, salt, authKey, rtpTagLength, rtcpTagLength, SrtpAes128Keystream.IsSupported)
    {
    }

    /// <summary>As above, choosing the keystream path: the processor's AES instructions or the ECB transform (tests run both).</summary>
    internal SrtpAesCmHmacSha1Cipher(byte[] key, byte[] salt, byte[] authKey, int rtpTagLength, int rtcpTagLength, bool processorAes)
    {
        if (salt.Length != 14)
        {
            throw new ArgumentException("AES-CM needs a 14-octet session salt.", nameof(salt));
        }

        _salt = (byte[])salt.Clone();
        if (processorAes && key.Length == 16)
        {
            _aesNi = new SrtpAes128Keystream(key);
        }
        else
        {
            _aes = Aes.Create();
            _aes.Mode = CipherMode.ECB;
            _aes.Padding = PaddingMode.None;
            _ecb = _aes.CreateEncryptor(key, null);
            _counters = new byte[ChunkBlocks * 16];
            _keystream = new byte[ChunkBlocks * 16];
        }

        _hmac = new SrtpHmacSha1(authKey);
        RtpTagLength = rtpTagLength;
        RtcpTagLength = rtcpTagLength;
    }

    public int RtpTagLength { get; }

    public int RtcpTagLength { get; }

    public int RtcpIndexOffset(int length) => length - RtcpTagLength - 4;

    public void EncryptRtp(Span<byte> buffer, int headerLength, int length, uint ssrc, uint rolloverCounter, ushort sequenceNumber)
    {
        ApplyKeystream(buffer[headerLength..length], ssrc, rolloverCounter, sequenceNumber);

        // The MAC covers packet || ROC: the ROC goes where the tag will be (every tag is at least 4 octets),
        // so the HMAC is fed once.
        BinaryPrimitives.WriteUInt32BigEndian(buffer[length..], rolloverCounter);
        Span<byte> mac = stackalloc byte[HmacLength];
        _hmac.Compute(buffer[..(length + 4)], mac);
        mac[..RtpTagLength].CopyTo(buffer[length..]);
    }

    public bool DecryptRtp(Span<byte> packet, int headerLength, uint ssrc, uint rolloverCounter, ushort sequenceNumber)
    {
        var length = packet.Length - RtpTagLength;
        Span<byte> received = stackalloc byte[HmacLength];
        var tag = packet.Slice(length, RtpTagLength);
        tag.CopyTo(received);
        BinaryPrimitives.WriteUInt32BigEndian(tag, rolloverCounter);
        Span<byte> mac = stackalloc byte[HmacLength];
        _hmac.Compute(packet[..(length + 4)], mac);
        received[..RtpTagLength].CopyTo(tag); // the packet is left as it came
        if (!CryptographicOperations.FixedTimeEquals(mac[..RtpTagLength], received[..RtpTagLength]))
        {
            return false;
        }

        ApplyKeystream(packet[headerLength..length], ssrc, rolloverCounter, sequenceNumber);
        return true;
    }

    public void EncryptRtcp(Span<byte> buffer, int length, uint ssrc, uint index)
    {
        ApplyKeystream(buffer[8..length], ssrc, 0, 0, index);
        BinaryPrimitives.WriteUInt32BigEndian(buffer[length..], 0x8000_0000u | index);
        Span<byte> mac = stackalloc byte[HmacLength];
        _hmac.Compute(buffer[..(length + 4)], mac);
        mac[..RtcpTagLength].CopyTo(buffer[(length + 4)..]);
    }

    public bool DecryptRtcp(Span<byte> packet, uint ssrc, uint index, bool encrypted)
    {
        var authenticated = packet.Length - RtcpTagLength;
        Span<byte> mac = stackalloc byte[HmacLength];
        _hmac.Compute(packet[..authenticated], mac);
        if (!CryptographicOperations.FixedTimeEquals(mac[..RtcpTagLength], packet.Slice(authenticated, RtcpTagLength)))
        {
            return false;
        }

        if (encrypted)
        {
            ApplyKeystream(packet[8..(authenticated - 4)], ssrc, 0, 0, index);
        }

        return true;
    }

    public void Dispose()
    {
        _aesNi?.Dispose();
        _ecb?.Dispose();
        _aes?.Dispose();
        _hmac.Dispose();
        CryptographicOperations.ZeroMemory(_salt);
        CryptographicOperations.ZeroMemory(_keystream);
    }

    /// <summary>Computes the keystream block that starts an RTP or RTCP packet (for the RFC 3711 B.2 vector).</summary>
    internal void Keystream(Span<byte> destination, uint ssrc, ulong index)
    {
        destination.Clear();
        ApplyKeystream(destination, ssrc, (uint)(index >> 16), (ushort)index, 0);
    }

    // IV = (salt · 2^16) XOR (SSRC · 2^64) XOR (index · 2^16), index = ROC · 2^16 + SEQ for SRTP or the
    // SRTCP index; the low 16 bits count blocks.
    private void ApplyKeystream(Span<byte> data, uint ssrc, uint rolloverCounter, ushort sequenceNumber, uint rtcpIndex = 0)
    {
        if (data.IsEmpty)
        {
            return;
        }

        Span<byte> iv = stackalloc byte[16];
        _salt.CopyTo(iv);
        iv[14] = 0;
        iv[15] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(iv[4..], BinaryPrimitives.ReadUInt32BigEndian(iv[4..]) ^ ssrc);
        var high = ((ulong)rolloverCounter << 16) | sequenceNumber | rtcpIndex;
        iv[8] ^= (byte)(high >> 40);
        iv[9] ^= (byte)(high >> 32);
        iv[10] ^= (byte)(high >> 24);
        iv[11] ^= (byte)(high >> 16);
        iv[12] ^= (byte)(high >> 8);
        iv[13] ^= (byte)high;
        var ivVector = Vector128.Create<byte>(iv);
        if (_aesNi is not null)
        {
            _aesNi.Apply(data, ivVector);
            return;
        }

        var block = 0;
        while (!data.IsEmpty)
        {
            var chunk = Math.Min(data.Length, ChunkBlocks * 16);
            var blocks = (chunk + 15) / 16;
            ref var counters = ref MemoryMarshal.GetArrayDataReference(_counters!);
            for (var i = 0; i < blocks; i++, block++)
            {
                var offset = (nuint)(i * 16);
                ivVector.StoreUnsafe(ref counters, offset);
                Unsafe.Add(ref counters, offset + 14) = (byte)(block >> 8);
                Unsafe.Add(ref counters, offset + 15) = (byte)block;
            }

            _ecb!.TransformBlock(_counters!, 0, blocks * 16, _keystream!, 0);
            SrtpXor.Xor(data[..chunk], _keystream);
            data = data[chunk..];
        }
    }
}
