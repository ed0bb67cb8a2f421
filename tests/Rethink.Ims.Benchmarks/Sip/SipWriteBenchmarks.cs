using BenchmarkDotNet.Attributes;
using Rethink.Ims.Sip.Messages;

namespace Rethink.Ims.Benchmarks.Sip;

/// <summary>Serialise parsed messages into a reused buffer, as a transport would.</summary>
[MemoryDiagnoser]
public class SipWriteBenchmarks
{
    private readonly byte[] _output = new byte[8192];
    private SipMessage _register = null!;
    private SipMessage _invite = null!;
    private SipMessage _ok = null!;
    private byte[] _inviteBytes = [];

    [GlobalSetup]
    public void Setup()
    {
        _register = SipParser.Parse(BenchMessages.Load("register-ws.txt")).Message!;
        _inviteBytes = BenchMessages.Load("invite-webrtc.txt");
        _invite = SipParser.Parse(_inviteBytes).Message!;
        _ok = SipParser.Parse(BenchMessages.Load("ok-200.txt")).Message!;
    }

    [Benchmark]
    public int WriteRegister() => Write(_register);

    [Benchmark]
    public int WriteInvite() => Write(_invite);

    [Benchmark]
    public int WriteOk() => Write(_ok);

    /// <summary>What a proxy does: parse, add its Via on top, decrement Max-Forwards, write.</summary>
    [Benchmark]
    public int ForwardInvite()
    {
        using var m = SipParser.Parse(_inviteBytes).Message!;
        m.Headers.Prepend(SipHeaderId.Via, "SIP/2.0/UDP proxy.example.com;branch=z9hG4bKabcdef0123456789"u8);
        m.Headers.Set(SipHeaderId.MaxForwards, (m.MaxForwards ?? 70) - 1);
        return Write(m);
    }

    private int Write(SipMessage message) =>
        SipMessageWriter.TryWrite(message, _output, out var written) ? written : throw new InvalidOperationException();
}
