using System.Buffers;
using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.Text.Unicode;

namespace Rethink.Ims.Media.Sdp;

/// <summary>
/// Parses SDP (RFC 8866). Bad input gives <c>false</c> and an <see cref="SdpParseError"/> with a line number,
/// never an exception. Accepts CRLF or LF line ends, skips blank lines, and tolerates runs of spaces between
/// fields and session-level lines out of RFC order; everything else RFC 8866 fixes is checked.
/// Attribute values are kept verbatim.
/// </summary>
public static class SdpParser
{
    /// <summary>Parses text with <see cref="SdpParserOptions.Default"/> limits.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, [NotNullWhen(true)] out SessionDescription? description, out SdpParseError error) =>
        TryParse(text, SdpParserOptions.Default, out description, out error);

    /// <summary>Parses UTF-8 bytes with <see cref="SdpParserOptions.Default"/> limits.</summary>
    public static bool TryParse(ReadOnlySpan<byte> utf8, [NotNullWhen(true)] out SessionDescription? description, out SdpParseError error) =>
        TryParse(utf8, SdpParserOptions.Default, out description, out error);

    /// <summary>Parses UTF-8 bytes. Invalid UTF-8 is <see cref="SdpParseErrorKind.InvalidEncoding"/>.</summary>
    public static bool TryParse(ReadOnlySpan<byte> utf8, SdpParserOptions options, [NotNullWhen(true)] out SessionDescription? description, out SdpParseError error)
    {
        ArgumentNullException.ThrowIfNull(options);
        description = null;
        if (utf8.Length > options.MaxLength)
        {
            error = new SdpParseError(SdpParseErrorKind.TooLarge, 0);
            return false;
        }

        var buffer = ArrayPool<char>.Shared.Rent(Math.Max(utf8.Length, 1));
        try
        {
            var status = Utf8.ToUtf16(utf8, buffer, out _, out var written, replaceInvalidSequences: false);
            if (status != OperationStatus.Done)
            {
                error = new SdpParseError(SdpParseErrorKind.InvalidEncoding, 0);
                return false;
            }

            return TryParse(buffer.AsSpan(0, written), options, out description, out error);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }
    }

    /// <summary>Parses text.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, SdpParserOptions options, [NotNullWhen(true)] out SessionDescription? description, out SdpParseError error)
    {
        ArgumentNullException.ThrowIfNull(options);
        description = null;
        if (text.Length > options.MaxLength)
        {
            error = new SdpParseError(SdpParseErrorKind.TooLarge, 0);
            return false;
        }

        var state = new SessionState();
        var lineNumber = 0;
        var position = 0;
        while (position < text.Length)
        {
            var rest = text[position..];
            var newline = rest.IndexOf('\n');
            var line = newline < 0 ? rest : rest[..newline];
            position += newline < 0 ? rest.Length : newline + 1;
            lineNumber++;
            if (lineNumber > options.MaxLines)
            {
                error = new SdpParseError(SdpParseErrorKind.TooManyLines, lineNumber);
                return false;
            }

            if (line.EndsWith('\r'))
            {
                line = line[..^1];
            }

            if (line.IsEmpty)
            {
                continue;
            }

            var kind = ParseLine(line, state, options);
            if (kind != SdpParseErrorKind.None)
            {
                error = new SdpParseError(kind, lineNumber);
                return false;
            }
        }

        var missing = state.Version is null ? SdpParseErrorKind.MissingVersion
            : state.Origin is null ? SdpParseErrorKind.MissingOrigin
            : state.SessionName is null ? SdpParseErrorKind.MissingSessionName
            : state.Timings.Count == 0 ? SdpParseErrorKind.MissingTiming
            : SdpParseErrorKind.None;
        if (missing != SdpParseErrorKind.None)
        {
            error = new SdpParseError(missing, lineNumber);
            return false;
        }

        description = state.Build();
        error = default;
        return true;
    }

