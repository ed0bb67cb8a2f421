using System.Globalization;

namespace Rethink.Ims.Sip.Messages;

/// <summary>The CSeq value: a sequence number below 2^32 and a method (RFC 3261 §20.16).</summary>
public readonly struct SipCSeq : ISipHeaderValue<SipCSeq>, IEquatable<SipCSeq>
{
    /// <summary>Creates a CSeq value.</summary>
    public SipCSeq(uint number, SipMethod method)
    {
        Number = number;
        Method = method;
    }

    /// <summary>The sequence number.</summary>
    public uint Number { get; }

    /// <summary>The method.</summary>
    public SipMethod Method { get; }

    /// <summary>True for a default value (no CSeq).</summary>
    public bool IsEmpty => Method.IsEmpty;

    /// <summary>Parses one value given as bytes; the result keeps slices of them.</summary>
    public static bool TryParse(ReadOnlyMemory<byte> value, out SipCSeq result) => TryParse(value.Span, out result);

    /// <inheritdoc/>
    public static bool TryParse(SipText value, out SipCSeq result) => TryParse(value.Span, out result);

    /// <summary>Parses <c>1*DIGIT LWS Method</c>; the number must fit 32 bits.</summary>
    public static bool TryParse(ReadOnlySpan<byte> s, out SipCSeq result)
    {
        result = default;
        var i = SipSyntax.SkipLws(s, 0);
        var start = i;
        while (i < s.Length && SipSyntax.IsDigit(s[i]))
        {
            i++;
        }

        if (!SipSyntax.TryParseDigits(s[start..i], uint.MaxValue, out var number))
        {
            return false;
        }

        var methodStart = SipSyntax.SkipLws(s, i);
        if (methodStart == i || methodStart >= s.Length)
        {
            return false;
        }

        var methodEnd = SipSyntax.ScanToken(s, methodStart);
        if (SipSyntax.SkipLws(s, methodEnd) != s.Length || !SipMethod.TryParse(s[methodStart..methodEnd], out var method))
        {
            return false;
        }

        result = new SipCSeq((uint)number, method);
        return true;
    }

    /// <inheritdoc/>
    public bool Equals(SipCSeq other) => Number == other.Number && Method == other.Method;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is SipCSeq other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Number, Method);

    /// <summary>"number METHOD".</summary>
    public override string ToString() => Number.ToString(CultureInfo.InvariantCulture) + " " + Method.Name;

    /// <summary>Equality.</summary>
    public static bool operator ==(SipCSeq left, SipCSeq right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    public static bool operator !=(SipCSeq left, SipCSeq right) => !left.Equals(right);
}
