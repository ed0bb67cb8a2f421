using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;

namespace Rethink.Ims.Media.Sdp;

/// <summary>Queries and edits shared by the session-level and media-level attribute lists.</summary>
internal static class SdpAttributeList
{
    public delegate bool Parser<T>(string? value, [NotNullWhen(true)] out T? result);

    public static SdpAttributeLine? Find(ImmutableArray<SdpAttributeLine> attributes, string name)
    {
        foreach (var attribute in attributes)
        {
            if (attribute.Name == name)
            {
                return attribute;
            }
        }

        return null;
    }

    public static bool Has(ImmutableArray<SdpAttributeLine> attributes, string name) => Find(attributes, name) is not null;

    public static string? Value(ImmutableArray<SdpAttributeLine> attributes, string name) => Find(attributes, name)?.Value;

    public static ImmutableArray<SdpAttributeLine> FindAll(ImmutableArray<SdpAttributeLine> attributes, string name)
    {
        var builder = ImmutableArray.CreateBuilder<SdpAttributeLine>();
        foreach (var attribute in attributes)
        {
            if (attribute.Name == name)
            {
                builder.Add(attribute);
            }
        }

        return builder.ToImmutable();
    }

    /// <summary>Every attribute of that name whose value parses; malformed ones are skipped (they stay in the list verbatim).</summary>
    public static ImmutableArray<T> Parse<T>(ImmutableArray<SdpAttributeLine> attributes, string name, Parser<T> parser)
    {
        var builder = ImmutableArray.CreateBuilder<T>();
        foreach (var attribute in attributes)
        {
            if (attribute.Name == name && parser(attribute.Value, out var parsed))
            {
                builder.Add(parsed);
            }
        }

        return builder.ToImmutable();
    }

    public static T? ParseFirst<T>(ImmutableArray<SdpAttributeLine> attributes, string name, Parser<T> parser)
        where T : class
    {
        foreach (var attribute in attributes)
        {
            if (attribute.Name == name && parser(attribute.Value, out var parsed))
            {
                return parsed;
            }
        }

        return null;
    }

    public static int? Int(ImmutableArray<SdpAttributeLine> attributes, string name) =>
        Value(attributes, name) is { } text && SdpSyntax.TryParseInt(text.AsSpan().Trim(), out var value) ? value : null;

    public static MediaDirection? Direction(ImmutableArray<SdpAttributeLine> attributes)
    {
        foreach (var attribute in attributes)
        {
            if (attribute.IsProperty && MediaDirectionExtensions.TryParse(attribute.Name, out var direction))
            {
                return direction;
            }
        }

        return null;
    }

    public static DtlsSetup? Setup(ImmutableArray<SdpAttributeLine> attributes) =>
        Value(attributes, SdpAttributeNames.Setup) is { } text && DtlsSetupExtensions.TryParse(text, out var setup) ? setup : null;

    public static ImmutableArray<string> Words(ImmutableArray<SdpAttributeLine> attributes, string name) =>
        Value(attributes, name) is { } text
            ? [.. text.Split(' ', StringSplitOptions.RemoveEmptyEntries)]
            : [];

    public static ImmutableArray<SdpAttributeLine> Without(ImmutableArray<SdpAttributeLine> attributes, ReadOnlySpan<string> names)
    {
        var builder = ImmutableArray.CreateBuilder<SdpAttributeLine>(attributes.Length);
        foreach (var attribute in attributes)
        {
            if (!names.Contains(attribute.Name))
            {
                builder.Add(attribute);
            }
        }

        return builder.ToImmutable();
    }

    public static ImmutableArray<SdpAttributeLine> Without(ImmutableArray<SdpAttributeLine> attributes, Func<SdpAttributeLine, bool> remove)
    {
        ArgumentNullException.ThrowIfNull(remove);
        return attributes.RemoveAll(a => remove(a));
    }

    /// <summary>Removes every direction attribute and puts the new one where the first was (or at the end).</summary>
    public static ImmutableArray<SdpAttributeLine> WithDirection(ImmutableArray<SdpAttributeLine> attributes, MediaDirection direction)
    {
        var builder = ImmutableArray.CreateBuilder<SdpAttributeLine>(attributes.Length + 1);
        var placed = false;
        foreach (var attribute in attributes)
        {
            if (attribute.IsProperty && MediaDirectionExtensions.TryParse(attribute.Name, out _))
            {
                if (!placed)
                {
                    builder.Add(direction.ToAttribute());
                    placed = true;
                }

                continue;
            }

            builder.Add(attribute);
        }

        if (!placed)
        {
            builder.Add(direction.ToAttribute());
        }

        return builder.ToImmutable();
    }

    /// <summary>Replaces every attribute of that name by <paramref name="replacement"/> at the first one's place (or appends).</summary>
    public static ImmutableArray<SdpAttributeLine> Set(ImmutableArray<SdpAttributeLine> attributes, SdpAttributeLine replacement)
    {
        var builder = ImmutableArray.CreateBuilder<SdpAttributeLine>(attributes.Length + 1);
        var placed = false;
        foreach (var attribute in attributes)
        {
            if (attribute.Name == replacement.Name)
            {
                if (!placed)
                {
                    builder.Add(replacement);
                    placed = true;
                }

                continue;
            }

            builder.Add(attribute);
        }

        if (!placed)
        {
            builder.Add(replacement);
        }

        return builder.ToImmutable();
    }
}
