using System.Text;
using Rethink.Ims.Sip.Messages;

namespace Rethink.Ims.Tests.Sip.Messages;

/// <summary>The three shared benchmark messages parse, and every field the benchmarks read has the right value.</summary>
public class SipBenchMessageTests
{
    [Fact]
    public void Register_ws_exposes_what_a_registrar_reads()
    {
        var result = SipParser.Parse(SipTestData.Bench("register-ws.txt"));
        Assert.True(result.IsSuccess, result.ToString());
        var m = Assert.IsType<SipRequest>(result.Message);

        Assert.Equal(SipMethod.Register, m.Method);
        Assert.Equal("sip:sip.example.com", m.RequestUri.ToString());
        var via = m.TopVia;
        Assert.Equal(SipTransportKind.Wss, via.TransportKind);
        Assert.Equal("7sa2tk9bhd0q.invalid", via.Host.ToString());
        Assert.Null(via.Port);
        Assert.Equal("z9hG4bK6316744", via.Branch.ToString());
        Assert.True(via.HasRfc3261Branch);
        Assert.Equal(69, m.MaxForwards);
        Assert.Equal("sip:alice@sip.example.com", m.To.Uri.ToString());
        Assert.False(m.To.HasTag);
        Assert.Equal("alice", m.From.Uri.User.ToString());
        Assert.Equal("hh7tk8n4oe", m.From.Tag.ToString());
        Assert.Equal("2i9q0bk1t3ujr6ld1qjqm7", m.CallId.ToString());
        Assert.Equal(new SipCSeq(2, SipMethod.Register), m.CSeq);
        Assert.Equal(600u, m.Expires);

        var contact = Assert.Single(m.Contact.ToList());
        Assert.Equal("sip:k3h2m9qf@7sa2tk9bhd0q.invalid;transport=ws", contact.Uri.ToString());
        Assert.Equal("ws", contact.Uri.Transport.ToString());
        Assert.Equal(600u, contact.Expires);
        Assert.Equal(1u, contact.RegId);
        Assert.Equal("<urn:uuid:2c6e0b4e-5d8a-4f3b-9a1c-7e2d6f4b8a10>", contact.Instance.ToString());
        Assert.True(contact.Parameters.Contains("+sip.ice"u8));
        Assert.Equal(
            ["+sip.ice", "reg-id=1", "+sip.instance=\"<urn:uuid:2c6e0b4e-5d8a-4f3b-9a1c-7e2d6f4b8a10>\"", "expires=600"],
            contact.Parameters.ToList().Select(p => p.ToString()));

        var auth = Assert.Single(m.Authorization.ToList());
        Assert.True(auth.IsDigest);
        Assert.True(auth.IsWellFormed);
        Assert.Equal("alice", auth.Username.ToString());
        Assert.Equal("sip.example.com", auth.Realm.ToString());
        Assert.Equal("65a3c0e1f8d24b7a9c6e3d1b2a0f9e8d", auth.Nonce.ToString());
        var p = auth.Parameters;
        Assert.Equal("sip:sip.example.com", p.GetValue("uri"u8).ToString());
        Assert.Equal("3f0f5a2c1b8e9d7c6a5b4e3d2c1b0a99", p.GetValue("response"u8).ToString());
        Assert.Equal("auth", p.GetValue("qop"u8).ToString());
        Assert.Equal("q8ivbpqo7fik", p.GetValue("cnonce"u8).ToString());
        Assert.Equal("00000001", p.GetValue("nc"u8).ToString());
        Assert.Equal("MD5", p.GetValue("ALGORITHM"u8).ToString());

        Assert.Equal(["path", "gruu", "outbound"], m.Supported.ToList().Select(t => t.ToString()));
        Assert.Equal(10, m.Allow.Count);
        Assert.True(m.Allow.Contains("MESSAGE"u8));
        Assert.Equal("JsSIP 3.10.1", m.UserAgent.ToString());
        Assert.Equal(0, m.ContentLength);
        Assert.True(m.Body.IsEmpty);
    }

    [Fact]
    public void Ok_200_exposes_received_rport_tags_and_date()
    {
        var result = SipParser.Parse(SipTestData.Bench("ok-200.txt"));
        Assert.True(result.IsSuccess, result.ToString());
        var m = Assert.IsType<SipResponse>(result.Message);

        Assert.Equal(200, m.StatusCode);
        Assert.Equal("OK", m.ReasonPhrase);
        Assert.Equal("203.0.113.45", m.TopVia.Received.ToString());
        Assert.Equal(53412, m.TopVia.Rport);
        Assert.True(m.TopVia.HasRport);
        Assert.Equal("a6c85cf8b2e94d1f", m.To.Tag.ToString());
        Assert.Equal("hh7tk8n4oe", m.From.Tag.ToString());
        Assert.Equal(600u, Assert.Single(m.Contact.ToList()).Expires);
        Assert.Equal("outbound", Assert.Single(m.Require.ToList()).ToString());
        Assert.True(m.TryGetDate(out var date));
        Assert.Equal(new DateTimeOffset(2023, 11, 14, 22, 13, 20, TimeSpan.Zero), date);
        Assert.Equal("ExampleRegistrar/1.0", m.Server.ToString());
    }

    [Fact]
    public void Invite_webrtc_exposes_the_sdp_body_as_bytes()
    {
        var bytes = SipTestData.Bench("invite-webrtc.txt");
        var result = SipParser.Parse(bytes);
        Assert.True(result.IsSuccess, result.ToString());
        var m = Assert.IsType<SipRequest>(result.Message);

        Assert.Equal(SipMethod.Invite, m.Method);
        Assert.Equal(1523, m.Body.Length);
        Assert.True(m.ContentType.IsSdp);
        Assert.True(m.Body.Span.StartsWith("v=0\r\n"u8));
        Assert.True(m.Body.Span.SequenceEqual(bytes.AsSpan(bytes.Length - 1523)));
        Assert.Equal(new SipCSeq(6712, SipMethod.Invite), m.CSeq);
        var contact = Assert.Single(m.Contact.ToList());
        Assert.True(contact.Uri.Parameters.Contains("ob"u8));
        Assert.Equal("90", m.Headers.GetValue(SipHeaderId.SessionExpires).ToString());
    }

    [Theory]
    [InlineData("register-ws.txt")]
    [InlineData("ok-200.txt")]
    [InlineData("invite-webrtc.txt")]
    public void Writing_an_unchanged_bench_message_gives_back_its_exact_bytes(string file)
    {
        var bytes = SipTestData.Bench(file);
        var m = SipParser.Parse(bytes).Message!;

        Assert.Equal(Encoding.UTF8.GetString(bytes), Encoding.UTF8.GetString(SipMessageWriter.ToArray(m)));
        Assert.Equal(bytes.Length, SipMessageWriter.GetLength(m));
    }
}
