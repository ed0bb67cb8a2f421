using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Rethink.Ims.Sip.Messages;
using Rethink.Ims.Sip.Pipeline;
using Rethink.Ims.Sip.Transport;

namespace Rethink.Ims.Tests.Sip.Pipeline;

public class SipRequestChecksProperties
{
    private static readonly string[] Pool = ["path", "PATH", "outbound", "Outbound", "foo", "FOO", "bar", "100rel", "timer"];

    private static readonly HashSet<string> Supported = new(["path", "outbound"], StringComparer.OrdinalIgnoreCase);

    private static Gen<string[]> Tags => Gen.Choose(0, 4).SelectMany(n => Gen.Elements(Pool).ArrayOf(n));

    /// <summary>
    /// A request is refused with 420 exactly when some Proxy-Require or Require tag is not supported, and Unsupported then
    /// lists exactly the unsupported tags, each once ignoring case, Proxy-Require's first, in the order they appear.
    /// </summary>
    [Property(MaxTest = 200)]
    public Property Unsupported_lists_exactly_the_unknown_option_tags() =>
        Prop.ForAll(Tags.ToArbitrary(), Tags.ToArbitrary(), (proxyRequire, require) =>
        {
            var headers = (proxyRequire.Length > 0 ? $"Proxy-Require: {string.Join(", ", proxyRequire)}\r\n" : string.Empty)
                + (require.Length > 0 ? $"Require: {string.Join(", ", require)}\r\n" : string.Empty);
            var response = Send(headers);
            var expected = proxyRequire.Concat(require).Where(t => !Supported.Contains(t)).DistinctBy(t => t.ToUpperInvariant()).ToList();
            return expected.Count == 0
                ? response.StatusCode == 200
                : response.StatusCode == 420 && response.Headers.GetValue(SipHeaderId.Unsupported).ToString() == string.Join(", ", expected);
        });

    private static SipResponse Send(string headers)
    {
        var text = "OPTIONS sip:example.com SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK-prop\r\nFrom: <sip:a@example.com>;tag=1\r\n" +
            $"To: <sip:example.com>\r\nCall-ID: prop\r\nCSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\n{headers}Content-Length: 0\r\n\r\n";
        var parsed = SipParser.Parse(Encoding.ASCII.GetBytes(text));
        using var services = new ServiceCollection().AddSingleton(Options.Create(new SipRequestChecksOptions())).BuildServiceProvider();
        var builder = new SipPipelineBuilder(services).UseMiddleware<SipRequestChecksMiddleware>();
        builder.Run(context => context.RespondAsync(200).AsTask());
        var context = new SipContext(parsed.Request!, new RecordingFlow(), new SipResponseSender(), services);
        builder.Build()(context).GetAwaiter().GetResult();
        return context.FinalResponse!;
    }
}
