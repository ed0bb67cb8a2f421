using System.Net;
using System.Net.Sockets;
using Rethink.Ims.Media.Codecs;
using Rethink.Ims.Media.Rtp;
using Rethink.Ims.Media.Sdp;

namespace Rethink.Ims.IntegrationTests.Browser;

/// <summary>
/// A plain RTP/AVP endpoint on 127.0.0.1 standing in for an IMS core's media side: it answers (or makes) a plain SDP
/// offer with one G.711 codec, decodes what it receives into <see cref="ReceivedAudio"/> (8 kHz), and sends a tone
/// of <see cref="ToneHz"/> every 20 ms to the address the other side's SDP gave. RTCP arrives on the next port and is
/// only counted.
/// </summary>
internal sealed class PlainRtpEndpoint : IAsyncDisposable
{
    private const int SamplesPerFrame = 160;

    private readonly Socket _rtp;
    private readonly Socket _rtcp;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<short> _received = [];
    private readonly Lock _receivedLock = new();
    private readonly uint _ssrc = (uint)Random.Shared.NextInt64(1, uint.MaxValue);
    private readonly SdpCodec _codec;
    private readonly Task _receiving;
    private readonly Task _receivingRtcp;
    private Task? _sending;
    private IPEndPoint? _remote;
    private int _payloadType = -1;
    private long _rtpReceived;
    private long _rtpOtherPayload;
    private long _rtcpReceived;
    private long _sent;
    private string? _lastSource;

    /// <summary>Creates the endpoint with its RTP and RTCP sockets (an even port and the next), sending <paramref name="toneHz"/> in <paramref name="codec"/> (PCMU or PCMA).</summary>
    public PlainRtpEndpoint(double toneHz, SdpCodec? codec = null)
    {
        ToneHz = toneHz;
        _codec = codec ?? SdpCodec.Pcmu;
        (_rtp, _rtcp) = BindPair();
        _receiving = Task.Run(ReceiveRtpAsync);
        _receivingRtcp = Task.Run(ReceiveRtcpAsync);
    }

    /// <summary>The tone sent.</summary>
    public double ToneHz { get; }

    /// <summary>Always 8000 (G.711).</summary>
    public int SampleRate => 8000;

    /// <summary>Our RTP port.</summary>
    public int Port => ((IPEndPoint)_rtp.LocalEndPoint!).Port;

    /// <summary>RTP packets received with the negotiated payload type.</summary>
    public long RtpPacketsReceived => Interlocked.Read(ref _rtpReceived);

    /// <summary>RTCP packets received.</summary>
    public long RtcpPacketsReceived => Interlocked.Read(ref _rtcpReceived);

    /// <summary>RTP packets sent.</summary>
    public long PacketsSent => Interlocked.Read(ref _sent);

    /// <summary>Counters and addresses, for failure messages.</summary>
    public string Describe() =>
        $"plain endpoint {Port}: remote {_remote}, pt {_payloadType}, rtp in {RtpPacketsReceived} (other pt {Interlocked.Read(ref _rtpOtherPayload)}, last from {_lastSource}), " +
        $"rtcp in {RtcpPacketsReceived}, sent {PacketsSent}";

    /// <summary>The decoded audio received so far (8 kHz).</summary>
    public short[] ReceivedAudio()
    {
        lock (_receivedLock)
        {
            return [.. _received];
        }
    }

    /// <summary>Answers a plain offer with our single G.711 codec and starts sending to the offer's address.</summary>
    public string Answer(string offerSdp)
    {
        var offer = Parse(offerSdp, "offer");
        var answer = OfferAnswer.CreateAnswer(offer, new AnswerOptions
        {
            Origin = SdpOrigin.Create("127.0.0.1"),
            Address = "127.0.0.1",
            Port = Port,
            Codecs = [_codec],
            SingleCodec = true,
        });
        var accepted = answer.Media.FirstOrDefault(m => !m.IsRejected)
            ?? throw new InvalidOperationException($"Our plain answer rejects every m-line of the offer:\n{offerSdp}");
        StartSending(offer, offer.Media[answer.Media.IndexOf(accepted)], accepted.PayloadFormats[0].PayloadType);
        return answer.ToSdp();
    }

    /// <summary>Our plain offer (one G.711 codec), for calls towards the browser.</summary>
    public string Offer() => new SessionDescription(SdpOrigin.Create("127.0.0.1"))
    {
        Connection = SdpConnection.ForAddress("127.0.0.1"),
        Timings = [SdpTiming.Unbounded],
        Media = [new MediaDescription("audio", Port, "RTP/AVP").WithPayloadFormats(OfferAnswer.OfferFormats([_codec])).WithDirection(MediaDirection.SendRecv)],
    }.ToSdp();

