using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Rethink.Ims.Media.Codecs;
using Rethink.Ims.Media.Dtls;
using Rethink.Ims.Media.Ice;
using Rethink.Ims.Media.Rtp;
using Rethink.Ims.Media.Sdp;
using Rethink.Ims.Media.Srtp;

namespace Rethink.Ims.IntegrationTests.Browser;

/// <summary>
/// The smallest WebRTC endpoint our primitives make, for proving them against a real browser without the bridge:
/// one UDP socket on 127.0.0.1 that our <see cref="IceLiteAgent"/> demultiplexes (RFC 7983), our
/// <see cref="DtlsSrtpSession"/> as the DTLS server (it answers <c>a=setup:passive</c>), SRTP contexts from the
/// exported keys, and one audio codec (PCMU or Opus) both ways: what the browser sends is decrypted and decoded
/// into <see cref="ReceivedAudio"/>, and a tone of <see cref="ToneHz"/> goes back every 20 ms once ICE has
/// selected a pair and DTLS is up. The answer is written by <see cref="SdpRewriter"/> as the bridge would.
/// </summary>
internal sealed class PrimitiveWebRtcEndpoint : IAsyncDisposable
{
    private const int FrameMilliseconds = 20;

    private readonly Socket _socket;
    private readonly CancellationTokenSource _stop = new();
    private readonly DtlsCertificate _certificate = DtlsCertificate.Generate();
    private readonly IceLiteAgent _ice;
    private readonly SdpCodec _codec;
    private readonly List<short> _received = [];
    private readonly Lock _receivedLock = new();
    private readonly ConcurrentQueue<string> _events = new();
    private readonly List<byte[]> _early = [];
    private readonly uint _ssrc = (uint)Random.Shared.NextInt64(1, uint.MaxValue);
    private readonly IAudioDecoder _decoder;
    private readonly IAudioEncoder _encoder;
    private Task? _receiving;
    private Task? _sending;
    private DtlsSrtpSession? _dtls;
    private IPEndPoint? _dtlsPeer;
    private SrtpContext? _protect;
    private SrtpContext? _unprotect;
    private int _payloadType;
    private long _stunDatagrams;
    private long _srtpReceived;
    private long _srtpRejected;
    private long _srtcpReceived;
    private long _sent;

    /// <summary>Creates the endpoint for <paramref name="codec"/> (<see cref="SdpCodec.Pcmu"/> or <see cref="SdpCodec.Opus"/>) sending a <paramref name="toneHz"/> tone.</summary>
    public PrimitiveWebRtcEndpoint(SdpCodec codec, double toneHz)
    {
        _codec = codec;
        ToneHz = toneHz;
        var opus = string.Equals(codec.EncodingName, "opus", StringComparison.OrdinalIgnoreCase);
        SampleRate = opus ? 48000 : 8000;
        _decoder = opus ? new OpusAudioDecoder(48000) : G711Decoder.Pcmu;
        _encoder = opus ? new OpusAudioEncoder(new OpusEncoderOptions()) : G711Encoder.Pcmu;
        _socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _ice = new IceLiteAgent(IceCredentials.Generate(), (datagram, destination) => _socket.SendTo(datagram, SocketFlags.None, destination));
        _ice.StateChanged += state => Note($"ice {state}");
        _ice.SelectedEndpointChanged += endPoint => Note($"ice selected {endPoint}");
    }

    /// <summary>The tone sent back.</summary>
    public double ToneHz { get; }

    /// <summary>The sample rate of <see cref="ReceivedAudio"/> (8 kHz for PCMU, 48 kHz for Opus).</summary>
    public int SampleRate { get; }

    /// <summary>Our port (STUN, DTLS and SRTP).</summary>
    public int Port => ((IPEndPoint)_socket.LocalEndPoint!).Port;

    /// <summary>The DTLS handshake, once <see cref="Answer"/> or <see cref="AcceptAnswer"/> started it.</summary>
    public Task<DtlsHandshakeResult>? Handshake { get; private set; }

