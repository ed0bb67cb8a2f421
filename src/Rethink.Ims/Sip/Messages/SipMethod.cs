using System.Text;

namespace Rethink.Ims.Sip.Messages;

/// <summary>
/// A request method. Methods are case-sensitive tokens (RFC 3261 §7.1); known ones share one
/// string each so that parsing them allocates nothing.
/// </summary>
public readonly struct SipMethod : IEquatable<SipMethod>
{
    private static readonly string[] KnownNames =
    [
        string.Empty, "INVITE", "ACK", "BYE", "CANCEL", "OPTIONS", "REGISTER", "PRACK", "SUBSCRIBE", "NOTIFY",
        "PUBLISH", "INFO", "REFER", "MESSAGE", "UPDATE",
    ];

    private readonly string? _name;

    private SipMethod(string name, SipMethodKind kind)
    {
        _name = name;
        Kind = kind;
    }

    /// <summary>INVITE.</summary>
    public static SipMethod Invite => new(KnownNames[1], SipMethodKind.Invite);

    /// <summary>ACK.</summary>
    public static SipMethod Ack => new(KnownNames[2], SipMethodKind.Ack);

    /// <summary>BYE.</summary>
    public static SipMethod Bye => new(KnownNames[3], SipMethodKind.Bye);

    /// <summary>CANCEL.</summary>
    public static SipMethod Cancel => new(KnownNames[4], SipMethodKind.Cancel);

    /// <summary>OPTIONS.</summary>
    public static SipMethod Options => new(KnownNames[5], SipMethodKind.Options);

    /// <summary>REGISTER.</summary>
    public static SipMethod Register => new(KnownNames[6], SipMethodKind.Register);

    /// <summary>PRACK.</summary>
    public static SipMethod Prack => new(KnownNames[7], SipMethodKind.Prack);

    /// <summary>SUBSCRIBE.</summary>
    public static SipMethod Subscribe => new(KnownNames[8], SipMethodKind.Subscribe);

    /// <summary>NOTIFY.</summary>
    public static SipMethod Notify => new(KnownNames[9], SipMethodKind.Notify);

    /// <summary>PUBLISH.</summary>
    public static SipMethod Publish => new(KnownNames[10], SipMethodKind.Publish);

    /// <summary>INFO.</summary>
    public static SipMethod Info => new(KnownNames[11], SipMethodKind.Info);

    /// <summary>REFER.</summary>
    public static SipMethod Refer => new(KnownNames[12], SipMethodKind.Refer);

    /// <summary>MESSAGE.</summary>
    public static SipMethod Message => new(KnownNames[13], SipMethodKind.Message);

    /// <summary>UPDATE.</summary>
    public static SipMethod Update => new(KnownNames[14], SipMethodKind.Update);

    /// <summary>Which known method this is, or <see cref="SipMethodKind.Extension"/>.</summary>
    public SipMethodKind Kind { get; }

    /// <summary>The method token as written.</summary>
    public string Name => _name ?? string.Empty;

    /// <summary>True for the methods of <see cref="SipMethodKind"/> other than Extension.</summary>
    public bool IsKnown => Kind != SipMethodKind.Extension;

    /// <summary>True for a default (unset) value.</summary>
    public bool IsEmpty => string.IsNullOrEmpty(_name);

    /// <summary>Creates a method from its token; known methods reuse their shared name.</summary>
    /// <exception cref="FormatException">The name is not a token.</exception>
    public static SipMethod Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var bytes = Encoding.UTF8.GetBytes(name);
        return TryParse(bytes, out var method) ? method : throw new FormatException("A SIP method must be a token.");
    }

    /// <summary>Reads a method token; false if <paramref name="token"/> is empty or holds a non-token byte.</summary>
    public static bool TryParse(ReadOnlySpan<byte> token, out SipMethod method)
    {
        // A known method is spelled exactly, so it needs no character check.
        var kind = KindOf(token);
        if (kind != SipMethodKind.Extension)
        {
            method = new SipMethod(KnownNames[(int)kind], kind);
            return true;
        }

        method = default;
        if (token.IsEmpty || token.IndexOfAnyExcept(SipSyntax.TokenChars) >= 0)
        {
            return false;
        }

        method = new SipMethod(Encoding.ASCII.GetString(token), kind);
        return true;
    }

    /// <summary>True when <paramref name="token"/> spells this method (case-sensitive).</summary>
    public bool Equals(ReadOnlySpan<byte> token)
    {
        var name = Name;
        if (token.Length != name.Length)
        {
            return false;
        }

        for (var i = 0; i < token.Length; i++)
        {
            if (token[i] != name[i])
            {
                return false;
            }
        }

        return true;
    }

    internal static SipMethodKind KindOf(ReadOnlySpan<byte> t) => t.Length switch
    {
        3 when t.SequenceEqual("ACK"u8) => SipMethodKind.Ack,
        3 when t.SequenceEqual("BYE"u8) => SipMethodKind.Bye,
        4 when t.SequenceEqual("INFO"u8) => SipMethodKind.Info,
        5 when t.SequenceEqual("PRACK"u8) => SipMethodKind.Prack,
        5 when t.SequenceEqual("REFER"u8) => SipMethodKind.Refer,
        6 when t.SequenceEqual("INVITE"u8) => SipMethodKind.Invite,
        6 when t.SequenceEqual("CANCEL"u8) => SipMethodKind.Cancel,
        6 when t.SequenceEqual("NOTIFY"u8) => SipMethodKind.Notify,
        6 when t.SequenceEqual("UPDATE"u8) => SipMethodKind.Update,
        7 when t.SequenceEqual("OPTIONS"u8) => SipMethodKind.Options,
        7 when t.SequenceEqual("PUBLISH"u8) => SipMethodKind.Publish,
        7 when t.SequenceEqual("MESSAGE"u8) => SipMethodKind.Message,
        8 when t.SequenceEqual("REGISTER"u8) => SipMethodKind.Register,
        9 when t.SequenceEqual("SUBSCRIBE"u8) => SipMethodKind.Subscribe,
        _ => SipMethodKind.Extension,
    };

    /// <inheritdoc/>
    public bool Equals(SipMethod other) => string.Equals(Name, other.Name, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is SipMethod other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Name);

    /// <summary>The method token.</summary>
    public override string ToString() => Name;

    /// <summary>Case-sensitive equality.</summary>
    public static bool operator ==(SipMethod left, SipMethod right) => left.Equals(right);

    /// <summary>Case-sensitive inequality.</summary>
    public static bool operator !=(SipMethod left, SipMethod right) => !left.Equals(right);
}
