using System.Security.Cryptography;

namespace Rethink.Ims.Sip.Messages;

/// <summary>Random tags, branches and Call-IDs with enough entropy to be globally unique (RFC 3261 §19.3, §8.1.1.7).</summary>
public static class SipIdentifiers
{
    /// <summary>The RFC 3261 branch prefix.</summary>
    public const string MagicCookie = "z9hG4bK";

    internal const string Alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";

    /// <summary>A From/To tag: 16 random base-36 characters (about 82 bits).</summary>
    public static string NewTag() => RandomNumberGenerator.GetString(Alphabet, 16);

    /// <summary>A Via branch: the magic cookie and 22 random base-36 characters.</summary>
    public static string NewBranch() => MagicCookie + RandomNumberGenerator.GetString(Alphabet, 22);

    /// <summary>A Call-ID: 24 random base-36 characters.</summary>
    public static string NewCallId() => RandomNumberGenerator.GetString(Alphabet, 24);
}
