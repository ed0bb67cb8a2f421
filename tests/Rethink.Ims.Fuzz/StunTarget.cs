using System.Net;
using Rethink.Ims.Media.Stun;

namespace Rethink.Ims.Fuzz;

/// <summary>
/// STUN (ICE connectivity checks on the media port): <see cref="StunMessage.TryParse"/> and every
/// attribute getter, MESSAGE-INTEGRITY (both hashes) and FINGERPRINT verification.
/// Law: a message the parser accepts has attributes that the reader walks to its very end.
/// </summary>
internal static class StunTarget
{
    private static readonly byte[] Key = "fuzz-key"u8.ToArray();
    private static long sink;

    public static void Run(byte[] input)
    {
        var isStun = StunMessage.IsStun(input);
        if (!StunMessage.TryParse(input, out var message))
        {
            return;
        }

        if (!isStun)
        {
            throw new LawViolationException("TryParse accepted what IsStun rejected");
        }

        sink += message.Type.Method + (int)message.Type.Class + message.Type.ToWire() + message.TransactionId.Length;
        var end = StunMessage.HeaderLength;
        foreach (var attribute in message.Attributes)
        {
            sink += attribute.Type + attribute.Value.Length;
            end = attribute.Offset + 4 + ((attribute.Value.Length + 3) & ~3);
        }

        if (end != input.Length)
        {
            throw new LawViolationException($"the attributes end at {end} of {input.Length}");
        }

        sink += message.HasUseCandidate ? 1 : 0;
        sink += message.TryGetUsername(out var user) ? user.Length : 0;
        sink += message.TryGetSoftware(out var software) ? software.Length : 0;
        sink += message.TryGetPriority(out var priority) ? priority : 0;
        sink += message.TryGetIceControlling(out var controlling) ? (long)(controlling & 0xFF) : 0;
        sink += message.TryGetIceControlled(out var controlled) ? (long)(controlled & 0xFF) : 0;
        sink += message.TryGetMappedAddress(out var mapped) ? mapped!.Port : 0;
        sink += message.TryGetXorMappedAddress(out var xorMapped) ? xorMapped!.Port : 0;
        sink += message.TryGetErrorCode(out var code, out var reason) ? code + reason.Length : 0;
        Span<ushort> unknown = stackalloc ushort[8];
        sink += message.TryGetUnknownAttributes(unknown, out var count) ? count : 0;
        sink += (int)message.VerifyMessageIntegrity(Key);
        sink += (int)message.VerifyMessageIntegritySha256(Key);
        sink += (int)message.VerifyFingerprint();
    }

    public static IEnumerable<byte[]> Seeds() => [Request(), Success(), Error()];

    private static byte[] Request()
    {
        var id = "0123456789ab"u8;
        var buffer = new byte[512];
        var request = new StunMessageWriter(buffer, StunMessageType.BindingRequest, id);
        request.AddUsername("remote:local");
        request.AddPriority(0x6E7F1EFF);
        request.AddIceControlling(0x0102030405060708);
        request.AddUseCandidate();
        request.AddMessageIntegrity(Key);
        request.AddFingerprint();
        return request.Written.ToArray();
    }

    private static byte[] Success()
    {
        var id = "0123456789ab"u8;
        var buffer = new byte[512];
        var success = new StunMessageWriter(buffer, StunMessageType.BindingSuccess, id);
        success.AddXorMappedAddress(new IPEndPoint(IPAddress.Parse("192.0.2.1"), 32853));
        success.AddXorMappedAddress(new IPEndPoint(IPAddress.Parse("2001:db8::1"), 32853));
        success.AddMappedAddress(new IPEndPoint(IPAddress.Parse("192.0.2.1"), 32853));
        success.AddSoftware("fuzz");
        success.AddMessageIntegritySha256(Key);
        success.AddFingerprint();
        return success.Written.ToArray();
    }

    private static byte[] Error()
    {
        var id = "0123456789ab"u8;
        var buffer = new byte[512];
        var error = new StunMessageWriter(buffer, StunMessageType.BindingError, id);
        error.AddErrorCode(420, "Unknown Attribute");
        error.AddUnknownAttributes([0x8001, 0x0031]);
        error.AddIceControlled(42);
        return error.Written.ToArray();
    }
}
