namespace Rethink.Ims.Media.Rtp;

/// <summary>The sender information block of an SR (RFC 3550 §6.4.1).</summary>
/// <param name="Ssrc">The sender's SSRC.</param>
/// <param name="NtpTimestamp">64-bit NTP timestamp (seconds in the high 32 bits, fraction in the low).</param>
/// <param name="RtpTimestamp">The same instant in RTP timestamp units.</param>
/// <param name="PacketCount">Packets sent since the start.</param>
/// <param name="OctetCount">Payload octets sent since the start.</param>
public readonly record struct RtcpSenderInfo(uint Ssrc, ulong NtpTimestamp, uint RtpTimestamp, uint PacketCount, uint OctetCount);
