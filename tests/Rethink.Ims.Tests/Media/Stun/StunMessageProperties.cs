using System.Net;
using FsCheck;
using FsCheck.Xunit;
using Rethink.Ims.Media.Stun;

namespace Rethink.Ims.Tests.Media.Stun;

/// <summary>Laws of the STUN reader and writer.</summary>
public class StunMessageProperties
{
    [Property(MaxTest = 500)]
    public void Garbage_never_throws(byte[] garbage) => Exercise(garbage ?? []);

    [Property(MaxTest = 500)]
    public void Garbage_behind_a_valid_header_never_throws(byte[] body, ushort type)
    {
        body ??= [];
        var length = body.Length & ~3;
        var message = new byte[20 + length];
        message[0] = (byte)((type >> 8) & 0x3F);
        message[1] = (byte)type;
        message[2] = (byte)(length >> 8);
        message[3] = (byte)length;
        message[4] = 0x21;
        message[5] = 0x12;
        message[6] = 0xa4;
        message[7] = 0x42;
        body.AsSpan(0, length).CopyTo(message.AsSpan(20));

        Exercise(message);
    }

    [Property]
    public void Any_single_bit_flip_in_the_sample_request_is_detected(PositiveInt bitSeed)
    {
        var message = (byte[])StunRfc5769VectorTests.SampleRequest.Clone();
        var bit = bitSeed.Get % (message.Length * 8);
        message[bit / 8] ^= (byte)(1 << (bit % 8));

        if (StunMessage.TryParse(message, out var parsed))
        {
            Assert.False(
                parsed.VerifyMessageIntegrity(StunRfc5769VectorTests.Password) == StunVerification.Valid &&
                parsed.VerifyFingerprint() == StunVerification.Valid,
                $"bit {bit} went unnoticed");
        }
    }

    [Property]
    public void Written_binding_requests_read_back(NonNull<string> username, uint priority, ulong tieBreaker, bool controlling, bool useCandidate, byte[] transactionSeed)
    {
        var user = username.Get.Length > 100 ? username.Get[..100] : username.Get;
        var transactionId = new byte[12];
        (transactionSeed ?? []).AsSpan(0, Math.Min(12, transactionSeed?.Length ?? 0)).CopyTo(transactionId);
        var key = StunCredentials.ShortTermKey("pwd-for-test");
        var buffer = new byte[1024];
        var writer = new StunMessageWriter(buffer, StunMessageType.BindingRequest, transactionId);
        writer.AddUsername(user);
        writer.AddPriority(priority);
        if (controlling)
        {
            writer.AddIceControlling(tieBreaker);
        }
        else
        {
            writer.AddIceControlled(tieBreaker);
        }

        if (useCandidate)
        {
            writer.AddUseCandidate();
        }

        writer.AddMessageIntegrity(key);
        writer.AddMessageIntegritySha256(key);
        writer.AddFingerprint();

        Assert.True(StunMessage.TryParse(writer.Written, out var message));
        Assert.Equal(StunMessageType.BindingRequest, message.Type);
        Assert.Equal(transactionId, message.TransactionId.ToArray());
        Assert.True(message.TryGetUsername(out var readUser));
        Assert.Equal(System.Text.Encoding.UTF8.GetBytes(user), readUser.ToArray());
        Assert.True(message.TryGetPriority(out var readPriority));
        Assert.Equal(priority, readPriority);
        ulong readTieBreaker;
        Assert.True(controlling ? message.TryGetIceControlling(out readTieBreaker) : message.TryGetIceControlled(out readTieBreaker));
        Assert.Equal(tieBreaker, readTieBreaker);
        Assert.Equal(useCandidate, message.HasUseCandidate);
        Assert.Equal(StunVerification.Valid, message.VerifyMessageIntegrity(key));
        Assert.Equal(StunVerification.Valid, message.VerifyMessageIntegritySha256(key));
        Assert.Equal(StunVerification.Valid, message.VerifyFingerprint());
    }

