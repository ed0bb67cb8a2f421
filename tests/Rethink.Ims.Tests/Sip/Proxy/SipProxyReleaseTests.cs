using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using Rethink.Ims.Sip.Messages;
using Rethink.Ims.Sip.Proxy;
using Peer = Rethink.Ims.Tests.Sip.Proxy.ProxyHarness.Peer;

namespace Rethink.Ims.Tests.Sip.Proxy;

/// <summary>
/// A proxied INVITE's transactions wait 32 s after the call is answered (RFC 6026 timers L and M over UDP) to absorb and
/// forward retransmissions. The proxy's copy of the INVITE, the copy it sent on the branch and the client transaction's
/// reference to it must not wait with them: at 1,000 calls a second they were most of the heap. The test follows the bytes
/// of the proxy's copy through a media anchor that sees the branch's body (a slice of them) and keeps only a weak reference.
/// </summary>
public sealed class SipProxyReleaseTests
{
    private const string Offer = "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n";

    /// <summary>Leaves every body unchanged and remembers, weakly, the array under the first offer it sees.</summary>
    private sealed class WatchingAnchor : ISipMediaAnchor
    {
        public WeakReference<byte[]>? OfferBytes { get; private set; }

        public ValueTask<SipMediaAnchorResult> OfferAsync(SipMediaOffer offer, CancellationToken cancellationToken)
        {
            if (OfferBytes is null && MemoryMarshal.TryGetArray(offer.Sdp, out var segment))
            {
                OfferBytes = new WeakReference<byte[]>(segment.Array!);
            }

            return ValueTask.FromResult(SipMediaAnchorResult.Unchanged);
        }

        public ValueTask<SipMediaAnchorResult> AnswerAsync(SipMediaAnswer answer, CancellationToken cancellationToken) =>
            ValueTask.FromResult(SipMediaAnchorResult.Unchanged);

        public ValueTask DeleteAsync(SipMediaDialog dialog, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }

    [Theory]
    [InlineData(200)]
    [InlineData(486)]
    public async Task An_answered_or_refused_invite_lets_go_of_its_copies_while_its_transactions_wait(int status)
    {
        var anchor = new WatchingAnchor();
        await using var proxy = await ProxyHarness.StartAsync(anchor: anchor);
        using var caller = new Peer();
        using var callee = new Peer();
        await proxy.BindAsync("bob", (callee, null));
        await caller.SendAsync(Invite(caller), proxy.Listener);
        var invite = await callee.ReceiveRequestAsync("INVITE");

        Assert.NotNull(anchor.OfferBytes);
        Assert.True(await StillAliveAfterCollectingAsync(anchor.OfferBytes, seconds: 0.2), "the proxy must keep its copy while the call is pending");

        await callee.RespondAsync(invite, status, proxy.Listener);
        await caller.ReceiveResponseAsync(status);

        Assert.False(await StillAliveAfterCollectingAsync(anchor.OfferBytes, seconds: 5), "the settled proxy transaction still holds the INVITE's bytes");
    }

    /// <summary>True when the array survives collections for <paramref name="seconds"/> (the proxy lets go on its own thread
    /// just after forwarding the final response, so a release is waited for).</summary>
    private static async Task<bool> StillAliveAfterCollectingAsync(WeakReference<byte[]> bytes, double seconds)
    {
        var until = DateTime.UtcNow.AddSeconds(seconds);
        do
        {
            if (!IsAlive(bytes))
            {
                return false;
            }

            await Task.Delay(20);
        }
        while (DateTime.UtcNow < until);
        return IsAlive(bytes);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool IsAlive(WeakReference<byte[]> bytes)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return bytes.TryGetTarget(out _);
    }

    private static string Invite(Peer caller) =>
        $"INVITE sip:bob@example.com SIP/2.0\nVia: SIP/2.0/UDP {caller.EndPoint};branch=z9hG4bK-release-1;rport\n" +
        "From: <sip:carol@remote.test>;tag=caller\nTo: <sip:bob@example.com>\nCall-ID: release-1\nCSeq: 1 INVITE\n" +
        $"Contact: <sip:carol@{caller.EndPoint}>\nMax-Forwards: 70\nContent-Type: application/sdp\nContent-Length: {Encoding.ASCII.GetByteCount(Offer)}\n\n" +
        Offer.Replace("\r\n", "\n", StringComparison.Ordinal);
}
