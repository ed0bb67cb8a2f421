namespace Rethink.Ims.Media.Control;

/// <summary>The four kinds of bencoded value (BEP 3).</summary>
public enum BencodeKind
{
    /// <summary><c>i&lt;digits&gt;e</c>: a signed 64-bit integer.</summary>
    Number,

    /// <summary><c>&lt;length&gt;:&lt;bytes&gt;</c>: a byte string (text in ng is UTF-8 or ASCII).</summary>
    ByteString,

    /// <summary><c>l...e</c>: an ordered list of values.</summary>
    List,

    /// <summary><c>d...e</c>: byte-string keys, each with a value; keys are unique.</summary>
    Dictionary,
}
