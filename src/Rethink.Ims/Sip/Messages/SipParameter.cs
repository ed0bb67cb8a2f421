namespace Rethink.Ims.Sip.Messages;

/// <summary>One <c>name[=value]</c> parameter of a URI or header value, as written.</summary>
public readonly struct SipParameter
{
    // Always inlined: readers build one per parameter, and as a call the two values went through memory.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    internal SipParameter(SipText name, SipText value, bool hasValue)
    {
        Name = name;
        Value = value;
        HasValue = hasValue;
    }

    /// <summary>The parameter name as written (compare it case-insensitively).</summary>
    public SipText Name { get; }

    /// <summary>The value as written: quoted values keep their quotes (see <see cref="SipText.Unquote"/>), URI values their escapes.</summary>
    public SipText Value { get; }

    /// <summary>False for a bare name such as <c>lr</c> or <c>rport</c>.</summary>
    public bool HasValue { get; }

    /// <summary>"name=value" or "name".</summary>
    public override string ToString() => HasValue ? $"{Name}={Value}" : Name.ToString();
}
