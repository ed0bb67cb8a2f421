using System.Diagnostics;
using Microsoft.Extensions.Time.Testing;
using Rethink.Ims.Media.Dtls;
using Rethink.Ims.Media.Sdp;

namespace Rethink.Ims.Tests.Media.Dtls;

public class DtlsSrtpSessionTests
{
    private const byte ClientHello = 1;

    [Fact]
    public async Task Client_and_server_export_the_same_keying_material_split_per_rfc5764()
    {
        await using var pair = DtlsPair.Create();

        var (client, server) = await pair.HandshakeAsync();

        Assert.True(client.Succeeded, client.ToString());
        Assert.True(server.Succeeded, server.ToString());
        Assert.Equal(DtlsRole.Client, client.Role);
        Assert.Equal(DtlsRole.Server, server.Role);
        Assert.Equal(DtlsSrtpProtectionProfile.Aes128CmHmacSha1_80, client.Profile);
        Assert.Equal(DtlsSrtpProtectionProfile.Aes128CmHmacSha1_80, server.Profile);
        Assert.Equal(60, client.KeyingMaterial.Material.Length);
        Assert.Equal(client.KeyingMaterial.Material.ToArray(), server.KeyingMaterial.Material.ToArray());
        Assert.Equal(client.KeyingMaterial.ClientWriteKey.ToArray(), server.KeyingMaterial.ClientWriteKey.ToArray());
        Assert.Equal(client.KeyingMaterial.ServerWriteSalt.ToArray(), server.KeyingMaterial.ServerWriteSalt.ToArray());
        Assert.Equal(client.KeyingMaterial.LocalWriteKey.ToArray(), server.KeyingMaterial.RemoteWriteKey.ToArray());
        Assert.Equal(client.KeyingMaterial.RemoteWriteSalt.ToArray(), server.KeyingMaterial.LocalWriteSalt.ToArray());
        Assert.NotEqual(client.KeyingMaterial.ClientWriteKey.ToArray(), client.KeyingMaterial.ServerWriteKey.ToArray());
        Assert.Equal(DtlsPair.ServerCertificate.Fingerprint, client.PeerFingerprint);
        Assert.Equal(DtlsPair.ClientCertificate.Fingerprint, server.PeerFingerprint);
    }

    [Fact]
    public async Task Two_handshakes_export_different_keys()
    {
        await using var first = DtlsPair.Create();
        await using var second = DtlsPair.Create();

        var (a, _) = await first.HandshakeAsync();
        var (b, _) = await second.HandshakeAsync();

        Assert.True(a.Succeeded && b.Succeeded);
        Assert.NotEqual(a.KeyingMaterial.Material.ToArray(), b.KeyingMaterial.Material.ToArray());
    }

    public static TheoryData<DtlsSrtpProtectionProfile[], DtlsSrtpProtectionProfile[], DtlsSrtpProtectionProfile> Preferences => new()
    {
        // The server's order decides, not the client's.
        { [DtlsSrtpProtectionProfile.AeadAes128Gcm, DtlsSrtpProtectionProfile.Aes128CmHmacSha1_80], [DtlsSrtpProtectionProfile.Aes128CmHmacSha1_80, DtlsSrtpProtectionProfile.AeadAes128Gcm], DtlsSrtpProtectionProfile.Aes128CmHmacSha1_80 },
        { [DtlsSrtpProtectionProfile.Aes128CmHmacSha1_80, DtlsSrtpProtectionProfile.AeadAes128Gcm], [DtlsSrtpProtectionProfile.AeadAes128Gcm, DtlsSrtpProtectionProfile.Aes128CmHmacSha1_80], DtlsSrtpProtectionProfile.AeadAes128Gcm },
        { [DtlsSrtpProtectionProfile.Aes128CmHmacSha1_32, DtlsSrtpProtectionProfile.AeadAes256Gcm], [DtlsSrtpProtectionProfile.Aes128CmHmacSha1_80, DtlsSrtpProtectionProfile.AeadAes256Gcm, DtlsSrtpProtectionProfile.Aes128CmHmacSha1_32], DtlsSrtpProtectionProfile.AeadAes256Gcm },
        { [DtlsSrtpProtectionProfile.Aes128CmHmacSha1_32], [DtlsSrtpProtectionProfile.Aes128CmHmacSha1_80, DtlsSrtpProtectionProfile.Aes128CmHmacSha1_32], DtlsSrtpProtectionProfile.Aes128CmHmacSha1_32 },
    };

