using System.Buffers;
using System.Globalization;
using System.Text;

namespace Rethink.Ims.Media.Sdp;

/// <summary>
/// Writes a <see cref="SessionDescription"/> as SDP: RFC 8866 line order, CRLF after every line, single
/// spaces between fields, attributes in their stored order and text.
/// </summary>
public static class SdpWriter
{
    private const string Redacted = "[redacted]";

    /// <summary>The description as text, secrets included.</summary>
    public static string Write(SessionDescription description) => Write(description, redactSecrets: false);

    /// <summary>The description as UTF-8 bytes, secrets included.</summary>
    public static byte[] WriteUtf8(SessionDescription description) => Encoding.UTF8.GetBytes(Write(description));

    /// <summary>Writes the description as UTF-8 to <paramref name="output"/>, secrets included.</summary>
    public static void WriteTo(SessionDescription description, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        Encoding.UTF8.GetBytes(Write(description), output);
    }

    internal static string Write(SessionDescription description, bool redactSecrets)
    {
        ArgumentNullException.ThrowIfNull(description);
        var origin = description.Origin ?? throw new ArgumentException("The description has no origin.", nameof(description));
        var builder = new StringBuilder(512 + (description.Media.Length * 512));
        Line(builder, 'v', description.Version.ToString(CultureInfo.InvariantCulture));
        Line(builder, 'o', $"{origin.Username} {origin.SessionId} {origin.SessionVersion} {origin.NetworkType} {origin.AddressType} {origin.Address}");
        Line(builder, 's', description.SessionName);
        OptionalLine(builder, 'i', description.Information);
        OptionalLine(builder, 'u', description.Uri);
        foreach (var email in description.Emails)
        {
            Line(builder, 'e', email);
        }

        foreach (var phone in description.Phones)
        {
            Line(builder, 'p', phone);
        }

        if (description.Connection is { } connection)
        {
            Connection(builder, connection);
        }

        Bandwidths(builder, description.Bandwidths);
        foreach (var timing in description.Timings)
        {
            Line(builder, 't', string.Create(CultureInfo.InvariantCulture, $"{timing.Start} {timing.Stop}"));
            foreach (var repeat in timing.Repeats)
            {
                Line(builder, 'r', repeat);
            }
        }

        OptionalLine(builder, 'z', description.TimeZones);
        Key(builder, description.EncryptionKey, redactSecrets);
        Attributes(builder, description.Attributes, redactSecrets);
        foreach (var media in description.Media)
        {
            Media(builder, media, redactSecrets);
        }

        return builder.ToString();
    }

    internal static string WriteMedia(MediaDescription media, bool redactSecrets)
    {
        var builder = new StringBuilder(512);
        Media(builder, media, redactSecrets);
        return builder.ToString();
    }

    /// <summary>The text after <c>a=</c>: <c>name</c> or <c>name:value</c>.</summary>
    internal static string FormatAttribute(SdpAttributeLine attribute, bool redactSecrets)
    {
        if (attribute.Value is null)
        {
            return attribute.Name;
        }

        if (redactSecrets)
        {
            if (attribute.Name == SdpAttributeNames.IcePwd)
            {
                return attribute.Name + ":" + Redacted;
            }

            if (attribute.Name == SdpAttributeNames.Crypto)
            {
                return SdesCrypto.TryParse(attribute.Value, out var crypto)
                    ? crypto.ToString()[2..]
                    : attribute.Name + ":" + Redacted;
            }
        }

        return attribute.Name + ":" + attribute.Value;
    }

    private static void Media(StringBuilder builder, MediaDescription media, bool redactSecrets)
    {
        builder.Append("m=").Append(media.Media).Append(' ').Append(media.Port.ToString(CultureInfo.InvariantCulture));
        if (media.PortCount is { } count)
        {
            builder.Append('/').Append(count.ToString(CultureInfo.InvariantCulture));
        }

        builder.Append(' ').Append(media.Protocol);
        foreach (var format in media.Formats)
        {
            builder.Append(' ').Append(format);
        }

        builder.Append("\r\n");
        OptionalLine(builder, 'i', media.Information);
        foreach (var connection in media.Connections)
        {
            Connection(builder, connection);
        }

        Bandwidths(builder, media.Bandwidths);
        Key(builder, media.EncryptionKey, redactSecrets);
        Attributes(builder, media.Attributes, redactSecrets);
    }

    private static void Attributes(StringBuilder builder, IEnumerable<SdpAttributeLine> attributes, bool redactSecrets)
    {
        foreach (var attribute in attributes)
        {
            Line(builder, 'a', FormatAttribute(attribute, redactSecrets));
        }
    }

    private static void Bandwidths(StringBuilder builder, IEnumerable<SdpBandwidth> bandwidths)
    {
        foreach (var bandwidth in bandwidths)
        {
            Line(builder, 'b', bandwidth.Type + ":" + bandwidth.Value.ToString(CultureInfo.InvariantCulture));
        }
    }

    private static void Connection(StringBuilder builder, SdpConnection connection) =>
        Line(builder, 'c', $"{connection.NetworkType} {connection.AddressType} {connection.Address}");

    private static void Key(StringBuilder builder, string? key, bool redactSecrets)
    {
        if (key is not null)
        {
            var colon = key.IndexOf(':', StringComparison.Ordinal);
            Line(builder, 'k', redactSecrets && colon >= 0 ? key[..(colon + 1)] + Redacted : key);
        }
    }

    private static void OptionalLine(StringBuilder builder, char type, string? value)
    {
        if (value is not null)
        {
            Line(builder, type, value);
        }
    }

    private static void Line(StringBuilder builder, char type, string value) =>
        builder.Append(type).Append('=').Append(value).Append("\r\n");
}
