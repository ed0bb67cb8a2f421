using System.Text;
using Rethink.Ims.Sip.Messages;

namespace Rethink.Ims.Tests.Sip.Proxy;

/// <summary>The test's side of a stream upstream (TCP or TLS): reads the proxy's next request off the connection.</summary>
internal static class UpstreamStreamReader
{
    /// <summary>The next request (headers only: the tests' requests carry no body), within five seconds.</summary>
    public static async Task<SipRequest> ReadRequestAsync(Stream stream)
    {
        var buffer = new byte[65536];
        var pending = new List<byte>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        while (true)
        {
            var text = Encoding.ASCII.GetString(pending.ToArray());
            var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (end >= 0)
            {
                var result = SipParser.Parse(pending.Take(end + 4).ToArray());
                Assert.True(result.IsSuccess, result.Failure?.ToString());
                return Assert.IsType<SipRequest>(result.Message);
            }

            var read = await stream.ReadAsync(buffer, timeout.Token);
            Assert.True(read > 0, "connection closed");
            pending.AddRange(buffer.AsSpan(0, read).ToArray());
        }
    }
}
