using System.Net;
using Microsoft.Extensions.Time.Testing;
using Rethink.Ims.Media.Control;

namespace Rethink.Ims.Tests.Media.Control;

public class NgReplyCacheTests
{
    private static readonly IPEndPoint Kamailio = new(IPAddress.Loopback, 40000);
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(30);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));

    private NgReplyCache Cache(int maxEntries = 10_000, long maxBytes = 1 << 20) => new(Ttl, maxEntries, maxBytes, _time);

    [Fact]
    public void A_new_cookie_executes_then_a_repeat_while_executing_is_dropped_then_replayed_once_answered()
    {
        var cache = Cache();
        Assert.Equal(NgReplyCacheLookup.New, cache.Begin("1_1_1", Kamailio, out var reply));
        Assert.Null(reply);
        Assert.Equal(NgReplyCacheLookup.InProgress, cache.Begin("1_1_1", Kamailio, out reply));
        Assert.Null(reply);

        byte[] answer = [1, 2, 3];
        cache.Complete("1_1_1", Kamailio, answer);
        Assert.Equal(NgReplyCacheLookup.Replay, cache.Begin("1_1_1", Kamailio, out reply));
        Assert.Same(answer, reply);
        Assert.Equal(1, cache.Count);
        Assert.Equal(3, cache.Bytes);
    }

    [Fact]
    public void The_same_cookie_from_another_sender_is_another_request()
    {
        var cache = Cache();
        Assert.Equal(NgReplyCacheLookup.New, cache.Begin("c", Kamailio, out _));
        cache.Complete("c", Kamailio, [1]);
        Assert.Equal(NgReplyCacheLookup.New, cache.Begin("c", new IPEndPoint(IPAddress.Loopback, 40001), out _));
        Assert.Equal(NgReplyCacheLookup.New, cache.Begin("C", Kamailio, out _));
    }

    [Fact]
    public void A_reply_expires_its_ttl_after_it_was_stored()
    {
        var cache = Cache();
        cache.Begin("c", Kamailio, out _);
        _time.Advance(TimeSpan.FromSeconds(10));
        cache.Complete("c", Kamailio, [1]);

        _time.Advance(Ttl - TimeSpan.FromTicks(1));
        Assert.Equal(NgReplyCacheLookup.Replay, cache.Begin("c", Kamailio, out _));

        _time.Advance(TimeSpan.FromTicks(1));
        Assert.Equal(0, cache.Count);
        Assert.Equal(0, cache.Bytes);
        Assert.Equal(NgReplyCacheLookup.New, cache.Begin("c", Kamailio, out _));
    }

    [Fact]
    public void A_request_still_executing_does_not_expire()
    {
        var cache = Cache();
        cache.Begin("c", Kamailio, out _);
        _time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(NgReplyCacheLookup.InProgress, cache.Begin("c", Kamailio, out _));
    }

    [Fact]
    public void An_abandoned_request_runs_again_when_retransmitted()
    {
        var cache = Cache();
        cache.Begin("c", Kamailio, out _);
        cache.Abandon("c", Kamailio);
        Assert.Equal(NgReplyCacheLookup.New, cache.Begin("c", Kamailio, out _));

        // Abandoning an answered request changes nothing.
        cache.Complete("c", Kamailio, [1]);
        cache.Abandon("c", Kamailio);
        Assert.Equal(NgReplyCacheLookup.Replay, cache.Begin("c", Kamailio, out _));
    }

    [Fact]
    public void When_full_the_oldest_answered_request_is_forgotten()
    {
        var cache = Cache(maxEntries: 3);
        foreach (var cookie in new[] { "a", "b", "c" })
        {
            cache.Begin(cookie, Kamailio, out _);
            cache.Complete(cookie, Kamailio, [1]);
        }

        Assert.Equal(NgReplyCacheLookup.New, cache.Begin("d", Kamailio, out _));
        Assert.Equal(3, cache.Count);
        Assert.Equal(NgReplyCacheLookup.Replay, cache.Begin("b", Kamailio, out _));
        Assert.Equal(NgReplyCacheLookup.Replay, cache.Begin("c", Kamailio, out _));
        Assert.Equal(NgReplyCacheLookup.InProgress, cache.Begin("d", Kamailio, out _));
    }

    [Fact]
    public void When_every_slot_is_executing_a_new_request_runs_untracked()
    {
        var cache = Cache(maxEntries: 2);
        cache.Begin("a", Kamailio, out _);
        cache.Begin("b", Kamailio, out _);
        Assert.Equal(NgReplyCacheLookup.New, cache.Begin("c", Kamailio, out _));
        cache.Complete("c", Kamailio, [1]);
        Assert.Equal(2, cache.Count);
        Assert.Equal(NgReplyCacheLookup.New, cache.Begin("c", Kamailio, out _));
    }

    [Fact]
    public void Reply_bytes_are_bounded_by_forgetting_the_oldest_replies()
    {
        var cache = Cache(maxBytes: 10);
        cache.Begin("a", Kamailio, out _);
        cache.Complete("a", Kamailio, new byte[6]);
        cache.Begin("b", Kamailio, out _);
        cache.Complete("b", Kamailio, new byte[4]);
        Assert.Equal(10, cache.Bytes);

        cache.Begin("c", Kamailio, out _);
        cache.Complete("c", Kamailio, new byte[5]);
        Assert.Equal(9, cache.Bytes);
        Assert.Equal(NgReplyCacheLookup.New, cache.Begin("a", Kamailio, out _));
        Assert.Equal(NgReplyCacheLookup.Replay, cache.Begin("b", Kamailio, out _));

        // A reply larger than the whole budget is not kept at all.
        cache.Begin("big", Kamailio, out _);
        cache.Complete("big", Kamailio, new byte[11]);
        Assert.Equal(NgReplyCacheLookup.New, cache.Begin("big", Kamailio, out _));
    }

    [Fact]
    public void Expired_replies_are_swept_in_the_order_they_were_answered_not_begun()
    {
        var cache = Cache();
        cache.Begin("slow", Kamailio, out _);
        cache.Begin("fast", Kamailio, out _);
        cache.Complete("fast", Kamailio, [1]);
        _time.Advance(TimeSpan.FromSeconds(20));
        cache.Complete("slow", Kamailio, [2]);
        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(NgReplyCacheLookup.New, cache.Begin("fast", Kamailio, out _));
        Assert.Equal(NgReplyCacheLookup.Replay, cache.Begin("slow", Kamailio, out _));
    }
}
