using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Rethink.Ims.Media.Bridge;
using Rethink.Ims.Media.Codecs;
using Rethink.Ims.Media.Dtls;
using static Rethink.Ims.Tests.Media.Bridge.BridgeFixture;
using static Rethink.Ims.Tests.Media.Bridge.MediaBridgeCallTests;

namespace Rethink.Ims.Tests.Media.Bridge;

/// <summary>What real browsers (headless Chromium) do that the first bridge got wrong.</summary>
public class MediaBridgeBrowserQuirkTests
{
    private const string Opus = "111 opus/48000/2";

    [Fact]
    public async Task A_browser_answering_only_opus_but_sending_the_offers_first_codec_still_reaches_the_plain_leg()
    {
        await using var bridge = Create();
        await using var browser = new FakeBrowser();
        await using var plain = new PlainEndpoint();
        var offered = bridge.Offer(new MediaOfferRequest("quirk-1", "f", Bytes(plain.Offer()), MediaLegProfile.WebRtc));
        var webOffer = Parse(offered.Sdp);
        var first = webOffer.Media.Single(m => m.Port != 0).PayloadFormats[0];
        Assert.Equal("PCMA", first.EncodingName);
        var answered = bridge.Answer(new MediaAnswerRequest("quirk-1", "f", "t", Bytes(browser.Answer(webOffer, Opus))));
        Assert.Equal(MediaBridgeStatus.Rewritten, answered.Status);
        var plainAnswer = Parse(answered.Sdp);
        var plainMedia = plainAnswer.Media.Single();
        plain.Remote = new System.Net.IPEndPoint(System.Net.IPAddress.Parse(plainAnswer.Connection!.Host), plainMedia.Port);
        var plainPt = plainMedia.PayloadFormats[0].PayloadType;
        var plainCodec = plainPt == 8 ? AudioCodec.Pcma : AudioCodec.Pcmu;

        Assert.True((await browser.ConnectAsync(webOffer, DtlsRole.Client)).Succeeded);
        Assert.True(bridge.TryGetCall("quirk-1", out var call));
        await WaitAsync(() => call.WebRtc.State == WebRtcLegState.Connected);

        // What Chrome does as answerer: its answer says opus, its packets are the offer's first codec.
        foreach (var packet in Tones.G711(AudioCodec.Pcma, first.PayloadType, 700, 40, 0x6161))
        {
            browser.SendRtp(packet);
            await Task.Delay(2);
        }

        await WaitAsync(() => plain.ReceivedRtp.Count >= 38);
        Assert.All(plain.ReceivedRtp, p => Assert.Equal(plainPt, Tones.PayloadType(p)));
        Assert.Equal(700, Tones.G711Frequency(plain.ReceivedRtp, plainCodec));
        Assert.Equal(0, call.WebRtc.Counters.Dropped);
    }

    [Fact]
    public async Task A_browser_closing_DTLS_ends_the_call_at_once_frees_its_ports_and_counts_the_reason()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var factory = services.GetRequiredService<IMeterFactory>();
        var ends = new List<string>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == MediaBridgeMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, factory) &&
                instrument.Name == "rethink.ims.media.calls.ended")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            lock (ends)
            {
                foreach (var tag in tags)
                {
                    ends.Add($"{tag.Key}={tag.Value}");
                }
            }
        });
        listener.Start();

        await using var bridge = Create(metrics: new MediaBridgeMetrics(factory));
        await using var browser = new FakeBrowser();
        await using var plain = new PlainEndpoint();
        var ended = new TaskCompletionSource<MediaCallEndReason>(TaskCreationOptions.RunContinuationsAsynchronously);
        bridge.CallEnded += (_, reason) => ended.TrySetResult(reason);
        var answer = BrowserCallsPlain(bridge, browser, plain, "bye-1", ["0 PCMU/8000"]);
        Assert.True((await browser.ConnectAsync(answer, DtlsRole.Client)).Succeeded);
        Assert.True(bridge.TryGetCall("bye-1", out var call));
        await WaitAsync(() => call.WebRtc.State == WebRtcLegState.Connected);

        browser.CloseDtls();

        // Well inside the 30 s consent timeout that used to be the only way out.
        Assert.Equal(MediaCallEndReason.PeerClosed, await ended.Task.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal(0, bridge.CallCount);
        Assert.Equal(0, bridge.Ports.InUse);
        lock (ends)
        {
            Assert.Equal(["reason=peer-closed"], ends);
        }
    }

    [Fact]
    public async Task SRTP_ready_before_ICE_nomination_logs_the_DTLS_peer_address_not_null()
    {
        var logs = new ListLoggerFactory();
        await using var bridge = new MediaBridge(Microsoft.Extensions.Options.Options.Create(Options()), loggerFactory: logs);
        await using var browser = new FakeBrowser();
        await using var plain = new PlainEndpoint();
        var answer = BrowserCallsPlain(bridge, browser, plain, "early-1", ["0 PCMU/8000"]);

        Assert.True((await browser.ConnectWithoutNominationAsync(answer, DtlsRole.Client)).Succeeded);
        Assert.True(bridge.TryGetCall("early-1", out var call));
        await WaitAsync(() => call.WebRtc.State == WebRtcLegState.Connected);
        Assert.Null(call.WebRtc.SelectedEndpoint);
        await WaitAsync(() => logs.Messages.Any(m => m.Contains("SRTP ready", StringComparison.Ordinal)));   // logged just after the state flips

        var ready = Assert.Single(logs.Messages, m => m.Contains("SRTP ready", StringComparison.Ordinal));
        Assert.DoesNotContain("(null)", ready, StringComparison.Ordinal);
        Assert.Contains(browser.Local.ToString(), ready, StringComparison.Ordinal);
        Assert.Contains("not nominated", ready, StringComparison.Ordinal);
    }

    private sealed class ListLoggerFactory : ILoggerFactory, ILogger
    {
        private readonly List<string> _messages = [];

        public IReadOnlyList<string> Messages
        {
            get
            {
                lock (_messages)
                {
                    return [.. _messages];
                }
            }
        }

        public ILogger CreateLogger(string categoryName) => this;

        public void AddProvider(ILoggerProvider provider)
        {
        }

        public void Dispose()
        {
        }

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (_messages)
            {
                _messages.Add(formatter(state, exception));
            }
        }
    }
}
