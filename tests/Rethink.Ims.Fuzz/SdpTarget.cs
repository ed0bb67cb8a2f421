using System.Collections;
using System.Reflection;
using Rethink.Ims.Media.Sdp;
using Rethink.Ims.Tests.Media.Sdp;

namespace Rethink.Ims.Fuzz;

/// <summary>
/// SDP bodies: <see cref="SdpParser.TryParse(ReadOnlySpan{byte}, out SessionDescription?, out SdpParseError)"/>,
/// then every derived property of the description and its media (candidates, fingerprints, rtpmaps,
/// fmtps, ...; they parse attribute values when read).
/// Law: what parses writes to text that parses again and writes back the same (a fixed point).
/// </summary>
internal static class SdpTarget
{
    private static long sink;

    public static void Run(byte[] input)
    {
        if (!SdpParser.TryParse(input, out var description, out var error))
        {
            _ = error.ToString();
            return;
        }

        Walk(description, 0);
        var written = SdpWriter.Write(description);
        if (!SdpParser.TryParse(written, out var again, out var againError))
        {
            throw new LawViolationException($"the written description does not parse ({againError}):\n{written}");
        }

        var rewritten = SdpWriter.Write(again);
        if (rewritten != written)
        {
            throw new LawViolationException($"writing the reparsed description changed it:\n{written}\n---\n{rewritten}");
        }

        // The media bridge on a remote description: what it writes for either leg must parse.
        var plainOffer = Sent("ToPlainOffer", SdpRewriter.ToPlainOffer(description, BridgeOptions.Plain));
        Sent("ToWebRtcOffer", SdpRewriter.ToWebRtcOffer(description, BridgeOptions.WebRtc));
        Sent("CreateAnswer", OfferAnswer.CreateAnswer(description, BridgeOptions.ImsCore));
        var imsAnswer = OfferAnswer.CreateAnswer(plainOffer, BridgeOptions.ImsCore);
        Sent("ToWebRtcAnswer", SdpRewriter.ToWebRtcAnswer(description, imsAnswer, BridgeOptions.WebRtc));
    }

    private static SessionDescription Sent(string step, SessionDescription description)
    {
        var text = SdpWriter.Write(description);
        if (!SdpParser.TryParse(text, out var parsed, out var error))
        {
            throw new LawViolationException($"{step} wrote a description that does not parse ({error}):\n{text}");
        }

        return parsed;
    }

    /// <summary>Reads every public property of our SDP types, recursively (they are immutable records).</summary>
    private static void Walk(object? value, int depth)
    {
        if (value is null || depth > 6)
        {
            return;
        }

        sink += value.ToString()?.Length ?? 0;
        if (value is string or ValueType && value.GetType().Namespace != typeof(SdpParser).Namespace)
        {
            return;
        }

        if (value is IEnumerable items and not string)
        {
            foreach (var item in items)
            {
                Walk(item, depth + 1);
            }

            return;
        }

        foreach (var property in value.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length == 0 && property.Name != "EqualityContract")
            {
                Walk(GetValue(property, value), depth + 1);
            }
        }
    }

    private static object? GetValue(PropertyInfo property, object target)
    {
        try
        {
            return property.GetValue(target);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            // Rethrow what the getter threw, not reflection's wrapper, so the crash says where.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.InnerException);
            throw;
        }
    }

    public static IEnumerable<byte[]> Seeds() =>
        SdpSamples.All().Select(row => System.Text.Encoding.UTF8.GetBytes((string)row[1]));
}