    [Property]
    public void Written_addresses_and_errors_read_back(byte[] address, ushort port, bool ipv6, int codeSeed, NonNull<string> reason)
    {
        var raw = new byte[ipv6 ? 16 : 4];
        (address ?? []).AsSpan(0, Math.Min(raw.Length, address?.Length ?? 0)).CopyTo(raw);
        var endPoint = new IPEndPoint(new IPAddress(raw), port);
        var code = 300 + (int)((uint)codeSeed % 400);
        var text = reason.Get.Length > 100 ? reason.Get[..100] : reason.Get;
        var buffer = new byte[1024];
        var writer = new StunMessageWriter(buffer, StunMessageType.BindingError, new byte[12]);
        writer.AddXorMappedAddress(endPoint);
        writer.AddMappedAddress(endPoint);
        writer.AddErrorCode(code, text);
        writer.AddUnknownAttributes([0x0031, 0x7777]);

        Assert.True(StunMessage.TryParse(writer.Written, out var message));
        Assert.True(message.TryGetXorMappedAddress(out var xorMapped));
        Assert.Equal(endPoint, xorMapped);
        Assert.True(message.TryGetMappedAddress(out var mapped));
        Assert.Equal(endPoint, mapped);
        Assert.True(message.TryGetErrorCode(out var readCode, out var readReason));
        Assert.Equal(code, readCode);
        Assert.Equal(System.Text.Encoding.UTF8.GetBytes(text), readReason.ToArray());
        Span<ushort> unknown = stackalloc ushort[4];
        Assert.True(message.TryGetUnknownAttributes(unknown, out var count));
        Assert.Equal(2, count);
        Assert.Equal(0x7777, unknown[1]);
    }

    [Fact]
    public void Attributes_after_message_integrity_are_ignored_except_fingerprint()
    {
        var key = StunCredentials.ShortTermKey("pwd");
        var buffer = new byte[256];
        var writer = new StunMessageWriter(buffer, StunMessageType.BindingRequest, new byte[12]);
        writer.AddMessageIntegrity(key);
        writer.AddUsername("appended:after");
        writer.AddFingerprint();

        Assert.True(StunMessage.TryParse(writer.Written, out var message));
        Assert.False(message.TryGetUsername(out _));
        Assert.Equal(StunVerification.Valid, message.VerifyFingerprint());
    }

    [Fact]
    public void A_fingerprint_that_is_not_last_is_invalid()
    {
        var buffer = new byte[256];
        var writer = new StunMessageWriter(buffer, StunMessageType.BindingRequest, new byte[12]);
        writer.AddFingerprint();
        writer.AddPriority(1);

        Assert.True(StunMessage.TryParse(writer.Written, out var message));
        Assert.Equal(StunVerification.Invalid, message.VerifyFingerprint());
    }

    [Theory]
    [InlineData(0x0001, StunClass.Request)]
    [InlineData(0x0011, StunClass.Indication)]
    [InlineData(0x0101, StunClass.SuccessResponse)]
    [InlineData(0x0111, StunClass.ErrorResponse)]
    public void Binding_types_have_their_rfc_wire_values(ushort wire, StunClass cls)
    {
        Assert.Equal(new StunMessageType(StunMethod.Binding, cls), StunMessageType.FromWire(wire));
        Assert.Equal(wire, new StunMessageType(StunMethod.Binding, cls).ToWire());
    }

    [Property]
    public void Message_types_round_trip_through_the_wire_encoding(ushort method, byte cls)
    {
        var type = new StunMessageType(method & 0xFFF, (StunClass)(cls & 3));
        Assert.Equal(type, StunMessageType.FromWire(type.ToWire()));
    }

    private static void Exercise(byte[] data)
    {
        _ = StunMessage.IsStun(data);
        if (!StunMessage.TryParse(data, out var message))
        {
            return;
        }

        _ = message.Type;
        foreach (var attribute in message.Attributes)
        {
            _ = attribute.Value.Length;
        }

        _ = message.TryGetUsername(out _);
        _ = message.TryGetSoftware(out _);
        _ = message.TryGetPriority(out _);
        _ = message.TryGetIceControlling(out _);
        _ = message.TryGetIceControlled(out _);
        _ = message.HasUseCandidate;
        _ = message.TryGetMappedAddress(out _);
        _ = message.TryGetXorMappedAddress(out _);
        _ = message.TryGetErrorCode(out _, out _);
        _ = message.TryGetUnknownAttributes(stackalloc ushort[8], out _);
        _ = message.VerifyMessageIntegrity([1, 2, 3]);
        _ = message.VerifyMessageIntegritySha256([1, 2, 3]);
        _ = message.VerifyFingerprint();
    }
}