    [Theory]
    [MemberData(nameof(Preferences))]
    public async Task Server_picks_its_most_preferred_profile_among_those_the_client_offers(
        DtlsSrtpProtectionProfile[] clientOffers, DtlsSrtpProtectionProfile[] serverPrefers, DtlsSrtpProtectionProfile expected)
    {
        await using var pair = DtlsPair.Create(new DtlsOptions { SrtpProfiles = clientOffers }, new DtlsOptions { SrtpProfiles = serverPrefers });

        var (client, server) = await pair.HandshakeAsync();

        Assert.True(client.Succeeded, client.ToString());
        Assert.True(server.Succeeded, server.ToString());
        Assert.Equal(expected, client.Profile);
        Assert.Equal(expected, server.Profile);
        Assert.Equal(expected.KeyingMaterialLength(), client.KeyingMaterial.Material.Length);
        Assert.Equal(client.KeyingMaterial.Material.ToArray(), server.KeyingMaterial.Material.ToArray());
    }

    [Fact]
    public async Task No_common_profile_fails_on_both_sides_with_NoCommonProfile()
    {
        await using var pair = DtlsPair.Create(
            new DtlsOptions { SrtpProfiles = [DtlsSrtpProtectionProfile.AeadAes256Gcm] },
            new DtlsOptions { SrtpProfiles = [DtlsSrtpProtectionProfile.Aes128CmHmacSha1_80, DtlsSrtpProtectionProfile.AeadAes128Gcm] });

        var (client, server) = await pair.HandshakeAsync();

        Assert.Equal(DtlsHandshakeStatus.NoCommonProfile, client.Status);
        Assert.Equal(DtlsHandshakeStatus.NoCommonProfile, server.Status);
        Assert.Null(client.KeyingMaterial);
        Assert.Null(server.KeyingMaterial);
        Assert.Equal(DtlsCloseReason.Failed, await pair.Client.Closed.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task Client_refuses_a_server_whose_certificate_does_not_match_the_sdp_fingerprint()
    {
        await using var pair = DtlsPair.Create(clientExpects: DtlsPair.StrangerCertificate.Fingerprint);

        var (client, server) = await pair.HandshakeAsync();

        Assert.Equal(DtlsHandshakeStatus.FingerprintMismatch, client.Status);
        Assert.False(client.AlertReceived);
        Assert.Equal(DtlsHandshakeStatus.FingerprintMismatch, server.Status);
        Assert.True(server.AlertReceived);
        Assert.Equal(42, server.AlertDescription); // bad_certificate
    }

    [Fact]
    public async Task Server_refuses_a_client_whose_certificate_does_not_match_the_sdp_fingerprint()
    {
        await using var pair = DtlsPair.Create(serverExpects: DtlsPair.StrangerCertificate.Fingerprint);

        var (client, server) = await pair.HandshakeAsync();

        Assert.Equal(DtlsHandshakeStatus.FingerprintMismatch, server.Status);
        Assert.Equal(DtlsHandshakeStatus.FingerprintMismatch, client.Status);
        Assert.True(client.AlertReceived);
    }

    [Fact]
    public async Task A_fingerprint_with_the_right_hash_but_one_flipped_bit_is_refused()
    {
        var value = DtlsPair.ServerCertificate.Fingerprint.Value.ToArray();
        value[^1] ^= 1;
        await using var pair = DtlsPair.Create(clientExpects: new DtlsFingerprint("sha-256", [.. value]));

        var (client, _) = await pair.HandshakeAsync();

        Assert.Equal(DtlsHandshakeStatus.FingerprintMismatch, client.Status);
    }

    [Fact]
    public async Task A_sha1_fingerprint_from_an_older_peer_is_accepted_when_it_matches()
    {
        await using var pair = DtlsPair.Create(clientExpects: DtlsPair.ServerCertificate.GetFingerprint("sha-1"));

        var (client, server) = await pair.HandshakeAsync();

        Assert.True(client.Succeeded, client.ToString());
        Assert.True(server.Succeeded, server.ToString());
        Assert.Equal("sha-1", client.PeerFingerprint.HashFunction);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_lost_first_flight_is_sent_again_and_the_handshake_completes(bool loseClientHello)
    {
        await using var pair = DtlsPair.Create();
        if (loseClientHello)
        {
            pair.DropFromClient = (_, index) => index == 0;
        }
        else
        {
            pair.DropFromServer = (_, index) => index == 0;
        }

        var watch = Stopwatch.StartNew();
        var (client, server) = await pair.HandshakeAsync();

        Assert.True(client.Succeeded, client.ToString());
        Assert.True(server.Succeeded, server.ToString());
        Assert.InRange(watch.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(6));
        if (loseClientHello)
        {
            Assert.True(pair.ClientSent.Count(d => DtlsRecords.StartsFlightWith(d, ClientHello)) >= 2);
        }
    }

    [Fact]
    public async Task A_lost_last_server_flight_is_answered_again_after_the_server_has_finished()
    {
        // The server's Finished (epoch 1) is lost the first time: the client retransmits its last flight
        // and the server, whose handshake is over, must send its own again.
        await using var pair = DtlsPair.Create();
        var dropped = 0;
        pair.DropFromServer = (datagram, _) =>
            DtlsRecords.Parse(datagram).Any(r => r.ContentType is DtlsRecords.ChangeCipherSpec || r.Epoch == 1) && Interlocked.Increment(ref dropped) <= 2;

        var (client, server) = await pair.HandshakeAsync();

        Assert.True(server.Succeeded, server.ToString());
        Assert.True(client.Succeeded, client.ToString());
        Assert.True(dropped > 2, "the server sent its last flight again");
        Assert.Equal(client.KeyingMaterial.Material.ToArray(), server.KeyingMaterial.Material.ToArray());
    }

    [Fact]
    public async Task A_tiny_client_mtu_fragments_the_ClientHello_and_the_server_reassembles_it()
    {
        await using var pair = DtlsPair.Create(clientOptions: new DtlsOptions { Mtu = DtlsPacketTransport.MinimumMtu });

        var (client, server) = await pair.HandshakeAsync();

        Assert.True(client.Succeeded, client.ToString());
        Assert.True(server.Succeeded, server.ToString());
        Assert.All(pair.ClientSent, d => Assert.True(d.Length <= DtlsPacketTransport.MinimumMtu));
        var helloFragments = pair.ClientSent.SelectMany(DtlsRecords.HandshakeFragments).Where(f => f.Type == ClientHello).ToList();
        Assert.True(helloFragments.Count >= 2, $"the ClientHello went out in {helloFragments.Count} fragment(s)");
        Assert.Contains(helloFragments, f => f.Offset > 0);
        Assert.All(helloFragments, f => Assert.True(f.FragmentLength < f.Length));
    }

    [Fact]
    public async Task A_silent_peer_ends_in_Timeout_within_the_handshake_timeout()
    {
        var sent = 0;
        await using var session = new DtlsSrtpSession(
            DtlsRole.Client, DtlsPair.ClientCertificate, [DtlsPair.ServerCertificate.Fingerprint], _ => Interlocked.Increment(ref sent),
            new DtlsOptions { HandshakeTimeout = TimeSpan.FromSeconds(1.5), RetransmitTimeout = TimeSpan.FromMilliseconds(200) });

        var watch = Stopwatch.StartNew();
        var result = await session.HandshakeAsync().WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(DtlsHandshakeStatus.Timeout, result.Status);
        Assert.InRange(watch.Elapsed, TimeSpan.FromSeconds(1.3), TimeSpan.FromSeconds(6));
        Assert.True(sent >= 3, $"the ClientHello was retransmitted ({sent} datagrams)");
        Assert.Equal(DtlsCloseReason.Failed, await session.Closed.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task A_server_that_never_gets_a_ClientHello_ends_in_Timeout_and_sends_nothing()
    {
        var sent = 0;
        await using var session = new DtlsSrtpSession(
            DtlsRole.Server, DtlsPair.ServerCertificate, [DtlsPair.ClientCertificate.Fingerprint], _ => Interlocked.Increment(ref sent),
            new DtlsOptions { HandshakeTimeout = TimeSpan.FromSeconds(1) });

        var result = await session.HandshakeAsync().WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(DtlsHandshakeStatus.Timeout, result.Status);
        Assert.Equal(0, sent);
    }

    [Fact]
    public async Task The_handshake_timeout_runs_on_the_time_provider()
    {
        var time = new FakeTimeProvider();
        await using var session = new DtlsSrtpSession(
            DtlsRole.Server, DtlsPair.ServerCertificate, [DtlsPair.ClientCertificate.Fingerprint], _ => { },
            new DtlsOptions { HandshakeTimeout = TimeSpan.FromMinutes(10) }, time);

        var handshake = session.HandshakeAsync();
        await Task.Delay(100);
        Assert.False(handshake.IsCompleted);
        time.Advance(TimeSpan.FromMinutes(10));
        var result = await handshake.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(DtlsHandshakeStatus.Timeout, result.Status);
    }

    [Fact]
    public async Task Garbage_datagrams_neither_crash_nor_stop_a_handshake()
    {
        await using var pair = DtlsPair.Create();
        var random = new Random(7);
        var garbage = Enumerable.Range(0, 40).Select(i =>
        {
            var bytes = new byte[random.Next(1, 300)];
            random.NextBytes(bytes);
            if (i % 2 == 0 && bytes.Length > 13)
            {
                bytes[0] = DtlsRecords.Handshake; // looks like DTLS, but its header and body are noise
                bytes[1] = 0xFE;
                bytes[2] = 0xFD;
            }

            return bytes;
        }).ToList();
        foreach (var datagram in garbage.Take(10))
        {
            pair.Server.TryDeliver(datagram);
        }

        var injected = 0;
        pair.DropFromServer = (_, _) =>
        {
            // Noise arrives at the client between real datagrams too.
            pair.Client.TryDeliver(garbage[10 + (Interlocked.Increment(ref injected) % 30)]);
            return false;
        };

        var (client, server) = await pair.HandshakeAsync();

        Assert.True(client.Succeeded, client.ToString());
        Assert.True(server.Succeeded, server.ToString());
        foreach (var datagram in garbage)
        {
            pair.Server.TryDeliver(datagram);
            pair.Client.TryDeliver(datagram);
        }

        await Task.Delay(300);
        Assert.False(pair.Server.Closed.IsCompleted, "noise after the handshake ends nothing");
        Assert.False(pair.Client.Closed.IsCompleted, "noise after the handshake ends nothing");
    }

    [Fact]
    public async Task A_peer_that_only_sends_garbage_ends_in_Timeout()
    {
        var random = new Random(11);
        DtlsSrtpSession? session = null;
        session = new DtlsSrtpSession(
            DtlsRole.Client, DtlsPair.ClientCertificate, [DtlsPair.ServerCertificate.Fingerprint],
            _ =>
            {
                var noise = new byte[random.Next(13, 200)];
                random.NextBytes(noise);
                noise[0] = DtlsRecords.Handshake;
                session!.TryDeliver(noise);
            },
            new DtlsOptions { HandshakeTimeout = TimeSpan.FromSeconds(1.5), RetransmitTimeout = TimeSpan.FromMilliseconds(100) });
        await using (session)
        {
            var result = await session.HandshakeAsync().WaitAsync(TimeSpan.FromSeconds(20));

            Assert.True(result.Status is DtlsHandshakeStatus.Timeout or DtlsHandshakeStatus.ProtocolError, result.ToString());
        }
    }

    [Fact]
    public async Task Close_sends_close_notify_and_the_peer_sees_it()
    {
        await using var pair = DtlsPair.Create();
        var (client, server) = await pair.HandshakeAsync();
        Assert.True(client.Succeeded && server.Succeeded);
        Assert.False(pair.Server.Closed.IsCompleted);

        pair.Client.Close();

        Assert.Equal(DtlsCloseReason.Local, await pair.Client.Closed.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal(DtlsCloseReason.PeerCloseNotify, await pair.Server.Closed.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Contains(pair.ClientSent, d => DtlsRecords.Parse(d).Any(r => r.ContentType == DtlsRecords.Alert && r.Epoch == 1));
        Assert.False(pair.Server.TryDeliver([DtlsRecords.Handshake, 0xFE, 0xFD]), "a closed session drops what arrives");
    }

    [Fact]
    public async Task Closing_during_the_handshake_ends_it_as_Closed()
    {
        await using var session = new DtlsSrtpSession(DtlsRole.Server, DtlsPair.ServerCertificate, [DtlsPair.ClientCertificate.Fingerprint], _ => { });
        var handshake = session.HandshakeAsync();
        await Task.Delay(50);

        session.Close();
        var result = await handshake.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(DtlsHandshakeStatus.Closed, result.Status);
        Assert.Equal(DtlsCloseReason.Local, await session.Closed);
    }

    [Fact]
    public async Task Cancelling_the_handshake_throws_OperationCanceledException_promptly()
    {
        await using var session = new DtlsSrtpSession(DtlsRole.Server, DtlsPair.ServerCertificate, [DtlsPair.ClientCertificate.Fingerprint], _ => { });
        using var cancellation = new CancellationTokenSource();
        var handshake = session.HandshakeAsync(cancellation.Token);

        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => handshake.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task The_handshake_runs_once()
    {
        await using var session = new DtlsSrtpSession(DtlsRole.Server, DtlsPair.ServerCertificate, [DtlsPair.ClientCertificate.Fingerprint], _ => { });
        _ = session.HandshakeAsync();

        Assert.Throws<InvalidOperationException>(() => { _ = session.HandshakeAsync(); });
    }

    [Fact]
    public async Task Disposing_zeroes_the_exported_keys()
    {
        var pair = DtlsPair.Create();
        var (client, _) = await pair.HandshakeAsync();
        Assert.True(client.Succeeded);

        await pair.DisposeAsync();

        Assert.Throws<ObjectDisposedException>(() => client.KeyingMaterial.ClientWriteKey.Length);
    }

    [Fact]
    public async Task Datagrams_beyond_the_queue_bound_are_dropped_and_counted()
    {
        await using var session = new DtlsSrtpSession(
            DtlsRole.Server, DtlsPair.ServerCertificate, [DtlsPair.ClientCertificate.Fingerprint], _ => { },
            new DtlsOptions { ReceiveQueueCapacity = 4 });

        var accepted = Enumerable.Range(0, 10).Count(_ => session.TryDeliver([DtlsRecords.Handshake, 1, 2, 3]));

        Assert.Equal(4, accepted);
        Assert.Equal(6, session.DroppedDatagrams);
    }

    [Fact]
    public void A_session_needs_the_peers_fingerprint()
    {
        Assert.Throws<ArgumentException>(() => new DtlsSrtpSession(DtlsRole.Server, DtlsPair.ServerCertificate, [], _ => { }));
    }

    [Fact]
    public void Bad_options_are_refused_at_construction()
    {
        Assert.Throws<ArgumentException>(() => new DtlsSrtpSession(
            DtlsRole.Server, DtlsPair.ServerCertificate, [DtlsPair.ClientCertificate.Fingerprint], _ => { }, new DtlsOptions { SrtpProfiles = [] }));
        Assert.Throws<ArgumentException>(() => new DtlsSrtpSession(
            DtlsRole.Server, DtlsPair.ServerCertificate, [DtlsPair.ClientCertificate.Fingerprint], _ => { }, new DtlsOptions { Mtu = 100 }));
    }
}