    /// <summary>How the DTLS association ended (or null before it started): the browser's close_notify is <see cref="DtlsCloseReason.PeerCloseNotify"/>.</summary>
    public Task<DtlsCloseReason>? DtlsClosed => _dtls?.Closed;

    /// <summary>The ICE agent's state.</summary>
    public IceAgentState IceState => _ice.State;

    /// <summary>Where the browser's checks came from and media goes.</summary>
    public IPEndPoint? SelectedEndpoint => _ice.SelectedEndpoint;

    /// <summary>SRTP packets from the browser that authenticated and decrypted.</summary>
    public long SrtpPacketsReceived => Interlocked.Read(ref _srtpReceived);

    /// <summary>SRTP packets from the browser that did not unprotect (wrong key, replay).</summary>
    public long SrtpPacketsRejected => Interlocked.Read(ref _srtpRejected);

    /// <summary>SRTCP packets from the browser that unprotected.</summary>
    public long SrtcpPacketsReceived => Interlocked.Read(ref _srtcpReceived);

    /// <summary>SRTP packets sent to the browser.</summary>
    public long PacketsSent => Interlocked.Read(ref _sent);

    /// <summary>What happened, for failure messages: ICE states, the DTLS outcome, counters.</summary>
    public string Describe() =>
        $"endpoint port {Port}, ice {_ice.State}, selected {_ice.SelectedEndpoint}, stun {Interlocked.Read(ref _stunDatagrams)}, " +
        $"dtls {(Handshake is { IsCompleted: true } h ? h.Result.ToString() : "pending")}, srtp in {SrtpPacketsReceived} (rejected {SrtpPacketsRejected}), " +
        $"srtcp in {SrtcpPacketsReceived}, sent {PacketsSent}; events: {string.Join("; ", _events)}";

    /// <summary>The decoded audio received so far.</summary>
    public short[] ReceivedAudio()
    {
        lock (_receivedLock)
        {
            return [.. _received];
        }
    }

    /// <summary>
    /// Answers the browser's offer: our ICE-lite credentials, fingerprint, <c>a=setup:passive</c>, one codec, BUNDLE;
    /// and starts listening, the DTLS server and the sender.
    /// </summary>
    public string Answer(string offerSdp)
    {
        if (!SessionDescription.TryParse(offerSdp, out var offer, out var error))
        {
            throw new InvalidOperationException($"The browser's offer does not parse: {error}");
        }

        var media = offer.Media[0];
        if (!IceParameters.TryGet(offer, media, out var ice) || !DtlsParameters.TryGet(offer, media, out var dtls))
        {
            throw new InvalidOperationException("The browser's offer has no ICE or DTLS parameters.");
        }

        _ice.SetRemoteCredentials(ice);
        var plainOffer = SdpRewriter.ToPlainOffer(offer, new PlainRtpOptions { Origin = SdpOrigin.Create("127.0.0.1"), Address = "127.0.0.1", Port = 9, Codecs = [SdpCodec.Pcmu] });
        var plainAnswer = OfferAnswer.CreateAnswer(plainOffer, new AnswerOptions { Origin = SdpOrigin.Create("127.0.0.1"), Address = "127.0.0.1", Port = 9 });
        var answer = SdpRewriter.ToWebRtcAnswer(offer, plainAnswer, WebRtcOptions(SdpOrigin.Create("127.0.0.1")));
        var accepted = answer.Media.First(m => !m.IsRejected);
        _payloadType = accepted.PayloadFormats[0].PayloadType;
        Note($"answer: {accepted.PayloadFormats[0].EncodingName} pt {_payloadType}, setup {accepted.Setup}");

        var role = accepted.Setup == DtlsSetup.Active ? DtlsRole.Client : DtlsRole.Server;
        _receiving ??= Task.Run(ReceiveAsync);
        StartDtls(role, dtls.Fingerprints);
        return answer.ToSdp();
    }