    private static SdpParseErrorKind ParseLine(ReadOnlySpan<char> line, SessionState state, SdpParserOptions options)
    {
        if (line.IndexOfAny('\0', '\r') >= 0)
        {
            return SdpParseErrorKind.InvalidCharacter;
        }

        if (line.Length < 2 || line[1] != '=')
        {
            return SdpParseErrorKind.MalformedLine;
        }

        var type = line[0];
        var value = line[2..];
        if (state.Version is null && type != 'v')
        {
            return SdpParseErrorKind.MissingVersion;
        }

        var media = state.Media.Count == 0 ? null : state.Media[^1];
        switch (type)
        {
            case 'a':
                var colon = value.IndexOf(':');
                var name = colon < 0 ? value : value[..colon];
                if (!SdpSyntax.IsToken(name))
                {
                    return SdpParseErrorKind.InvalidAttribute;
                }

                var attribute = new SdpAttributeLine(name.ToString(), colon < 0 ? null : value[(colon + 1)..].ToString());
                (media?.Attributes ?? state.Attributes).Add(attribute);
                return SdpParseErrorKind.None;
            case 'm':
                if (state.Media.Count >= options.MaxMediaDescriptions)
                {
                    return SdpParseErrorKind.TooManyMediaDescriptions;
                }

                var parsed = ParseMedia(value);
                if (parsed is null)
                {
                    return SdpParseErrorKind.InvalidMedia;
                }

                state.Media.Add(parsed);
                return SdpParseErrorKind.None;
            case 'i':
                if (media is not null)
                {
                    return SetOnce(ref media.Information, value);
                }

                return SetOnce(ref state.Information, value);
            case 'c':
                var connection = ParseConnection(value);
                if (connection is null)
                {
                    return SdpParseErrorKind.InvalidConnection;
                }

                if (media is not null)
                {
                    media.Connections.Add(connection);
                    return SdpParseErrorKind.None;
                }

                if (state.Connection is not null)
                {
                    return SdpParseErrorKind.DuplicateLine;
                }

                state.Connection = connection;
                return SdpParseErrorKind.None;
            case 'b':
                var bandwidth = ParseBandwidth(value);
                if (bandwidth is null)
                {
                    return SdpParseErrorKind.InvalidBandwidth;
                }

                (media?.Bandwidths ?? state.Bandwidths).Add(bandwidth);
                return SdpParseErrorKind.None;
            case 'k':
                if (media is not null)
                {
                    return SetOnce(ref media.EncryptionKey, value);
                }

                return SetOnce(ref state.EncryptionKey, value);
            case 'v' or 'o' or 's' or 'u' or 'e' or 'p' or 't' or 'r' or 'z':
                return media is not null ? SdpParseErrorKind.MisplacedLine : ParseSessionLine(type, value, state);
            default:
                return SdpParseErrorKind.UnknownLineType;
        }
    }

    private static SdpParseErrorKind ParseSessionLine(char type, ReadOnlySpan<char> value, SessionState state)
    {
        switch (type)
        {
            case 'v':
                if (state.Version is not null)
                {
                    return SdpParseErrorKind.DuplicateLine;
                }

                if (!SdpSyntax.TryParseInt(value, out var version))
                {
                    return SdpParseErrorKind.InvalidVersion;
                }

                state.Version = version;
                return SdpParseErrorKind.None;
            case 'o':
                if (state.Origin is not null)
                {
                    return SdpParseErrorKind.DuplicateLine;
                }

                var reader = new SdpWordReader(value);
                if (!reader.TryRead(out var user) || !reader.TryRead(out var id) || !reader.TryRead(out var ver) ||
                    !reader.TryRead(out var net) || !reader.TryRead(out var addrType) || !reader.TryRead(out var address) || !reader.AtEnd)
                {
                    return SdpParseErrorKind.InvalidOrigin;
                }

                state.Origin = new SdpOrigin(user.ToString(), id.ToString(), ver.ToString(), net.ToString(), addrType.ToString(), address.ToString());
                return SdpParseErrorKind.None;
            case 's':
                return SetOnce(ref state.SessionName, value);
            case 'u':
                return SetOnce(ref state.Uri, value);
            case 'e':
                state.Emails.Add(value.ToString());
                return SdpParseErrorKind.None;
            case 'p':
                state.Phones.Add(value.ToString());
                return SdpParseErrorKind.None;
            case 't':
                var times = new SdpWordReader(value);
                if (!times.TryRead(out var startText) || !SdpSyntax.TryParseULong(startText, out var start) ||
                    !times.TryRead(out var stopText) || !SdpSyntax.TryParseULong(stopText, out var stop) || !times.AtEnd)
                {
                    return SdpParseErrorKind.InvalidTiming;
                }

                state.Timings.Add((new SdpTiming(start, stop), []));
                return SdpParseErrorKind.None;
            case 'r':
                if (state.Timings.Count == 0)
                {
                    return SdpParseErrorKind.MisplacedLine;
                }

                state.Timings[^1].Repeats.Add(value.ToString());
                return SdpParseErrorKind.None;
            default: // 'z'
                return SetOnce(ref state.TimeZones, value);
        }
    }

