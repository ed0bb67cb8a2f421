using System.Text;

namespace Rethink.Ims.Sip.Transactions;

/// <summary>
/// Compares client transaction keys (branch and CSeq method; RFC 3261 §17.1.3), and lets a received response look its
/// transaction up by the branch as characters on the stack (<see cref="Probe"/>) instead of a string per response.
/// </summary>
internal sealed class SipClientKeyComparer : IEqualityComparer<SipTransactionKey>, IAlternateEqualityComparer<SipClientKeyComparer.Probe, SipTransactionKey>
{
    public static readonly SipClientKeyComparer Instance = new();

    /// <summary>The longest branch looked up on the stack; a longer one is made a string.</summary>
    public const int MaxStackBranch = 256;

    public bool Equals(SipTransactionKey x, SipTransactionKey y) => x == y;

    public int GetHashCode(SipTransactionKey obj) => Hash(obj.Id, obj.SentBy, obj.Method);

    public bool Equals(Probe alternate, SipTransactionKey other) =>
        other.SentBy.Length == 0 && alternate.Branch.SequenceEqual(other.Id) && string.Equals(alternate.Method, other.Method, StringComparison.Ordinal);

    public int GetHashCode(Probe alternate) => Hash(alternate.Branch, string.Empty, alternate.Method);

    public SipTransactionKey Create(Probe alternate) => new(alternate.Branch.ToString(), string.Empty, alternate.Method);

    /// <summary>The branch of <paramref name="branch"/> (UTF-8, as <c>ToString</c> decodes it) into <paramref name="chars"/>.</summary>
    public static ReadOnlySpan<char> Decode(ReadOnlySpan<byte> branch, Span<char> chars) =>
        chars[..Encoding.UTF8.GetChars(branch, chars)];

    private static int Hash(ReadOnlySpan<char> id, string sentBy, string method) =>
        HashCode.Combine(string.GetHashCode(id, StringComparison.Ordinal), sentBy.Length, method);

    /// <summary>A key to look up: the branch's characters and the CSeq method.</summary>
    internal readonly ref struct Probe(ReadOnlySpan<char> branch, string method)
    {
        public ReadOnlySpan<char> Branch { get; } = branch;

        public string Method { get; } = method;
    }
}
