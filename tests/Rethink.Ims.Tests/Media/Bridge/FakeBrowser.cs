using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Rethink.Ims.Media.Dtls;
using Rethink.Ims.Media.Ice;
using Rethink.Ims.Media.Rtp;
using Rethink.Ims.Media.Sdp;
using Rethink.Ims.Media.Srtp;
using Rethink.Ims.Media.Stun;

namespace Rethink.Ims.Tests.Media.Bridge;

/// <summary>
/// A browser made of our own primitives on a loopback socket: an ICE controlling client that nominates the bridge's
/// host candidate, a DTLS client (or server) with its own certificate, and SRTP contexts from the exported keys.
/// </summary>
internal sealed class FakeBrowser : IAsyncDisposable
{
    public static readonly DtlsCertificate BrowserCertificate = DtlsCertificate.Generate("CN=fake-browser");
    public static readonly DtlsCertificate StrangerCertificate = DtlsCertificate.Generate("CN=stranger");

    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;
    private IceControllingClient? _ice;
    private DtlsSrtpSession? _dtls;
    private IPEndPoint? _remote;

    public FakeBrowser(DtlsCertificate? certificate = null)
    {
        Certificate = certificate ?? BrowserCertificate;
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        Local = (IPEndPoint)_socket.LocalEndPoint!;
    }

    public IPEndPoint Local { get; }

    /// <summary>This browser's DTLS certificate (its fingerprint is in its SDP).</summary>
    public DtlsCertificate Certificate { get; }

    public IceCredentials Ice { get; set; } = IceCredentials.Generate();

    public SrtpContext? Protect { get; private set; }

    public SrtpContext? Unprotect { get; private set; }

    public IceControllingClient? IceClient => _ice;

    /// <summary>RTP packets received and decrypted.</summary>
    public ConcurrentQueue<byte[]> ReceivedRtp { get; } = new();

    /// <summary>RTCP packets received and decrypted.</summary>
    public ConcurrentQueue<byte[]> ReceivedRtcp { get; } = new();

    /// <summary>A Chrome-shaped offer with the given codecs (e.g. "111 opus/48000/2", "0 PCMU/8000").</summary>
    public string Offer(IEnumerable<string> codecs, DtlsFingerprint? fingerprint = null, string setup = "actpass")
    {
        var list = codecs.ToList();
        var pts = string.Join(' ', list.Select(c => c.Split(' ')[0]));
        var rtpmaps = string.Concat(list.Select(c => $"a=rtpmap:{c}\r\n"));
        return "v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0\r\na=msid-semantic: WMS\r\n" +
               $"m=audio 9 UDP/TLS/RTP/SAVPF {pts}\r\nc=IN IP4 0.0.0.0\r\na=rtcp:9 IN IP4 0.0.0.0\r\n" +
               $"a=candidate:1 1 udp 2122260223 {Guid.NewGuid()}.local {Local.Port} typ host generation 0\r\n" +
               $"a=ice-ufrag:{Ice.Ufrag}\r\na=ice-pwd:{Ice.Password}\r\na=ice-options:trickle\r\n" +
               $"a=fingerprint:{(fingerprint ?? Certificate.Fingerprint).FormatValue()}\r\na=setup:{setup}\r\na=mid:0\r\n" +
               "a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level\r\na=sendrecv\r\na=rtcp-mux\r\n" + rtpmaps;
    }

    /// <summary>A Chrome-shaped answer to a WebRTC offer from the bridge, taking <paramref name="codec"/>.</summary>
    public string Answer(SessionDescription offer, string codec, string setup = "active")
    {
        var media = offer.Media.First(m => m.Port != 0);
        return "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE " + media.Mid + "\r\n" +
               $"m=audio 9 {media.Protocol} {codec.Split(' ')[0]}\r\nc=IN IP4 0.0.0.0\r\n" +
               $"a=ice-ufrag:{Ice.Ufrag}\r\na=ice-pwd:{Ice.Password}\r\n" +
               $"a=fingerprint:{Certificate.Fingerprint.FormatValue()}\r\na=setup:{setup}\r\na=mid:{media.Mid}\r\n" +
               $"a=sendrecv\r\na=rtcp-mux\r\na=rtpmap:{codec}\r\n";
    }

