using Rethink.Ims.Media.Control;

namespace Rethink.Ims.Tests.Media.Control;

public class NgControlServerOptionsValidatorTests
{
    private static IEnumerable<string> Failures(NgControlServerOptions options) =>
        new NgControlServerOptionsValidator().Validate(null, options).Failures ?? [];

    [Fact]
    public void The_defaults_listen_on_rtpengines_customary_loopback_port_and_are_valid()
    {
        var options = new NgControlServerOptions();
        Assert.Equal("127.0.0.1", options.Address);
        Assert.Equal(2223, options.Port);
        Assert.Equal(TimeSpan.FromSeconds(30), options.ReplyCacheTtl);
        Assert.Equal(10_000, options.ReplyCacheMaxEntries);
        Assert.Empty(Failures(options));
        Assert.Empty(Failures(new NgControlServerOptions { Address = "::1", Port = 0 }));
    }

    [Theory]
    [InlineData(nameof(NgControlServerOptions.Address))]
    [InlineData(nameof(NgControlServerOptions.Port))]
    [InlineData(nameof(NgControlServerOptions.MaxDatagramSize))]
    [InlineData(nameof(NgControlServerOptions.MaxConcurrentCommands))]
    [InlineData(nameof(NgControlServerOptions.CommandTimeout))]
    [InlineData(nameof(NgControlServerOptions.ReplyCacheTtl))]
    [InlineData(nameof(NgControlServerOptions.ReplyCacheMaxEntries))]
    [InlineData(nameof(NgControlServerOptions.ReplyCacheMaxBytes))]
    [InlineData(nameof(NgControlServerOptions.Bencode))]
    public void Each_bad_setting_is_named_in_the_failures(string setting)
    {
        var options = setting switch
        {
            nameof(NgControlServerOptions.Address) => new NgControlServerOptions { Address = "localhost" },
            nameof(NgControlServerOptions.Port) => new NgControlServerOptions { Port = 65536 },
            nameof(NgControlServerOptions.MaxDatagramSize) => new NgControlServerOptions { MaxDatagramSize = 65508 },
            nameof(NgControlServerOptions.MaxConcurrentCommands) => new NgControlServerOptions { MaxConcurrentCommands = 0 },
            nameof(NgControlServerOptions.CommandTimeout) => new NgControlServerOptions { CommandTimeout = TimeSpan.Zero },
            nameof(NgControlServerOptions.ReplyCacheTtl) => new NgControlServerOptions { ReplyCacheTtl = TimeSpan.FromSeconds(-1) },
            nameof(NgControlServerOptions.ReplyCacheMaxEntries) => new NgControlServerOptions { ReplyCacheMaxEntries = 0 },
            nameof(NgControlServerOptions.ReplyCacheMaxBytes) => new NgControlServerOptions { ReplyCacheMaxBytes = 0 },
            _ => new NgControlServerOptions { Bencode = new BencodeReaderOptions { MaxDepth = 0 } },
        };
        var failure = Assert.Single(Failures(options));
        Assert.StartsWith(setting, failure, StringComparison.Ordinal);
    }
}
