using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;

namespace Rethink.Ims.Media.Sdp;

/// <summary>
/// <c>a=group:&lt;semantics&gt; *(SP &lt;mid&gt;)</c> (RFC 5888), for example <c>a=group:BUNDLE 0 1</c> (RFC 9143).
/// </summary>
public sealed record SdpGroup
{
    /// <summary>The BUNDLE semantics token.</summary>
    public const string Bundle = "BUNDLE";

    private readonly ImmutableArray<string> tags = [];

    /// <summary>Creates a group.</summary>
    public SdpGroup(string semantics, ImmutableArray<string> tags)
    {
        Semantics = semantics;
        Tags = tags;
    }

    /// <summary>The semantics (<c>BUNDLE</c>, <c>LS</c>, <c>FID</c>, ...).</summary>
    public string Semantics { get; init; }

    /// <summary>The identification tags (<c>a=mid</c> values) in order.</summary>
    public ImmutableArray<string> Tags
    {
        get => tags;
        init => tags = value.IsDefault ? [] : value;
    }

    /// <summary>Whether this is a BUNDLE group.</summary>
    public bool IsBundle => string.Equals(Semantics, Bundle, StringComparison.OrdinalIgnoreCase);

    /// <summary>Parses the value after <c>a=group:</c>; false (never an exception) when it is malformed.</summary>
    public static bool TryParse(string? value, [NotNullWhen(true)] out SdpGroup? group)
    {
        group = null;
        if (value is null)
        {
            return false;
        }

        var reader = new SdpWordReader(value);
        if (!reader.TryRead(out var semantics) || !SdpSyntax.IsToken(semantics))
        {
            return false;
        }

        var builder = ImmutableArray.CreateBuilder<string>();
        while (reader.TryRead(out var tag))
        {
            if (!SdpSyntax.IsToken(tag))
            {
                return false;
            }

            builder.Add(tag.ToString());
        }

        group = new SdpGroup(semantics.ToString(), builder.ToImmutable());
        return true;
    }

    /// <summary>The value after <c>a=group:</c>.</summary>
    public string FormatValue() => tags.IsEmpty ? Semantics : Semantics + " " + string.Join(' ', tags);

    /// <summary>The attribute line.</summary>
    public SdpAttributeLine ToAttribute() => new(SdpAttributeNames.Group, FormatValue());

    /// <summary>The line as <c>a=group:...</c>.</summary>
    public override string ToString() => "a=group:" + FormatValue();

    /// <inheritdoc />
    public bool Equals(SdpGroup? other) => other is not null && Semantics == other.Semantics && tags.SequenceEqual(other.tags);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Semantics, tags.Length);
}