    /// <summary>Runs ICE against the bridge's answer (or offer) and then DTLS in <paramref name="role"/>.</summary>
    public async Task<DtlsHandshakeResult> ConnectAsync(SessionDescription bridgeSdp, DtlsRole role, string? icePasswordOverride = null)
    {
        var media = bridgeSdp.Media.First(m => m.Port != 0);
        var candidate = media.Candidates.First();
        _remote = new IPEndPoint(IPAddress.Parse(candidate.Address), candidate.Port);
        _ice = new IceControllingClient(Ice, media.IceUfrag!, icePasswordOverride ?? media.IcePwd!, _remote,
            (datagram, to) => _socket.SendTo(datagram, SocketFlags.None, to));
        _dtls = new DtlsSrtpSession(role, Certificate, media.Fingerprints, datagram => _socket.SendTo(datagram, SocketFlags.None, _remote));
        _loop = Task.Run(ReceiveLoopAsync);
        _ice.Start();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (_ice.State != IceAgentState.Connected)
        {
            if (_ice.State == IceAgentState.Failed || DateTime.UtcNow > deadline)
            {
                return DtlsHandshakeResult.Failure(DtlsHandshakeStatus.Closed, role, null, false, "ICE " + _ice.State);
            }

            await Task.Delay(10);
        }

        var result = await _dtls.HandshakeAsync().WaitAsync(TimeSpan.FromSeconds(20));
        if (result.Succeeded)
        {
            var material = result.KeyingMaterial!;
            (Protect, Unprotect) = SrtpDtlsKeyingMaterial.CreateContexts((SrtpProtectionProfile)material.Profile, material.Material, role == DtlsRole.Client);
        }

        return result;
    }

    /// <summary>
    /// One ICE check without USE-CANDIDATE (so the bridge knows the address but nothing is nominated), then DTLS in
    /// <paramref name="role"/>: the order a browser may take when DTLS beats nomination.
    /// </summary>
    public async Task<DtlsHandshakeResult> ConnectWithoutNominationAsync(SessionDescription bridgeSdp, DtlsRole role)
    {
        var media = bridgeSdp.Media.First(m => m.Port != 0);
        var candidate = media.Candidates.First();
        _remote = new IPEndPoint(IPAddress.Parse(candidate.Address), candidate.Port);
        _dtls = new DtlsSrtpSession(role, Certificate, media.Fingerprints, datagram => _socket.SendTo(datagram, SocketFlags.None, _remote));
        _loop = Task.Run(ReceiveLoopAsync);
        var check = new byte[256];
        var writer = new StunMessageWriter(check, StunMessageType.BindingRequest, System.Security.Cryptography.RandomNumberGenerator.GetBytes(12));
        writer.AddUsername(media.IceUfrag + ":" + Ice.Ufrag);
        writer.AddPriority(IceCandidate.ComputePriority(110, 65535, 1));
        writer.AddIceControlling(42);
        writer.AddMessageIntegrity(StunCredentials.ShortTermKey(media.IcePwd!));
        writer.AddFingerprint();
        var length = writer.Length;
        _socket.SendTo(check.AsSpan(0, length), SocketFlags.None, _remote);
        await Task.Delay(100);   // let the check land before the ClientHello (a later one would be retransmitted anyway)
        var result = await _dtls.HandshakeAsync().WaitAsync(TimeSpan.FromSeconds(20));
        if (result.Succeeded)
        {
            var material = result.KeyingMaterial!;
            (Protect, Unprotect) = SrtpDtlsKeyingMaterial.CreateContexts((SrtpProtectionProfile)material.Profile, material.Material, role == DtlsRole.Client);
        }

        return result;
    }

