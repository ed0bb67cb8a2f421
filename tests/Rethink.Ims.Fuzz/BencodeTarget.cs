using System.Text;
using Rethink.Ims.Media.Control;

namespace Rethink.Ims.Fuzz;

/// <summary>
/// Bencode (rtpengine's ng control protocol): <see cref="BencodeReader"/> over both overloads.
/// Laws: both overloads agree; what is read writes to bytes that read back to an equal value, and
/// <see cref="BencodeWriter.GetByteCount"/> is what <see cref="BencodeWriter.ToArray"/> writes.
/// </summary>
internal static class BencodeTarget
{
    /// <summary>Limits small enough for fuzzed inputs to reach every limit check.</summary>
    private static readonly BencodeReaderOptions Tight = new() { MaxInputLength = 200, MaxStringLength = 16, MaxDepth = 3, MaxItems = 12 };

    public static void Run(byte[] input)
    {
        // Law: limits only refuse; what reads within tight limits reads the same without them.
        if (BencodeReader.TryRead(input.AsMemory(), out var bounded, out _, Tight)
            && !(BencodeReader.TryRead(input.AsMemory(), out var unbounded, out _) && unbounded!.Equals(bounded)))
        {
            throw new LawViolationException("read within tight limits but not, or differently, within the defaults");
        }

        var okMemory = BencodeReader.TryRead(input.AsMemory(), out var value, out var error);
        var okSpan = BencodeReader.TryRead(input.AsSpan(), out var copy, out var spanError);
        if (okMemory != okSpan || error != spanError || (okMemory && !value!.Equals(copy)))
        {
            throw new LawViolationException($"the overloads disagree: {error} / {spanError}");
        }

        if (!okMemory)
        {
            return;
        }

        _ = value!.ToString();
        _ = value.GetHashCode();
        var written = BencodeWriter.ToArray(value);
        if (written.Length != BencodeWriter.GetByteCount(value))
        {
            throw new LawViolationException("GetByteCount differs from what ToArray wrote");
        }

        if (!BencodeReader.TryRead(written.AsMemory(), out var again, out var againError) || !again!.Equals(value) || again.GetHashCode() != value.GetHashCode())
        {
            throw new LawViolationException($"the written value does not read back equal ({againError}): {Encoding.Latin1.GetString(written)}");
        }

        if (!BencodeWriter.ToArray(again).AsSpan().SequenceEqual(written))
        {
            throw new LawViolationException("writing is not a fixed point");
        }
    }

    public static IEnumerable<byte[]> Seeds()
    {
        yield return "d7:command5:offer3:sdp10:v=0\r\no=- 17:call-id4:abcd8:from-tag3:xyz5:flagsl10:trust-addre7:replacel6:origine3:ICE5:forcee"u8.ToArray();
        yield return "d6:result2:ok3:sdp4:v=0\r7:createdi1700000000e6:totalsd3:RTPd7:packetsi-12eeee"u8.ToArray();
        yield return "d7:command4:pinge"u8.ToArray();
        yield return "li0ei1ei-1e0:le"u8.ToArray();
    }
}
