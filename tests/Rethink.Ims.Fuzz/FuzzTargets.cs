using System.Diagnostics.CodeAnalysis;

namespace Rethink.Ims.Fuzz;

/// <summary>The fuzz targets, by the name scripts/fuzz.sh uses.</summary>
internal static class FuzzTargets
{
    public static IReadOnlyList<FuzzTarget> All { get; } =
    [
        new("sip", SipDatagramTarget.Run, () => []),
        new("sip-stream", SipStreamTarget.Run, () => []),
        new("sdp", SdpTarget.Run, SdpTarget.Seeds),
        new("stun", StunTarget.Run, StunTarget.Seeds),
        new("rtp", RtpTarget.Run, RtpTarget.Seeds),
        new("bencode", BencodeTarget.Run, BencodeTarget.Seeds),
    ];

    public static bool TryGet(string name, [NotNullWhen(true)] out FuzzTarget? target)
    {
        target = All.FirstOrDefault(t => t.Name == name);
        return target is not null;
    }
}