    /// <summary>Takes the answer to <see cref="Offer"/> and starts sending to its address.</summary>
    public void AcceptAnswer(string answerSdp)
    {
        var answer = Parse(answerSdp, "answer");
        var media = answer.Media.FirstOrDefault(m => !m.IsRejected)
            ?? throw new InvalidOperationException($"The answer rejects our audio:\n{answerSdp}");
        StartSending(answer, media, media.PayloadFormats[0].PayloadType);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _rtp.Dispose();
        _rtcp.Dispose();
        foreach (var task in new[] { _receiving, _receivingRtcp, _sending })
        {
            if (task is not null)
            {
                try
                {
                    await task.WaitAsync(TimeSpan.FromSeconds(5));
                }
                catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException or TimeoutException)
                {
                    // Stopped.
                }
            }
        }

        _stop.Dispose();
    }

    private static SessionDescription Parse(string sdp, string what) =>
        SessionDescription.TryParse(sdp, out var description, out var error)
            ? description
            : throw new InvalidOperationException($"The {what} does not parse ({error}):\n{sdp}");

    private static (Socket Rtp, Socket Rtcp) BindPair()
    {
        for (var attempt = 0; ; attempt++)
        {
            var rtp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            var rtcp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            try
            {
                rtp.Bind(new IPEndPoint(IPAddress.Loopback, 0));
                var port = ((IPEndPoint)rtp.LocalEndPoint!).Port;
                if (port % 2 == 0 && port < ushort.MaxValue)
                {
                    rtcp.Bind(new IPEndPoint(IPAddress.Loopback, port + 1));
                    return (rtp, rtcp);
                }
            }
            catch (SocketException) when (attempt < 50)
            {
                // The next port is taken: try another pair.
            }

            rtp.Dispose();
            rtcp.Dispose();
        }
    }

    private void StartSending(SessionDescription remote, MediaDescription media, int payloadType)
    {
        var address = remote.EffectiveConnection(media)?.Address
            ?? throw new InvalidOperationException("The remote description has no connection address.");
        _remote = new IPEndPoint(IPAddress.Parse(address), media.Port);
        Volatile.Write(ref _payloadType, payloadType);
        _sending = Task.Run(SendAsync);
    }

    private async Task ReceiveRtpAsync()
    {
        var buffer = new byte[2048];
        var pcm = new short[2048];
        var decoder = G711Decoder.For(string.Equals(_codec.EncodingName, "PCMA", StringComparison.OrdinalIgnoreCase) ? AudioCodec.Pcma : AudioCodec.Pcmu);
        while (!_stop.IsCancellationRequested)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await _rtp.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), _stop.Token);
            }
            catch (SocketException) when (!_stop.IsCancellationRequested)
            {
                continue;
            }

            _lastSource = received.RemoteEndPoint.ToString();
            if (!RtpPacket.TryParse(buffer.AsSpan(0, received.ReceivedBytes), out var rtp))
            {
                continue;
            }

            if (rtp.PayloadType != Volatile.Read(ref _payloadType) || !decoder.TryDecode(rtp.Payload, pcm, out var samples))
            {
                Interlocked.Increment(ref _rtpOtherPayload);
                continue;
            }

            Interlocked.Increment(ref _rtpReceived);
            lock (_receivedLock)
            {
                _received.AddRange(pcm.AsSpan(0, samples));
            }
        }
    }

    private async Task ReceiveRtcpAsync()
    {
        var buffer = new byte[2048];
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                await _rtcp.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), _stop.Token);
                Interlocked.Increment(ref _rtcpReceived);
            }
            catch (SocketException) when (!_stop.IsCancellationRequested)
            {
                // An ICMP error for an earlier send.
            }
        }
    }

    private async Task SendAsync()
    {
        var encoder = G711Encoder.For(string.Equals(_codec.EncodingName, "PCMA", StringComparison.OrdinalIgnoreCase) ? AudioCodec.Pcma : AudioCodec.Pcmu);
        var frame = new short[SamplesPerFrame];
        var packet = new byte[RtpPacket.FixedHeaderLength + SamplesPerFrame];
        var phase = 0.0;
        var sequence = (ushort)Random.Shared.Next(ushort.MaxValue);
        var timestamp = (uint)Random.Shared.NextInt64(uint.MaxValue);
        var first = true;
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(20));
        while (await timer.WaitForNextTickAsync(_stop.Token))
        {
            Tone.Generate(frame, ToneHz, SampleRate, ref phase);
            new RtpHeader(_payloadType, sequence++, timestamp, _ssrc, Marker: first).TryWrite(packet, out var header);
            var length = header + encoder.Encode(frame, packet.AsSpan(header));
            timestamp += SamplesPerFrame;
            first = false;
            try
            {
                _rtp.SendTo(packet.AsSpan(0, length), SocketFlags.None, _remote!);
                Interlocked.Increment(ref _sent);
            }
            catch (SocketException)
            {
                // Nobody listens yet (ICMP port unreachable): keep sending, as a phone would.
            }
        }
    }
}
