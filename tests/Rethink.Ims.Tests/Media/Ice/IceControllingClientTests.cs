using System.Net;
using Microsoft.Extensions.Time.Testing;
using Rethink.Ims.Media.Ice;
using Rethink.Ims.Media.Sdp;
using Rethink.Ims.Media.Stun;
using static Rethink.Ims.Tests.Media.Ice.IceChecks;

namespace Rethink.Ims.Tests.Media.Ice;

public sealed class IceControllingClientTests : IDisposable
{
    private static readonly IPEndPoint BridgeAddress = new(IPAddress.Loopback, 40000);
    private static readonly IPEndPoint ClientAddress = new(IPAddress.Loopback, 50000);
    private static readonly IceCredentials ClientCredentials = new(RemoteUfrag, RemotePassword);

    private readonly FakeTimeProvider _time = new();
    private readonly IceLiteAgent _lite;
    private readonly IceControllingClient _client;
    private readonly List<byte[]> _clientSent = [];
    private bool _linkUp = true;

    public IceControllingClientTests()
    {
        _lite = new IceLiteAgent(Local, (datagram, to) =>
        {
            Assert.Equal(ClientAddress, to);
            if (_linkUp)
            {
                _client!.ProcessStun(datagram, BridgeAddress);
            }
        }, timeProvider: _time);
        _lite.SetRemoteCredentials(RemoteUfrag, RemotePassword);
        _client = new IceControllingClient(ClientCredentials, Local.Ufrag, Local.Password, BridgeAddress, (datagram, to) =>
        {
            Assert.Equal(BridgeAddress, to);
            _clientSent.Add(datagram.ToArray());
            if (_linkUp)
            {
                _lite.ProcessStun(datagram, ClientAddress);
            }
        }, timeProvider: _time);
    }

    public void Dispose()
    {
        _client.Dispose();
        _lite.Dispose();
    }

    [Fact]
    public void Our_client_against_our_lite_agent_connects_and_nominates()
    {
        _client.Start();

        Assert.Equal(IceAgentState.Connected, _client.State);
        Assert.True(_client.CanSend);
        Assert.Equal(ClientAddress, _client.MappedAddress);
        Assert.Equal(IceAgentState.Connected, _lite.State);
        Assert.Equal(ClientAddress, _lite.SelectedEndpoint);
    }

    [Fact]
    public void The_clients_request_looks_like_a_controlling_nominating_check()
    {
        _linkUp = false;
        _client.Start();

        Assert.True(StunMessage.TryParse(Assert.Single(_clientSent), out var request));
        Assert.Equal(StunMessageType.BindingRequest, request.Type);
        Assert.True(request.TryGetUsername(out var username));
        Assert.Equal($"{Local.Ufrag}:{RemoteUfrag}", System.Text.Encoding.UTF8.GetString(username));
        Assert.True(request.TryGetIceControlling(out _));
        Assert.True(request.HasUseCandidate);
        Assert.True(request.TryGetPriority(out _));
        Assert.Equal(StunVerification.Valid, request.VerifyMessageIntegrity(StunCredentials.ShortTermKey(Local.Password)));
        Assert.Equal(StunVerification.Valid, request.VerifyFingerprint());
    }

    [Fact]
    public void Both_sides_stay_connected_for_minutes_through_consent_checks()
    {
        _client.Start();

        for (var i = 0; i < 3000; i++)
        {
            _time.Advance(TimeSpan.FromMilliseconds(100));
        }

        Assert.True(_client.CanSend);
        Assert.True(_lite.CanSend);
        Assert.InRange(_clientSent.Count, 1 + (300 / 6), 1 + (300 / 4));
    }

    [Fact]
    public void Without_answers_the_check_is_retransmitted_on_the_RFC_8489_schedule_then_fails()
    {
        _linkUp = false;
        _client.Start();
        var sendTimes = new List<double>();
        var elapsed = 0.0;
        sendTimes.Add(0);
        while (_client.State == IceAgentState.Checking && elapsed < 60)
        {
            var before = _clientSent.Count;
            _time.Advance(TimeSpan.FromMilliseconds(50));
            elapsed += 0.05;
            if (_clientSent.Count > before)
            {
                sendTimes.Add(Math.Round(elapsed, 2));
            }
        }

        Assert.Equal([0, 0.5, 1.5, 3.5, 7.5, 15.5, 31.5], sendTimes);
        Assert.Equal(IceAgentState.Failed, _client.State);
        Assert.Equal(39.5, Math.Round(elapsed, 2));
        Assert.All(_clientSent, d => Assert.Equal(_clientSent[0], d)); // retransmissions repeat the transaction
    }

    [Fact]
    public void When_the_lite_side_goes_silent_both_sides_lose_consent_after_30_seconds()
    {
        var clientExpired = 0;
        _client.ConsentExpired += () => clientExpired++;
        _client.Start();
        _time.Advance(TimeSpan.FromSeconds(10));
        _linkUp = false;

        _time.Advance(TimeSpan.FromSeconds(25));
        Assert.True(_client.CanSend);
        _time.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(IceAgentState.Failed, _client.State);
        Assert.Equal(1, clientExpired);
        Assert.Equal(IceAgentState.Failed, _lite.State);
    }

    [Fact]
    public void A_response_from_another_address_or_with_a_wrong_key_is_not_accepted()
    {
        _linkUp = false;
        _client.Start();
        Assert.True(StunMessage.TryParse(_clientSent[0], out var request));
        var buffer = new byte[256];
        var forged = new StunMessageWriter(buffer, StunMessageType.BindingSuccess, request.TransactionId);
        forged.AddXorMappedAddress(ClientAddress);
        forged.AddMessageIntegrity(StunCredentials.ShortTermKey(RemotePassword));
        forged.AddFingerprint();
        Assert.Equal(IceCheckOutcome.UnmatchedResponse, _client.ProcessStun(forged.Written, BridgeAddress));

        var genuine = new StunMessageWriter(buffer, StunMessageType.BindingSuccess, request.TransactionId);
        genuine.AddXorMappedAddress(ClientAddress);
        genuine.AddMessageIntegrity(StunCredentials.ShortTermKey(Local.Password));
        genuine.AddFingerprint();
        var bytes = genuine.Written.ToArray();
        Assert.Equal(IceCheckOutcome.UnmatchedResponse, _client.ProcessStun(bytes, new IPEndPoint(IPAddress.Loopback, 40001)));
        Assert.Equal(IceAgentState.Checking, _client.State);

        Assert.Equal(IceCheckOutcome.ResponseHandled, _client.ProcessStun(bytes, BridgeAddress));
        Assert.Equal(IceAgentState.Connected, _client.State);
        Assert.Equal(IceCheckOutcome.UnmatchedResponse, _client.ProcessStun(bytes, BridgeAddress)); // a duplicate
    }

    [Fact]
    public void A_401_from_the_lite_side_fails_the_client()
    {
        IceControllingClient? client = null;
        using var lite = new IceLiteAgent(Local, (d, _) => client!.ProcessStun(d, BridgeAddress), timeProvider: _time);
        client = new IceControllingClient(ClientCredentials, Local.Ufrag, "wrongPasswordWrongPassword", BridgeAddress,
            (d, _) => lite.ProcessStun(d, ClientAddress), timeProvider: _time);
        using (client)
        {
            client.Start();

            Assert.Equal(IceAgentState.Failed, client.State);
            Assert.Null(lite.SelectedEndpoint);
        }
    }
}