    /// <summary>
    /// Offers a call to the browser: ICE-lite, <c>a=setup:actpass</c>, our one codec, BUNDLE. Listening starts now,
    /// since the browser's checks and ClientHello may come before its answer reaches us.
    /// </summary>
    public string Offer()
    {
        var plainOffer = new SessionDescription(SdpOrigin.Create("127.0.0.1"))
        {
            Connection = SdpConnection.ForAddress("127.0.0.1"),
            Timings = [SdpTiming.Unbounded],
            Media = [new MediaDescription("audio", 9, "RTP/AVP").WithPayloadFormats(OfferAnswer.OfferFormats([SdpCodec.Pcmu]))],
        };
        var offer = SdpRewriter.ToWebRtcOffer(plainOffer, WebRtcOptions(SdpOrigin.Create("127.0.0.1")));
        var media = offer.Media.First(m => !m.IsRejected);
        _payloadType = media.PayloadFormats[0].PayloadType;
        Note($"offer: {media.PayloadFormats[0].EncodingName} pt {_payloadType}, setup {media.Setup}");
        _receiving ??= Task.Run(ReceiveAsync);
        return offer.ToSdp();
    }

    /// <summary>Takes the browser's answer to <see cref="Offer"/>: its ICE credentials, fingerprint and <c>a=setup</c> decide the DTLS role.</summary>
    public void AcceptAnswer(string answerSdp)
    {
        if (!SessionDescription.TryParse(answerSdp, out var answer, out var error))
        {
            throw new InvalidOperationException($"The browser's answer does not parse: {error}");
        }

        var media = answer.Media.First(m => !m.IsRejected);
        if (!IceParameters.TryGet(answer, media, out var ice) || !DtlsParameters.TryGet(answer, media, out var dtls))
        {
            throw new InvalidOperationException("The browser's answer has no ICE or DTLS parameters.");
        }

        _ice.SetRemoteCredentials(ice);
        _payloadType = media.PayloadFormats[0].PayloadType;
        var role = DtlsRoleResolver.Decide(DtlsSetup.ActPass, dtls.Setup, remoteIsOffer: false).ToRole()
            ?? throw new InvalidOperationException($"No DTLS role against the browser's a=setup:{dtls.Setup}.");
        Note($"browser answered setup {dtls.Setup}, pt {_payloadType}: we are the DTLS {role}");
        StartDtls(role, dtls.Fingerprints);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_dtls is not null)
        {
            await _dtls.DisposeAsync();
        }

        _ice.Dispose();
        _socket.Dispose();
        foreach (var task in new[] { _receiving, _sending })
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