    /// <summary>Hangs up the way a browser's <c>pc.close()</c> does: DTLS close_notify.</summary>
    public void CloseDtls() => _dtls!.Close();

    /// <summary>
    /// An ICE restart on a running call: the old client stops, a new one checks with <see cref="Ice"/> (set new ones
    /// before the re-offer) against the bridge's answer, from the same socket; DTLS and SRTP stay.
    /// </summary>
    public async Task<IceAgentState> RestartIceAsync(SessionDescription bridgeAnswer, TimeSpan wait)
    {
        var media = bridgeAnswer.Media.First(m => m.Port != 0);
        _ice?.Dispose();
        _ice = new IceControllingClient(Ice, media.IceUfrag!, media.IcePwd!, _remote!, (datagram, to) => _socket.SendTo(datagram, SocketFlags.None, to));
        _ice.Start();
        var deadline = DateTime.UtcNow + wait;
        while (_ice.State is IceAgentState.New or IceAgentState.Checking && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }

        return _ice.State;
    }

    /// <summary>Only ICE (for the wrong-password test): true when the client got connected.</summary>
    public async Task<IceAgentState> RunIceAsync(SessionDescription bridgeSdp, string password, TimeSpan wait)
    {
        var media = bridgeSdp.Media.First(m => m.Port != 0);
        var candidate = media.Candidates.First();
        _remote = new IPEndPoint(IPAddress.Parse(candidate.Address), candidate.Port);
        _ice = new IceControllingClient(Ice, media.IceUfrag!, password, _remote, (datagram, to) => _socket.SendTo(datagram, SocketFlags.None, to));
        _loop = Task.Run(ReceiveLoopAsync);
        _ice.Start();
        var deadline = DateTime.UtcNow + wait;
        while (_ice.State is IceAgentState.New or IceAgentState.Checking && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }

        return _ice.State;
    }

    /// <summary>Encrypts and sends an RTP packet; returns the datagram sent.</summary>
    public byte[] SendRtp(ReadOnlySpan<byte> rtp)
    {
        var buffer = new byte[rtp.Length + 64];
        rtp.CopyTo(buffer);
        Assert.Equal(SrtpResult.Ok, Protect!.ProtectRtp(buffer, rtp.Length, out var length));
        var datagram = buffer[..length];
        SendRaw(datagram);
        return datagram;
    }

    public void SendRaw(byte[] datagram) => _socket.SendTo(datagram, SocketFlags.None, _remote!);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _socket.Dispose();
        if (_loop is not null)
        {
            await _loop;
        }

        _ice?.Dispose();
        if (_dtls is not null)
        {
            await _dtls.DisposeAsync();
        }

        Protect?.Dispose();
        Unprotect?.Dispose();
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new byte[2048];
        while (!_stop.IsCancellationRequested)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), _stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                if (_stop.IsCancellationRequested)
                {
                    return;
                }

                continue;
            }

            var datagram = buffer.AsSpan(0, received.ReceivedBytes);
            var source = (IPEndPoint)received.RemoteEndPoint;
            switch (MediaPacketClassifier.Classify(datagram))
            {
                case MediaPacketKind.Stun:
                    _ice?.ProcessStun(datagram, source);
                    break;
                case MediaPacketKind.Dtls:
                    _dtls?.TryDeliver(datagram);
                    break;
                case MediaPacketKind.Rtp when Unprotect is { } rx:
                    if (rx.UnprotectRtp(datagram, out var n) == SrtpResult.Ok)
                    {
                        ReceivedRtp.Enqueue(datagram[..n].ToArray());
                    }

                    break;
                case MediaPacketKind.Rtcp when Unprotect is { } rx:
                    if (rx.UnprotectRtcp(datagram, out var m) == SrtpResult.Ok)
                    {
                        ReceivedRtcp.Enqueue(datagram[..m].ToArray());
                    }

                    break;
            }
        }
    }
}
