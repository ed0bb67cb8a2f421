using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Rethink.Ims.Media.Codecs;
using Rethink.Ims.Media.Control;
using Rethink.Ims.Media.Dtls;
using Rethink.Ims.Media.Ice;
using Rethink.Ims.Media.Sdp;
using Rethink.Ims.Media.Srtp;

namespace Rethink.Ims.Benchmarks.Media.Bridge;

/// <summary>
/// A load generator for a media relay in another process, driven over ng like Kamailio drives it: sets up N calls,
/// then sends 50 packets/s per call in each direction for a fixed time and reads the relay's CPU time from
/// /proc/&lt;pid&gt;/stat. Modes: <c>srtp</c> (our bridge: a browser side made of our ICE client, DTLS client and
/// SRTP, PCMU both legs: SRTP↔RTP re-encryption), <c>transcode</c> (the same, Opus on the browser side: Opus↔PCMU
/// both ways), <c>plain</c> (plain RTP/AVP on both sides: what rtpengine relays in userspace), <c>sdes</c> (rtpengine:
/// RTP/SAVP with SDES keys, RFC 4568, on one side and RTP/AVP on the other: its SRTP↔RTP path without ICE and DTLS,
/// which this generator does not offer it), <c>plain-transcode</c> (rtpengine: PCMU one side, Opus the other).
/// Run: <c>dotnet run -c Release --project tests/Rethink.Ims.Benchmarks -- media-relay --ng 127.0.0.1:2223 --pid P --mode srtp --calls 200 --seconds 20</c>
/// (scripts/bench/media-relay.sh starts both relays and runs every mode).
/// The Opus side sends what a browser would for the relay's answer: hybrid fullband packets, or SILK-only
/// wideband/narrowband when the answer carries <c>maxplaybackrate</c> (RFC 7587); <c>--opus-fullband</c> sends
/// fullband regardless.
/// </summary>
internal static class MediaRelayLoad
{
    public static async Task<int> RunAsync(string[] args)
    {
        string Arg(string name, string fallback) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault() ?? fallback;
        var ng = IPEndPoint.Parse(Arg("--ng", "127.0.0.1:2223"));
        var pid = int.Parse(Arg("--pid", "0"), CultureInfo.InvariantCulture);
        var mode = Arg("--mode", "srtp");
        var calls = int.Parse(Arg("--calls", "100"), CultureInfo.InvariantCulture);
        var seconds = int.Parse(Arg("--seconds", "20"), CultureInfo.InvariantCulture);
        var label = Arg("--label", "relay");
        // Long enough for the JIT to reach its final tier on the relay's hot path (a .NET relay measured in its first
        // seconds is still running instrumented code and compiling); the same for every relay measured.
        var warmupSeconds = int.Parse(Arg("--warmup", "3"), CultureInfo.InvariantCulture);
        // Like a browser, the Opus sender honours the relay's maxplaybackrate (RFC 7587) unless told to send fullband.
        var honourMaxPlaybackRate = !args.Contains("--opus-fullband");

        using var control = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        control.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        control.ReceiveTimeout = 5000;
        var legs = new List<CallLoad>();
        var setup = Stopwatch.StartNew();
        for (var i = 0; i < calls; i++)
        {
            legs.Add(await CallLoad.SetUpAsync(control, ng, mode, i, honourMaxPlaybackRate));
        }

        Console.Error.WriteLine($"{calls} calls set up in {setup.Elapsed.TotalSeconds:F1} s");
        using var stop = new CancellationTokenSource();
        var receivers = legs.SelectMany(l => l.Receivers(stop.Token)).ToList();
        var warmup = TimeSpan.FromSeconds(warmupSeconds);
        var sender = Task.Factory.StartNew(() => SendLoop(legs, stop.Token), TaskCreationOptions.LongRunning);
        await Task.Delay(warmup);
        var before = CpuTicks(pid);
        var sentBefore = legs.Sum(l => l.Sent);
        var receivedBefore = legs.Sum(l => l.Received);
        var receivedABefore = legs.Sum(l => l.ReceivedA);
        var clock = Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(seconds));
        var after = CpuTicks(pid);
        var elapsed = clock.Elapsed.TotalSeconds;
        var sent = legs.Sum(l => l.Sent) - sentBefore;
        var received = legs.Sum(l => l.Received) - receivedBefore;
        var receivedA = legs.Sum(l => l.ReceivedA) - receivedABefore;
        await stop.CancelAsync();
        await sender;
        foreach (var leg in legs)
        {
            leg.Dispose();
        }

