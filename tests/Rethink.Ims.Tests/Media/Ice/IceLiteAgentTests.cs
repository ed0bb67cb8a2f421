using System.Net;
using Microsoft.Extensions.Time.Testing;
using Rethink.Ims.Media.Ice;
using Rethink.Ims.Media.Sdp;
using Rethink.Ims.Media.Stun;
using static Rethink.Ims.Tests.Media.Ice.IceChecks;

namespace Rethink.Ims.Tests.Media.Ice;

public sealed class IceLiteAgentTests : IDisposable
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2025-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    private readonly Wire _wire = new();
    private readonly IceLiteAgent _agent;

    public IceLiteAgentTests()
    {
        _agent = new IceLiteAgent(Local, _wire.Send, timeProvider: _time);
        _agent.SetRemoteCredentials(RemoteUfrag, RemotePassword);
    }

    public void Dispose() => _agent.Dispose();

    [Fact]
    public void A_chrome_like_check_gets_a_success_response_keyed_with_the_local_password_mapping_the_source()
    {
        var request = Request(new Options { UseCandidate = true }, out var transactionId);

        var outcome = _agent.ProcessStun(request, Browser);

        Assert.Equal(IceCheckOutcome.Nominated, outcome);
        var (datagram, to) = Assert.Single(_wire.Sent);
        Assert.Equal(Browser, to);
        Assert.True(StunMessage.TryParse(datagram, out var response));
        Assert.Equal(StunMessageType.BindingSuccess, response.Type);
        Assert.True(response.TransactionId.SequenceEqual(transactionId));
        Assert.Equal(StunVerification.Valid, response.VerifyMessageIntegrity(StunCredentials.ShortTermKey(Local.Password)));
        Assert.Equal(StunVerification.Invalid, response.VerifyMessageIntegrity(StunCredentials.ShortTermKey(RemotePassword)));
        Assert.Equal(StunVerification.Valid, response.VerifyFingerprint());
        Assert.True(response.TryGetXorMappedAddress(out var mapped));
        Assert.Equal(Browser, mapped);
    }

    [Fact]
    public void An_IPv6_source_is_mapped_back_exactly()
    {
        var source = new IPEndPoint(IPAddress.Parse("2001:db8::7"), 9);
        _agent.ProcessStun(Request(), source);

        Assert.True(StunMessage.TryParse(_wire.Last, out var response));
        Assert.True(response.TryGetXorMappedAddress(out var mapped));
        Assert.Equal(source, mapped);
    }

    [Fact]
    public void A_wrong_password_is_answered_401_without_integrity_and_nominates_nothing()
    {
        var outcome = _agent.ProcessStun(Request(new Options { UseCandidate = true, Password = RemotePassword }), Browser);

        Assert.Equal(IceCheckOutcome.BadIntegrity, outcome);
        AssertError(401, withIntegrity: false);
        Assert.Null(_agent.SelectedEndpoint);
        Assert.False(_agent.CanSend);
        Assert.Equal(IceAgentState.New, _agent.State);
        Assert.Empty(_agent.RemoteCandidates);
    }

    [Theory]
    [InlineData("liteUfrag:other")]
    [InlineData("chro:liteUfrag")]
    [InlineData("liteUfra:chro")]
    [InlineData("liteUfrag:")]
    [InlineData("liteUfrag")]
    public void A_username_other_than_local_colon_remote_is_answered_401(string username)
    {
        var outcome = _agent.ProcessStun(Request(new Options { Username = username, UseCandidate = true }), Browser);

        Assert.Equal(IceCheckOutcome.WrongUsername, outcome);
        AssertError(401, withIntegrity: false);
        Assert.Null(_agent.SelectedEndpoint);
    }

    [Fact]
    public void Before_the_remote_ufrag_is_known_any_remote_part_is_accepted()
    {
        using var agent = new IceLiteAgent(Local, _wire.Send, timeProvider: _time);

        Assert.Equal(IceCheckOutcome.Accepted, agent.ProcessStun(Request(new Options { Username = "liteUfrag:early" }), Browser));
        Assert.Equal(IceCheckOutcome.WrongUsername, agent.ProcessStun(Request(new Options { Username = "liteUfrag:" }), Browser));
    }

    [Fact]
    public void A_check_without_integrity_is_answered_400()
    {
        Assert.Equal(IceCheckOutcome.BadRequest, _agent.ProcessStun(Request(new Options { Integrity = false, UseCandidate = true }), Browser));
        AssertError(400, withIntegrity: false);
        Assert.Null(_agent.SelectedEndpoint);
    }

    [Fact]
    public void A_check_without_fingerprint_is_dropped_silently()
    {
        Assert.Equal(IceCheckOutcome.BadFingerprint, _agent.ProcessStun(Request(new Options { Fingerprint = false, UseCandidate = true }), Browser));
        Assert.Empty(_wire.Sent);
        Assert.Null(_agent.SelectedEndpoint);
    }

    [Fact]
    public void A_check_without_priority_is_answered_400_with_integrity()
    {
        Assert.Equal(IceCheckOutcome.BadRequest, _agent.ProcessStun(Request(new Options { Priority = false }), Browser));
        AssertError(400, withIntegrity: true);
    }

    [Fact]
    public void An_unknown_comprehension_required_attribute_is_answered_420_listing_it()
    {
        Assert.Equal(IceCheckOutcome.UnknownAttributes, _agent.ProcessStun(Request(new Options { ExtraAttribute = 0x0033 }), Browser));
        AssertError(420, withIntegrity: true);
        Assert.True(StunMessage.TryParse(_wire.Last, out var response));
        var unknown = new ushort[4];
        Assert.True(response.TryGetUnknownAttributes(unknown, out var count));
        Assert.Equal([(ushort)0x0033], unknown[..count]);
    }

    [Fact]
    public void A_peer_claiming_the_controlled_role_gets_487_and_nominates_nothing()
    {
        var outcome = _agent.ProcessStun(Request(new Options { Controlling = false, Controlled = true, UseCandidate = true }), Browser);

        Assert.Equal(IceCheckOutcome.RoleConflict, outcome);
        AssertError(487, withIntegrity: true);
        Assert.Null(_agent.SelectedEndpoint);
    }

    [Fact]
    public void A_check_with_neither_role_attribute_is_accepted()
    {
        Assert.Equal(IceCheckOutcome.Accepted, _agent.ProcessStun(Request(new Options { Controlling = false }), Browser));
    }

    [Fact]
    public void Binding_indications_and_stray_responses_are_not_answered()
    {
        var buffer = new byte[64];
        var indication = new StunMessageWriter(buffer, StunMessageType.BindingIndication, new byte[12]);
        indication.AddFingerprint();
        Assert.Equal(IceCheckOutcome.Ignored, _agent.ProcessStun(indication.Written, Browser));

        var success = new StunMessageWriter(buffer, StunMessageType.BindingSuccess, new byte[12]);
        success.AddFingerprint();
        Assert.Equal(IceCheckOutcome.UnmatchedResponse, _agent.ProcessStun(success.Written, Browser));
        Assert.Empty(_wire.Sent);
    }

    [Fact]
    public void Credentials_set_after_early_checks_drop_the_peers_that_checked_with_other_ones_and_unselect_their_pair()
    {
        // A forking proxy gave our offer to two browsers; both checked before the answer named one of them.
        using var agent = new IceLiteAgent(Local, _wire.Send, timeProvider: _time);
        var other = new IPEndPoint(IPAddress.Parse("192.0.2.99"), 40000);
        Assert.Equal(IceCheckOutcome.Nominated, agent.ProcessStun(Request(new Options { Username = $"{Local.Ufrag}:othr", UseCandidate = true }), other));
        Assert.Equal(IceCheckOutcome.Accepted, agent.ProcessStun(Request(), Browser));
        Assert.Equal(other, agent.SelectedEndpoint);

        agent.SetRemoteCredentials(RemoteUfrag, RemotePassword);

        Assert.Equal([Browser], agent.RemoteEndPoints);
        Assert.Null(agent.SelectedEndpoint);
        Assert.Equal(IceAgentState.Checking, agent.State);
        Assert.Equal(IceCheckOutcome.WrongUsername, agent.ProcessStun(Request(new Options { Username = $"{Local.Ufrag}:othr", UseCandidate = true }), other));
        Assert.Equal(IceCheckOutcome.Nominated, agent.ProcessStun(Request(new Options { UseCandidate = true }), Browser));
        Assert.Equal(Browser, agent.SelectedEndpoint);
        Assert.Equal(IceAgentState.Connected, agent.State);
    }

    [Fact]
    public void The_source_of_a_valid_check_is_learnt_as_a_peer_reflexive_candidate_when_the_offer_has_only_mdns_candidates()
    {
        Assert.True(IceCandidate.TryParse("candidate:1 1 udp 2122260223 0b7c4a1e-6f58-4c9b-9d7e-2a3f1c5e8b90.local 50123 typ host generation 0", out var mdns));
        var offer = new IceParameters(RemoteUfrag, RemotePassword, false, [], [mdns], true);
        Assert.True(offer.Candidates.All(c => c.IsMdns));
        using var agent = new IceLiteAgent(Local, _wire.Send, timeProvider: _time);
        agent.SetRemoteCredentials(offer);

        agent.ProcessStun(Request(), Browser);

        var learnt = Assert.Single(agent.RemoteCandidates);
        Assert.Equal("prflx", learnt.Type);
        Assert.Equal(Browser.Address.ToString(), learnt.Address);
        Assert.Equal(Browser.Port, learnt.Port);
        Assert.Equal(IceCandidate.ComputePriority(110, 65535, 1), learnt.Priority);
        Assert.Equal(IceAgentState.Checking, agent.State);
        Assert.Null(agent.SelectedEndpoint);
    }

    [Fact]
    public void Use_candidate_selects_the_source_and_a_later_nomination_switches_it()
    {
        var selected = new List<IPEndPoint>();
        var states = new List<IceAgentState>();
        _agent.SelectedEndpointChanged += selected.Add;
        _agent.StateChanged += states.Add;

        _agent.ProcessStun(Request(), Browser);
        Assert.Null(_agent.SelectedEndpoint);
        _agent.ProcessStun(Request(new Options { UseCandidate = true }), Browser);
        Assert.Equal(Browser, _agent.SelectedEndpoint);
        Assert.True(_agent.CanSend);

        var other = new IPEndPoint(IPAddress.Parse("198.51.100.4"), 6000);
        _agent.ProcessStun(Request(), other);
        Assert.Equal(Browser, _agent.SelectedEndpoint);
        _agent.ProcessStun(Request(new Options { UseCandidate = true }), other);

        Assert.Equal(other, _agent.SelectedEndpoint);
        Assert.Equal([Browser, other], selected);
        Assert.Equal([IceAgentState.Checking, IceAgentState.Connected], states);
        Assert.Equal(2, _agent.RemoteCandidates.Count);
    }

    [Fact]
    public void Consent_expires_30_seconds_after_the_last_valid_check_and_media_stops()
    {
        var expired = 0;
        _agent.ConsentExpired += () => expired++;
        _agent.ProcessStun(Request(new Options { UseCandidate = true }), Browser);

        _time.Advance(TimeSpan.FromSeconds(29.9));
        Assert.True(_agent.CanSend);
        _time.Advance(TimeSpan.FromSeconds(0.1));

        Assert.False(_agent.CanSend);
        Assert.Equal(IceAgentState.Failed, _agent.State);
        Assert.Equal(1, expired);
    }

    [Fact]
    public void Valid_checks_refresh_consent_and_invalid_ones_do_not()
    {
        _agent.ProcessStun(Request(new Options { UseCandidate = true }), Browser);
        for (var i = 0; i < 10; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(20));
            _agent.ProcessStun(Request(), Browser);
            Assert.True(_agent.CanSend);
        }

        _time.Advance(TimeSpan.FromSeconds(20));
        _agent.ProcessStun(Request(new Options { Password = RemotePassword }), Browser);
        _agent.ProcessStun(Request(), new IPEndPoint(IPAddress.Loopback, 1)); // another address: not the selected pair's consent
        _time.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(IceAgentState.Failed, _agent.State);
    }

    [Fact]
    public void After_consent_expired_a_check_is_answered_but_media_stays_stopped()
    {
        _agent.ProcessStun(Request(new Options { UseCandidate = true }), Browser);
        _time.Advance(TimeSpan.FromSeconds(31));

        Assert.Equal(IceCheckOutcome.Accepted, _agent.ProcessStun(Request(new Options { UseCandidate = true }), Browser));
        Assert.False(_agent.CanSend);
    }

    [Fact]
    public void Consent_timeout_is_configurable()
    {
        using var agent = new IceLiteAgent(Local, _wire.Send, new IceAgentOptions { ConsentTimeout = TimeSpan.FromSeconds(5) }, _time);
        agent.ProcessStun(Request(new Options { UseCandidate = true }), Browser);

        _time.Advance(TimeSpan.FromSeconds(5));

        Assert.Equal(IceAgentState.Failed, agent.State);
    }

    [Fact]
    public void An_agent_never_nominated_fails_after_the_connect_timeout()
    {
        _agent.ProcessStun(Request(), Browser);
        _time.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal(IceAgentState.Checking, _agent.State);

        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(IceAgentState.Failed, _agent.State);
    }

    [Fact]
    public void An_ice_restart_keeps_media_on_the_selected_pair_and_switches_to_the_new_credentials()
    {
        _agent.ProcessStun(Request(new Options { UseCandidate = true }), Browser);
        var newLocal = new IceCredentials("newLite", "newLitePasswordNewLitePw");

        _agent.Restart(newLocal, "chr2", "chromeSecondPasswordXYZ");

        Assert.Same(newLocal, _agent.LocalCredentials);
        Assert.True(_agent.CanSend);
        Assert.Equal(Browser, _agent.SelectedEndpoint);
        Assert.Equal(IceCheckOutcome.WrongUsername, _agent.ProcessStun(Request(), Browser));
        _time.Advance(TimeSpan.FromSeconds(25));
        var next = new Options { Username = "newLite:chr2", Password = newLocal.Password, UseCandidate = true };
        Assert.Equal(IceCheckOutcome.Nominated, _agent.ProcessStun(Request(next), Browser));
        Assert.True(StunMessage.TryParse(_wire.Last, out var response));
        Assert.Equal(StunVerification.Valid, response.VerifyMessageIntegrity(StunCredentials.ShortTermKey(newLocal.Password)));
        _time.Advance(TimeSpan.FromSeconds(25));
        Assert.True(_agent.CanSend);
    }

    [Fact]
    public void An_ice_restart_revives_a_failed_agent()
    {
        _agent.ProcessStun(Request(new Options { UseCandidate = true }), Browser);
        _time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(IceAgentState.Failed, _agent.State);
        var newLocal = new IceCredentials("newLite", "newLitePasswordNewLitePw");

        _agent.Restart(newLocal, "chr2", "chromeSecondPasswordXYZ");

        Assert.Equal(IceAgentState.New, _agent.State);
        Assert.Null(_agent.SelectedEndpoint);
        var next = new Options { Username = "newLite:chr2", Password = newLocal.Password, UseCandidate = true };
        Assert.Equal(IceCheckOutcome.Nominated, _agent.ProcessStun(Request(next), Browser));
        Assert.True(_agent.CanSend);
    }

    [Fact]
    public void Receive_answers_stun_and_hands_other_kinds_back()
    {
        Assert.Equal(MediaPacketKind.Stun, _agent.Receive(Request(), Browser));
        Assert.Single(_wire.Sent);
        Assert.Equal(MediaPacketKind.Dtls, _agent.Receive([22, 254, 253, 0], Browser));
        Assert.Equal(MediaPacketKind.Unknown, _agent.Receive([70, 1], Browser));
        Assert.Single(_wire.Sent);
    }

    [Fact]
    public void Forged_sources_cannot_grow_the_candidate_list_past_its_limit_and_the_selected_one_stays()
    {
        _agent.ProcessStun(Request(new Options { UseCandidate = true }), Browser);
        for (var i = 0; i < 100; i++)
        {
            _time.Advance(TimeSpan.FromMilliseconds(10));
            _agent.ProcessStun(Request(), new IPEndPoint(IPAddress.Loopback, 1000 + i));
        }

        Assert.Equal(8, _agent.RemoteCandidates.Count);
        Assert.Contains(_agent.RemoteCandidates, c => c.Port == Browser.Port);
        Assert.Equal(Browser, _agent.SelectedEndpoint);
    }

    [Fact]
    public void A_disposed_agent_drops_checks()
    {
        _agent.Dispose();

        Assert.Equal(IceCheckOutcome.Closed, _agent.ProcessStun(Request(), Browser));
        Assert.Empty(_wire.Sent);
        Assert.Equal(IceAgentState.Closed, _agent.State);
    }

    private void AssertError(int code, bool withIntegrity)
    {
        Assert.True(StunMessage.TryParse(_wire.Last, out var response));
        Assert.Equal(StunMessageType.BindingError, response.Type);
        Assert.True(response.TryGetErrorCode(out var actual, out _));
        Assert.Equal(code, actual);
        Assert.Equal(StunVerification.Valid, response.VerifyFingerprint());
        Assert.Equal(
            withIntegrity ? StunVerification.Valid : StunVerification.Missing,
            response.VerifyMessageIntegrity(StunCredentials.ShortTermKey(Local.Password)));
    }
}
