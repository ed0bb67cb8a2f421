using BenchmarkDotNet.Attributes;
using Rethink.Ims.Media.Rtp;
using Rethink.Ims.Media.Stun;

namespace Rethink.Ims.Benchmarks.Media;

/// <summary>The span readers: RTP header with extensions, an RTCP compound packet, a STUN check with integrity and fingerprint. All should allocate nothing.</summary>
[MemoryDiagnoser]
public class MediaParsingBenchmarks
{
    private static readonly byte[] StunRequest = Convert.FromHexString(
        "000100582112a442b7e7a701bc34d686fa87dfae802200105354554e20746573742063" +
        "6c69656e74002400046e0001ff80290008932ff9b151263b36000600096576746a3a68" +
        "36765920202000080014" + "9aeaa70cbfd8cb56781ef2b5b2d3f249c1b571a2" + "80280004e57a3bcf");

    private static readonly byte[] StunKey = "VOkJxbRl1RmTxUk/WvJxBt"u8.ToArray();

    private static readonly byte[] Rtcp = Convert.FromHexString(
        "81c8000c11111111e123456789abcdef000010000000001000000800" +
        "2222222205fffffe0001ffff000000201234567800010000" +
        "81ca00031111111101046e616d650000" +
        "81ce00021111111122222222");

    private readonly byte[] _rtp = new byte[12 + 8 + 160];

    /// <summary>Builds the RTP packet with a one-byte extension.</summary>
    [GlobalSetup]
    public void Setup()
    {
        Span<byte> extension = stackalloc byte[8];
        var writer = new RtpHeaderExtensionWriter(extension);
        writer.TryAdd(1, [0x30]);
        writer.TryAdd(3, [1, 2, 3]);
        writer.Finish(out var data);
        new RtpHeader(111, 1, 2, 3).TryWrite(_rtp, out _, default, writer.Profile, data);
    }

    /// <summary>Parses an RTP packet and walks its header extension.</summary>
    [Benchmark]
    public int ParseRtp()
    {
        if (!RtpPacket.TryParse(_rtp, out var packet))
        {
            return -1;
        }

        var sum = packet.Payload.Length;
        foreach (var element in packet.Extensions)
        {
            sum += element.Id;
        }

        return sum;
    }

    /// <summary>Walks an SR + SDES + PSFB compound packet and reads the report block.</summary>
    [Benchmark]
    public int WalkRtcp()
    {
        var sum = 0;
        var reader = new RtcpCompoundReader(Rtcp);
        while (reader.TryRead(out var packet))
        {
            sum += (int)packet.PacketType;
            if (packet.TryGetReportBlock(0, out var block))
            {
                sum += block.CumulativeLost;
            }
        }

        return sum;
    }

    /// <summary>Parses the RFC 5769 request and checks integrity and fingerprint (what an ICE-lite agent does per check).</summary>
    [Benchmark]
    public bool CheckStun() =>
        StunMessage.TryParse(StunRequest, out var message) &&
        message.VerifyFingerprint() == StunVerification.Valid &&
        message.VerifyMessageIntegrity(StunKey) == StunVerification.Valid &&
        message.TryGetPriority(out _);
}