    private static SdpParseErrorKind SetOnce(ref string? field, ReadOnlySpan<char> value)
    {
        if (field is not null)
        {
            return SdpParseErrorKind.DuplicateLine;
        }

        field = value.ToString();
        return SdpParseErrorKind.None;
    }

    private static MediaState? ParseMedia(ReadOnlySpan<char> value)
    {
        var reader = new SdpWordReader(value);
        if (!reader.TryRead(out var media) || !SdpSyntax.IsToken(media) || !reader.TryRead(out var portText) ||
            !reader.TryRead(out var protocol) || !SdpSyntax.IsProtocol(protocol))
        {
            return null;
        }

        var slash = portText.IndexOf('/');
        int? count = null;
        if (slash >= 0)
        {
            if (!SdpSyntax.TryParseInt(portText[(slash + 1)..], out var parsedCount) || parsedCount < 1)
            {
                return null;
            }

            count = parsedCount;
            portText = portText[..slash];
        }

        if (!SdpSyntax.TryParseInt(portText, out var port) || port > 65535)
        {
            return null;
        }

        var formats = ImmutableArray.CreateBuilder<string>();
        while (reader.TryRead(out var format))
        {
            if (!SdpSyntax.IsToken(format))
            {
                return null;
            }

            formats.Add(format.ToString());
        }

        return new MediaState(new MediaDescription(media.ToString(), port, protocol.ToString())
        {
            PortCount = count,
            Formats = formats.ToImmutable(),
        });
    }

    private static SdpConnection? ParseConnection(ReadOnlySpan<char> value)
    {
        var reader = new SdpWordReader(value);
        return reader.TryRead(out var net) && reader.TryRead(out var type) && reader.TryRead(out var address) && reader.AtEnd
            ? new SdpConnection(net.ToString(), type.ToString(), address.ToString())
            : null;
    }

    private static SdpBandwidth? ParseBandwidth(ReadOnlySpan<char> value)
    {
        var colon = value.IndexOf(':');
        return colon > 0 && SdpSyntax.IsToken(value[..colon]) && SdpSyntax.TryParseULong(value[(colon + 1)..], out var amount)
            ? new SdpBandwidth(value[..colon].ToString(), amount)
            : null;
    }

    private sealed class SessionState
    {
        public int? Version;
        public SdpOrigin? Origin;
        public string? SessionName;
        public string? Information;
        public string? Uri;
        public readonly List<string> Emails = [];
        public readonly List<string> Phones = [];
        public SdpConnection? Connection;
        public readonly List<SdpBandwidth> Bandwidths = [];
        public readonly List<(SdpTiming Timing, List<string> Repeats)> Timings = [];
        public string? TimeZones;
        public string? EncryptionKey;
        public readonly List<SdpAttributeLine> Attributes = [];
        public readonly List<MediaState> Media = [];

        public SessionDescription Build() => new(Origin!)
        {
            Version = Version ?? 0,
            SessionName = SessionName!,
            Information = Information,
            Uri = Uri,
            Emails = [.. Emails],
            Phones = [.. Phones],
            Connection = Connection,
            Bandwidths = [.. Bandwidths],
            Timings = [.. Timings.Select(t => t.Timing with { Repeats = [.. t.Repeats] })],
            TimeZones = TimeZones,
            EncryptionKey = EncryptionKey,
            Attributes = [.. Attributes],
            Media = [.. Media.Select(m => m.Build())],
        };
    }

    private sealed class MediaState(MediaDescription line)
    {
        public string? Information;
        public string? EncryptionKey;
        public readonly List<SdpConnection> Connections = [];
        public readonly List<SdpBandwidth> Bandwidths = [];
        public readonly List<SdpAttributeLine> Attributes = [];

        public MediaDescription Build() => line with
        {
            Information = Information,
            EncryptionKey = EncryptionKey,
            Connections = [.. Connections],
            Bandwidths = [.. Bandwidths],
            Attributes = [.. Attributes],
        };
    }
}
