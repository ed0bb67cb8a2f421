using System.Text;

namespace Rethink.Ims.Sip.Messages;

/// <summary>The unquoted fields of a digest response (<see cref="SipAuthParameters.ReadDigestFields"/>); empty when absent.</summary>
internal struct SipDigestFields
{
    private int _present;

    /// <summary>The fields, by the bit that marks each present.</summary>
    internal enum Field
    {
        None = -1,
        Username,
        Realm,
        Nonce,
        Uri,
        Response,
        Algorithm,
        Qop,
        Cnonce,
        Nc,
    }

    public SipText Username { get; private set; }

    public SipText Realm { get; private set; }

    public SipText Nonce { get; private set; }

    public SipText Uri { get; private set; }

    public SipText Response { get; private set; }

    public SipText Algorithm { get; private set; }

    public SipText Qop { get; private set; }

    public SipText Cnonce { get; private set; }

    public SipText Nc { get; private set; }

    /// <summary>The field a parameter name stands for (case-insensitive).</summary>
    public static Field FieldOf(ReadOnlySpan<byte> name) => name.Length switch
    {
        2 when Ascii.EqualsIgnoreCase(name, "nc"u8) => Field.Nc,
        3 when Ascii.EqualsIgnoreCase(name, "uri"u8) => Field.Uri,
        3 when Ascii.EqualsIgnoreCase(name, "qop"u8) => Field.Qop,
        5 when Ascii.EqualsIgnoreCase(name, "realm"u8) => Field.Realm,
        5 when Ascii.EqualsIgnoreCase(name, "nonce"u8) => Field.Nonce,
        6 when Ascii.EqualsIgnoreCase(name, "cnonce"u8) => Field.Cnonce,
        8 when Ascii.EqualsIgnoreCase(name, "username"u8) => Field.Username,
        8 when Ascii.EqualsIgnoreCase(name, "response"u8) => Field.Response,
        9 when Ascii.EqualsIgnoreCase(name, "algorithm"u8) => Field.Algorithm,
        _ => Field.None,
    };

    /// <summary>True for a known field not given yet (the first of each name wins).</summary>
    public readonly bool Wants(Field field) => field != Field.None && (_present & (1 << (int)field)) == 0;

    /// <summary>Keeps <paramref name="value"/> as the field's.</summary>
    public void Set(Field field, SipText value)
    {
        var bit = 1 << (int)field;
        _present |= bit;
        switch (field)
        {
            case Field.Username: Username = value; break;
            case Field.Realm: Realm = value; break;
            case Field.Nonce: Nonce = value; break;
            case Field.Uri: Uri = value; break;
            case Field.Response: Response = value; break;
            case Field.Algorithm: Algorithm = value; break;
            case Field.Qop: Qop = value; break;
            case Field.Cnonce: Cnonce = value; break;
            default: Nc = value; break;
        }
    }
}