        _protect?.Dispose();
        _unprotect?.Dispose();
        (_encoder as IDisposable)?.Dispose();
        (_decoder as IDisposable)?.Dispose();
        _stop.Dispose();
    }

    private WebRtcOptions WebRtcOptions(SdpOrigin origin) => new()
    {
        Origin = origin,
        Ice = _ice.LocalCredentials,
        Fingerprint = _certificate.Fingerprint,
        Address = "127.0.0.1",
        Port = Port,
        Codecs = [_codec],
        SingleCodec = true,
        Ssrc = _ssrc,
        TrackId = "tone",
        StreamId = "rethink",
    };

    // DTLS datagrams that came before the session existed (the browser answered active and its ClientHello
    // overtook its answer) are delivered first.
    private void StartDtls(DtlsRole role, IEnumerable<DtlsFingerprint> fingerprints)
    {
        var session = new DtlsSrtpSession(role, _certificate, fingerprints, SendDtls, new DtlsOptions { HandshakeTimeout = TimeSpan.FromSeconds(20) });
        lock (_early)
        {
            foreach (var datagram in _early)
            {
                session.TryDeliver(datagram);
            }

            Note($"dtls {role}, {_early.Count} early datagram(s)");
            _early.Clear();
            _dtls = session;
        }

        Handshake = session.HandshakeAsync();
        _sending = Task.Run(SendAsync);
    }

    private void SendDtls(ReadOnlySpan<byte> datagram)
    {
        var peer = _ice.SelectedEndpoint ?? Volatile.Read(ref _dtlsPeer);
        if (peer is not null)
        {
            _socket.SendTo(datagram, SocketFlags.None, peer);
        }
    }

    private async Task ReceiveAsync()
    {
        var buffer = new byte[2048];
        var pcm = new short[5760];
        while (!_stop.IsCancellationRequested)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), _stop.Token);
            }
            catch (SocketException) when (!_stop.IsCancellationRequested)
            {
                continue;
            }

            var source = (IPEndPoint)received.RemoteEndPoint;
            var datagram = buffer.AsSpan(0, received.ReceivedBytes);
            switch (_ice.Receive(datagram, source))
            {
                case MediaPacketKind.Stun:
                    Interlocked.Increment(ref _stunDatagrams);
                    break;
                case MediaPacketKind.Dtls:
                    Interlocked.CompareExchange(ref _dtlsPeer, source, null);
                    lock (_early)
                    {
                        if (_dtls is null)
                        {
                            _early.Add(datagram.ToArray());
                            break;
                        }
                    }

                    _dtls.TryDeliver(datagram);
                    break;
                case MediaPacketKind.Rtp when _unprotect is { } unprotect:
                    if (unprotect.UnprotectRtp(datagram, out var length) != SrtpResult.Ok || !RtpPacket.TryParse(datagram[..length], out var rtp))
                    {
                        Interlocked.Increment(ref _srtpRejected);
                        break;
                    }

                    Interlocked.Increment(ref _srtpReceived);
                    if (rtp.PayloadType == _payloadType && _decoder.TryDecode(rtp.Payload, pcm, out var samples))
                    {
                        lock (_receivedLock)
                        {
                            _received.AddRange(pcm.AsSpan(0, samples));
                        }
                    }

                    break;
                case MediaPacketKind.Rtcp when _unprotect is { } unprotect:
                    if (unprotect.UnprotectRtcp(datagram, out _) == SrtpResult.Ok)
                    {
                        Interlocked.Increment(ref _srtcpReceived);
                    }

                    break;
            }
        }
    }

    private async Task SendAsync()
    {
        var result = await Handshake!;
        Note($"dtls {result}");
        if (!result.Succeeded)
        {
            return;
        }

        var profile = (SrtpProtectionProfile)(int)result.KeyingMaterial.Profile;
        var (protect, unprotect) = SrtpDtlsKeyingMaterial.CreateContexts(profile, result.KeyingMaterial.Material, result.Role == DtlsRole.Client);
        _protect = protect;
        Volatile.Write(ref _unprotect, unprotect);

        var samplesPerFrame = SampleRate * FrameMilliseconds / 1000;
        var frame = new short[samplesPerFrame];
        var packet = new byte[1500];
        var phase = 0.0;
        ushort sequence = (ushort)Random.Shared.Next(ushort.MaxValue);
        var timestamp = (uint)Random.Shared.NextInt64(uint.MaxValue);
        var first = true;
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(FrameMilliseconds));
        while (await timer.WaitForNextTickAsync(_stop.Token))
        {
            var peer = _ice.SelectedEndpoint;
            if (peer is null || !_ice.CanSend)
            {
                continue;
            }

            Tone.Generate(frame, ToneHz, SampleRate, ref phase);
            new RtpHeader(_payloadType, sequence++, timestamp, _ssrc, Marker: first).TryWrite(packet, out var header);
            var payload = _encoder.Encode(frame, packet.AsSpan(header, 1200));
            timestamp += (uint)samplesPerFrame; // PCMU's clock is 8 kHz, Opus's 48 kHz: the rates we encode at
            first = false;
            if (protect.ProtectRtp(packet, header + payload, out var length) == SrtpResult.Ok)
            {
                _socket.SendTo(packet.AsSpan(0, length), SocketFlags.None, peer);
                Interlocked.Increment(ref _sent);
            }
        }
    }

    private void Note(string text) => _events.Enqueue($"{DateTime.UtcNow:HH:mm:ss.fff} {text}");
}