        await Task.WhenAll(receivers);
        var cpu = (after - before) / 100.0 / elapsed;
        // Per-packet cost over the packets the relay actually forwarded in the window: on a shared machine a relay
        // can fall behind (packets wait in its socket buffers), and dividing by the offered rate would flatter it.
        var pps = sent / elapsed;
        var relayed = received / elapsed;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{label}\tmode={mode}\tcalls={calls}\toffered_pps={pps:F0}\tdelivered={100.0 * received / Math.Max(1, sent):F2}% (to A {200.0 * receivedA / Math.Max(1, sent):F1}%, to B {200.0 * (received - receivedA) / Math.Max(1, sent):F1}%)\trelayed_pps={relayed:F0}\tcpu={100 * cpu:F1}%\tcpu_per_1000pps={100 * cpu / Math.Max(relayed / 1000, 1e-9):F2}%\tpps_per_core={relayed / Math.Max(cpu, 1e-9):F0}\tstreams_per_core={calls * 2 * (relayed / Math.Max(pps, 1e-9)) / Math.Max(cpu, 1e-9):F0}"));
        foreach (var leg in legs)
        {
            await leg.DeleteAsync(control, ng);
        }

        return 0;
    }

    private static void SendLoop(List<CallLoad> legs, CancellationToken token)
    {
        var next = Stopwatch.GetTimestamp();
        var interval = Stopwatch.Frequency / 50;
        var frame = 0;
        while (!token.IsCancellationRequested)
        {
            foreach (var leg in legs)
            {
                leg.SendFrame(frame);
            }

            frame++;
            next += interval;
            var wait = next - Stopwatch.GetTimestamp();
            if (wait > 0)
            {
                Thread.Sleep(TimeSpan.FromTicks(wait * TimeSpan.TicksPerSecond / Stopwatch.Frequency));
            }
        }
    }

    private static long CpuTicks(int pid)
    {
        if (pid <= 0)
        {
            return 0;
        }

        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
    }

    internal static async Task<BencodeValue> NgAsync(Socket control, IPEndPoint ng, IEnumerable<KeyValuePair<string, BencodeValue>> entries)
    {
        var cookie = Guid.NewGuid().ToString("N")[..12];
        var body = BencodeWriter.ToArray(BencodeValue.FromDictionary(entries));
        var datagram = new byte[cookie.Length + 1 + body.Length];
        Encoding.ASCII.GetBytes(cookie + " ").CopyTo(datagram, 0);
        body.CopyTo(datagram, cookie.Length + 1);
        await control.SendToAsync(datagram, SocketFlags.None, ng);
        var buffer = new byte[65536];
        while (true)
        {
            var received = await control.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0)).WaitAsync(TimeSpan.FromSeconds(5));
            var text = buffer.AsMemory(0, received.ReceivedBytes);
            var space = text.Span.IndexOf((byte)' ');
            if (space < 0 || Encoding.ASCII.GetString(text.Span[..space]) != cookie)
            {
                continue;
            }

            if (!BencodeReader.TryRead(text[(space + 1)..].ToArray().AsMemory(), out var reply, out var error))
            {
                throw new InvalidOperationException("bad ng reply: " + error);
            }

            return reply!;
        }
    }

    /// <summary>One call's two ends as the generator sees them.</summary>
    private sealed class CallLoad : IDisposable
    {
        // What a browser's libopus sends (VOIP, 20 ms) at the bandwidth and default bitrate Chrome picks for the
        // receiver's maxplaybackrate: fullband 32 kbit/s (hybrid packets) without one, wideband 20 kbit/s up to 16 kHz,
        // narrowband 12 kbit/s up to 8 kHz (SILK-only packets).
        private static readonly byte[][] FullbandFrames = EncodeOpus(null, 32000);
        private static readonly byte[][] WidebandFrames = EncodeOpus(OpusBandwidth.Wideband, 20000);
        private static readonly byte[][] NarrowbandFrames = EncodeOpus(OpusBandwidth.Narrowband, 12000);
        private byte[][] _opusFrames = FullbandFrames;
        private static readonly byte[] PcmuFrame = Enumerable.Repeat((byte)0xFF, 160).ToArray();
        private readonly byte[] _sendBuffer = new byte[2048];
        private Socket _a = null!;
        private Socket _b = null!;
        private IPEndPoint _toFromA = null!;
        private IPEndPoint _toFromB = null!;
        private SrtpContext? _protect;
        private SrtpContext? _unprotect;
        private IceControllingClient? _ice;
        private DtlsSrtpSession? _dtls;
        private int _payloadTypeA;
        private int _payloadTypeB;
        private bool _opusA;
        private long _sent;
        private long _received;
        private long _receivedA;
        private string _callId = "";

        public long Sent => Interlocked.Read(ref _sent);

        public long Received => Interlocked.Read(ref _received);

        public long ReceivedA => Interlocked.Read(ref _receivedA);

        public static async Task<CallLoad> SetUpAsync(Socket control, IPEndPoint ng, string mode, int index, bool honourMaxPlaybackRate)
        {
            var load = new CallLoad { _callId = $"load-{index}-{Guid.NewGuid():N}" };
            load._a = Bind();
            load._b = Bind(even: true);
            var webRtc = mode is "srtp" or "transcode";
            load._opusA = mode is "transcode" or "plain-transcode";
            var ice = IceCredentials.Generate();
            var sdes = mode == "sdes";
            var sdesKey = RandomNumberGenerator.GetBytes(30);
            var offerSdp = webRtc ? BrowserOffer(load._a, ice, load._opusA)
                : sdes ? PlainSdp(load._a, "0 PCMU/8000", "RTP/SAVP", $"a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:{Convert.ToBase64String(sdesKey)}\r\n")
                : PlainSdp(load._a, load._opusA ? "111 opus/48000/2" : "0 PCMU/8000");
            var offerFlags = webRtc || sdes ? "ICE=remove DTLS=off RTP/AVP" : load._opusA ? "codec-transcode=PCMU" : "";
            var offer = await NgAsync(control, ng, Request("offer", load._callId, offerSdp, offerFlags, null));
            var plainOffer = Sdp(offer);
            var plainMedia = plainOffer.Media.First(m => m.Port != 0);
            load._toFromB = new IPEndPoint(IPAddress.Parse(plainOffer.EffectiveConnection(plainMedia)!.Host), plainMedia.Port);
            var answer = await NgAsync(control, ng, Request("answer", load._callId, PlainSdp(load._b, "0 PCMU/8000"), "", "to"));
            var towardsA = Sdp(answer);
            var mediaA = towardsA.Media.First(m => m.Port != 0);
            var formatA = mediaA.PayloadFormats.First(f => !f.IsTelephoneEvent);
            load._payloadTypeA = formatA.PayloadType;
            if (honourMaxPlaybackRate && formatA.ToFmtp() is { } fmtp && fmtp.TryGetParameter("maxplaybackrate", out var rate) &&
                int.TryParse(rate, CultureInfo.InvariantCulture, out var maxPlaybackRate))
            {
                load._opusFrames = maxPlaybackRate <= 8000 ? NarrowbandFrames : maxPlaybackRate <= 16000 ? WidebandFrames : FullbandFrames;
            }

            load._payloadTypeB = 0;
            load._toFromA = new IPEndPoint(IPAddress.Parse(towardsA.EffectiveConnection(mediaA)!.Host), mediaA.Port);
            if (webRtc)
            {
                await load.ConnectAsync(ice, mediaA);
            }
            else if (sdes)
            {
                // A protects with its own key; the relay's answer carries the key it protects with towards A.
                var crypto = mediaA.Attributes.First(a => a.Name == "crypto").Value!;
                var inline = crypto[(crypto.IndexOf("inline:", StringComparison.Ordinal) + 7)..].Split('|', ' ')[0];
                var relayKey = Convert.FromBase64String(inline);
                load._protect = new SrtpContext(SrtpProtectionProfile.AesCm128HmacSha1_80, sdesKey.AsSpan(0, 16), sdesKey.AsSpan(16));
                load._unprotect = new SrtpContext(SrtpProtectionProfile.AesCm128HmacSha1_80, relayKey.AsSpan(0, 16), relayKey.AsSpan(16));
            }

            return load;
        }

        public IEnumerable<Task> Receivers(CancellationToken token)
        {
            yield return Task.Run(() => ReceiveAsync(_a, decrypt: _unprotect is not null, token));
            yield return Task.Run(() => ReceiveAsync(_b, decrypt: false, token));
        }

        public void SendFrame(int frame)
        {
            // A -> relay -> B
            var payload = _opusA ? _opusFrames[frame % _opusFrames.Length] : PcmuFrame;
            var length = Write(_sendBuffer, _payloadTypeA, (ushort)frame, (uint)(frame * (_opusA ? 960 : 160)), 0xA0000000u, payload);
            if (_protect is not null && _protect.ProtectRtp(_sendBuffer, length, out var protectedLength) == SrtpResult.Ok)
            {
                length = protectedLength;
            }

            Send(_a, length, _toFromA);

            // B -> relay -> A
            length = Write(_sendBuffer, _payloadTypeB, (ushort)frame, (uint)(frame * 160), 0xB0000000u, PcmuFrame);
            Send(_b, length, _toFromB);
        }

        public async Task DeleteAsync(Socket control, IPEndPoint ng) =>
            await NgAsync(control, ng, Request("delete", _callId, null, "", null));

        public void Dispose()
        {
            _a.Dispose();
            _b.Dispose();
            _ice?.Dispose();
            _protect?.Dispose();
            _unprotect?.Dispose();
        }

        private void Send(Socket socket, int length, IPEndPoint to)
        {
            try
            {
                socket.SendTo(_sendBuffer.AsSpan(0, length), SocketFlags.None, to);
                Interlocked.Increment(ref _sent);
            }
            catch (SocketException)
            {
            }
        }

        private async Task ReceiveAsync(Socket socket, bool decrypt, CancellationToken token)
        {
            var buffer = new byte[2048];
            var from = new IPEndPoint(IPAddress.Any, 0);
            while (!token.IsCancellationRequested)
            {
                int n;
                IPEndPoint source;
                try
                {
                    var result = await socket.ReceiveFromAsync(buffer, SocketFlags.None, from, token);
                    n = result.ReceivedBytes;
                    source = (IPEndPoint)result.RemoteEndPoint;
                }
                catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
                {
                    if (token.IsCancellationRequested)
                    {
                        return;
                    }

                    continue;
                }

                if (n < 2 || buffer[0] < 128 || buffer[1] is >= 192 and <= 223)
                {
                    HandleControl(buffer.AsSpan(0, n), source);
                    continue;
                }

                if (!decrypt || _unprotect!.UnprotectRtp(buffer.AsSpan(0, n), out _) == SrtpResult.Ok)
                {
                    Interlocked.Increment(ref _received);
                    if (socket == _a)
                    {
                        Interlocked.Increment(ref _receivedA);
                    }
                }
            }
        }

        private void HandleControl(ReadOnlySpan<byte> datagram, IPEndPoint from)
        {
            switch (MediaPacketClassifier.Classify(datagram))
            {
                case MediaPacketKind.Stun:
                    _ice?.ProcessStun(datagram, from);
                    break;
                case MediaPacketKind.Dtls:
                    _dtls?.TryDeliver(datagram);
                    break;
            }
        }

        private async Task ConnectAsync(IceCredentials ice, MediaDescription bridge)
        {
            var candidate = bridge.Candidates.First();
            var remote = new IPEndPoint(IPAddress.Parse(candidate.Address), candidate.Port);
            _ice = new IceControllingClient(ice, bridge.IceUfrag!, bridge.IcePwd!, remote, (d, to) => _a.SendTo(d, SocketFlags.None, to));
            _dtls = new DtlsSrtpSession(DtlsRole.Client, Certificate, bridge.Fingerprints, d => _a.SendTo(d, SocketFlags.None, remote));
            using var setupStop = new CancellationTokenSource();
            var receiver = Task.Run(() => ReceiveAsync(_a, decrypt: false, setupStop.Token));
            _ice.Start();
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (!_ice.CanSend && DateTime.UtcNow < deadline)
            {
                await Task.Delay(5);
            }

            if (!_ice.CanSend)
            {
                throw new InvalidOperationException("ICE did not connect: " + _ice.State);
            }

            var result = await _dtls.HandshakeAsync().WaitAsync(TimeSpan.FromSeconds(20));
            await setupStop.CancelAsync();
            _a.ReceiveTimeout = 1;
            try
            {
                await receiver;
            }
            catch (OperationCanceledException)
            {
            }

            if (!result.Succeeded)
            {
                throw new InvalidOperationException("DTLS failed: " + result);
            }

            var material = result.KeyingMaterial!;
            (_protect, _unprotect) = SrtpDtlsKeyingMaterial.CreateContexts((SrtpProtectionProfile)material.Profile, material.Material, isClient: true);
        }

        private static readonly DtlsCertificate Certificate = DtlsCertificate.Generate("CN=load");

        private static int Write(byte[] buffer, int payloadType, ushort sequence, uint timestamp, uint ssrc, byte[] payload)
        {
            buffer[0] = 0x80;
            buffer[1] = (byte)payloadType;
            BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(2), sequence);
            BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(4), timestamp);
            BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(8), ssrc);
            payload.CopyTo(buffer, 12);
            return 12 + payload.Length;
        }

        private static Socket Bind(bool even = false)
        {
            while (true)
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
                if (!even || ((IPEndPoint)socket.LocalEndPoint!).Port % 2 == 0)
                {
                    socket.ReceiveBufferSize = 1 << 20;
                    return socket;
                }

                socket.Dispose();
            }
        }

        private static byte[][] EncodeOpus(OpusBandwidth? bandwidth, int bitrate)
        {
            using var encoder = new OpusAudioEncoder(new OpusEncoderOptions { MaxBandwidth = bandwidth, Bitrate = bitrate });
            var frames = new byte[50][];
            var pcm = new short[960];
            var payload = new byte[OpusAudioEncoder.MaxFramePayloadBytes];
            for (var f = 0; f < frames.Length; f++)
            {
                for (var i = 0; i < pcm.Length; i++)
                {
                    pcm[i] = (short)(8000 * Math.Sin(2 * Math.PI * 440 * ((f * 960) + i) / 48000));
                }

                frames[f] = payload.AsSpan(0, encoder.Encode(pcm, payload)).ToArray();
            }

            return frames;
        }

        private static string BrowserOffer(Socket socket, IceCredentials ice, bool opus) =>
            "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0\r\n" +
            $"m=audio 9 UDP/TLS/RTP/SAVPF {(opus ? "111" : "0")}\r\nc=IN IP4 0.0.0.0\r\n" +
            $"a=candidate:1 1 udp 2122260223 127.0.0.1 {((IPEndPoint)socket.LocalEndPoint!).Port} typ host\r\n" +
            $"a=ice-ufrag:{ice.Ufrag}\r\na=ice-pwd:{ice.Password}\r\na=fingerprint:{Certificate.Fingerprint.FormatValue()}\r\n" +
            $"a=setup:actpass\r\na=mid:0\r\na=sendrecv\r\na=rtcp-mux\r\na=rtpmap:{(opus ? "111 opus/48000/2" : "0 PCMU/8000")}\r\n";

        private static string PlainSdp(Socket socket, string codec, string protocol = "RTP/AVP", string extra = "") =>
            $"v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio {((IPEndPoint)socket.LocalEndPoint!).Port} {protocol} {codec.Split(' ')[0]}\r\n" +
            $"a=rtpmap:{codec}\r\na=ptime:20\r\na=sendrecv\r\n{extra}";

        private static IEnumerable<KeyValuePair<string, BencodeValue>> Request(string command, string callId, string? sdp, string flags, string? toTag)
        {
            yield return new("command", BencodeValue.FromString(command));
            yield return new("call-id", BencodeValue.FromString(callId));
            yield return new("from-tag", BencodeValue.FromString("from"));
            if (toTag is not null)
            {
                yield return new("to-tag", BencodeValue.FromString(toTag));
            }

            if (sdp is not null)
            {
                yield return new("sdp", BencodeValue.FromString(sdp));
            }

            foreach (var flag in flags.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                if (flag.StartsWith("ICE=", StringComparison.Ordinal))
                {
                    yield return new("ICE", BencodeValue.FromString(flag[4..]));
                }
                else if (flag.StartsWith("DTLS=", StringComparison.Ordinal))
                {
                    yield return new("DTLS", BencodeValue.FromString(flag[5..]));
                }
                else if (flag == "RTP/AVP")
                {
                    yield return new("transport-protocol", BencodeValue.FromString(flag));
                }
                else if (flag.StartsWith("codec-transcode=", StringComparison.Ordinal))
                {
                    yield return new("codec", BencodeValue.FromDictionary(new KeyValuePair<string, BencodeValue>[] { new("transcode", BencodeValue.FromStrings([flag[16..]])) }));
                }
            }
        }

        private static SessionDescription Sdp(BencodeValue reply)
        {
            if (!reply.TryGetValue("sdp", out var sdp) || sdp is null || !SessionDescription.TryParse(sdp.Bytes.Span, out var description, out var error))
            {
                throw new InvalidOperationException("ng reply without usable SDP: " + reply);
            }

            return description;
        }
    }
}
