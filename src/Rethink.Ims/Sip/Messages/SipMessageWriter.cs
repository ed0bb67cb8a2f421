using System.Buffers;
using System.Buffers.Text;

namespace Rethink.Ims.Sip.Messages;

/// <summary>
/// Serialises messages: the start line, then each header field as <c>Name: value CRLF</c> in order
/// (parsed fields keep their name and value bytes exactly, folded lines included), Content-Length set
/// to the body's length (added when missing, as stream transports need it), an empty line and the body.
/// </summary>
public static class SipMessageWriter
{
    private static ReadOnlySpan<byte> Version => "SIP/2.0"u8;

    /// <summary>The exact number of bytes <see cref="TryWrite"/> will produce.</summary>
    public static int GetLength(SipMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var length = message switch
        {
            SipRequest r => r.Method.Name.Length + 1 + r.RequestUri.Raw.Length + 1 + Version.Length + 2,
            SipResponse r => Version.Length + 1 + 3 + 1 + r.RawReasonPhrase.Length + 2,
            _ => throw new ArgumentException("Unknown message type.", nameof(message)),
        };

        var bodyLength = message.Body.Length;
        var digits = CountDigits(bodyLength);
        var hasContentLength = false;
        for (var i = 0; i < message.HeaderCount; i++)
        {
            var nameLength = message.GetNameMemory(i).Length;
            if (message.GetEntry(i).Id == SipHeaderId.ContentLength)
            {
                if (hasContentLength)
                {
                    continue;
                }

                hasContentLength = true;
                length += nameLength + 2 + digits + 2;
            }
            else
            {
                length += nameLength + 2 + message.GetEntry(i).ValueLength + 2;
            }
        }

        if (!hasContentLength)
        {
            length += "Content-Length: "u8.Length + digits + 2;
        }

        return length + 2 + bodyLength;
    }

    /// <summary>Writes the message into <paramref name="destination"/>; false when it is too small.</summary>
    public static bool TryWrite(SipMessage message, Span<byte> destination, out int bytesWritten)
    {
        var length = GetLength(message);
        if (destination.Length < length)
        {
            bytesWritten = 0;
            return false;
        }

        bytesWritten = WriteCore(message, destination);
        return true;
    }

    /// <summary>Writes the message into <paramref name="writer"/> in one span; returns the number of bytes written.</summary>
    public static int Write(SipMessage message, IBufferWriter<byte> writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var length = GetLength(message);
        var span = writer.GetSpan(length);
        var n = WriteCore(message, span);
        writer.Advance(n);
        return n;
    }

    /// <summary>The message as a new array.</summary>
    public static byte[] ToArray(SipMessage message)
    {
        var bytes = new byte[GetLength(message)];
        WriteCore(message, bytes);
        return bytes;
    }

    private static int WriteCore(SipMessage message, Span<byte> d)
    {
        var n = 0;
        if (message is SipRequest request)
        {
            var method = request.Method.Name;
            for (var i = 0; i < method.Length; i++)
            {
                d[n++] = (byte)method[i];
            }

            d[n++] = (byte)' ';
            Put(d, ref n, request.RequestUri.Raw.Span);
            d[n++] = (byte)' ';
            Put(d, ref n, Version);
        }
        else
        {
            var response = (SipResponse)message;
            Put(d, ref n, Version);
            d[n++] = (byte)' ';
            var code = response.StatusCode;
            d[n++] = (byte)('0' + (code / 100));
            d[n++] = (byte)('0' + (code / 10 % 10));
            d[n++] = (byte)('0' + (code % 10));
            d[n++] = (byte)' ';
            Put(d, ref n, response.RawReasonPhrase.Span);
        }

        d[n++] = SipSyntax.Cr;
        d[n++] = SipSyntax.Lf;

        var bodyLength = message.Body.Length;
        var hasContentLength = false;
        for (var i = 0; i < message.HeaderCount; i++)
        {
            var isContentLength = message.GetEntry(i).Id == SipHeaderId.ContentLength;
            if (isContentLength && hasContentLength)
            {
                continue;
            }

            Put(d, ref n, message.GetNameMemory(i).Span);
            d[n++] = (byte)':';
            d[n++] = (byte)' ';
            if (isContentLength)
            {
                hasContentLength = true;
                Utf8Formatter.TryFormat(bodyLength, d[n..], out var written);
                n += written;
            }
            else
            {
                Put(d, ref n, message.GetValueText(i).Span);
            }

            d[n++] = SipSyntax.Cr;
            d[n++] = SipSyntax.Lf;
        }

        if (!hasContentLength)
        {
            Put(d, ref n, "Content-Length: "u8);
            Utf8Formatter.TryFormat(bodyLength, d[n..], out var written);
            n += written;
            d[n++] = SipSyntax.Cr;
            d[n++] = SipSyntax.Lf;
        }

        d[n++] = SipSyntax.Cr;
        d[n++] = SipSyntax.Lf;
        Put(d, ref n, message.Body.Span);
        return n;
    }

    private static void Put(Span<byte> d, ref int n, ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(d[n..]);
        n += bytes.Length;
    }

    private static int CountDigits(int value)
    {
        var digits = 1;
        while (value >= 10)
        {
            value /= 10;
            digits++;
        }

        return digits;
    }
}
