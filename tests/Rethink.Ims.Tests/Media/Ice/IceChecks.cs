using System.Net;
using System.Security.Cryptography;
using Rethink.Ims.Media.Sdp;
using Rethink.Ims.Media.Stun;

namespace Rethink.Ims.Tests.Media.Ice;

/// <summary>Connectivity checks shaped like Chrome's, and what the tests share.</summary>
internal static class IceChecks
{
    public static readonly IceCredentials Local = new("liteUfrag", "litePasswordLitePassword");
    public const string RemoteUfrag = "chro";
    public const string RemotePassword = "chromePasswordChromePass";
    public static readonly IPEndPoint Browser = new(IPAddress.Parse("192.0.2.10"), 50123);

    public sealed record Options
    {
        public string? Username { get; init; }
        public string Password { get; init; } = Local.Password;
        public bool Controlling { get; init; } = true;
        public bool Controlled { get; init; }
        public bool UseCandidate { get; init; }
        public bool Integrity { get; init; } = true;
        public bool Fingerprint { get; init; } = true;
        public bool Priority { get; init; } = true;
        public ushort? ExtraAttribute { get; init; }
    }

    public static byte[] Request(Options? options = null) => Request(options, out _);

    public static byte[] Request(Options? options, out byte[] transactionId)
    {
        options ??= new Options();
        transactionId = RandomNumberGenerator.GetBytes(12);
        var buffer = new byte[548];
        var writer = new StunMessageWriter(buffer, StunMessageType.BindingRequest, transactionId);
        writer.AddUsername(options.Username ?? $"{Local.Ufrag}:{RemoteUfrag}");
        writer.AddAttribute(0xC057, [0, 1, 0, 10]); // GOOG-NETWORK-INFO: comprehension-optional, as Chrome sends it
        if (options.ExtraAttribute is { } extra)
        {
            writer.AddAttribute(extra, [1, 2, 3, 4]);
        }

        if (options.Controlling)
        {
            writer.AddIceControlling(0x1122334455667788);
        }

        if (options.Controlled)
        {
            writer.AddIceControlled(0x1122334455667788);
        }

        if (options.UseCandidate)
        {
            writer.AddUseCandidate();
        }

        if (options.Priority)
        {
            writer.AddPriority(IceCandidate.ComputePriority(110, 65535, 1));
        }

        if (options.Integrity)
        {
            writer.AddMessageIntegrity(StunCredentials.ShortTermKey(options.Password));
        }

        if (options.Fingerprint)
        {
            writer.AddFingerprint();
        }

        return writer.Written.ToArray();
    }

    /// <summary>Records what an agent sends.</summary>
    public sealed class Wire
    {
        public List<(byte[] Datagram, IPEndPoint To)> Sent { get; } = [];

        public void Send(ReadOnlySpan<byte> datagram, IPEndPoint to)
        {
            lock (Sent)
            {
                Sent.Add((datagram.ToArray(), to));
            }
        }

        public byte[] Last => Sent[^1].Datagram;
    }
}
