using System.Net;
using System.Net.Sockets;
using Rethink.Ims.IntegrationTests.Infrastructure;
using Rethink.Ims.IntegrationTests.Sip;

namespace Rethink.Ims.IntegrationTests.Samples;

/// <summary>
/// A sample that cannot start (a bad setting, a port already taken) ends at once with exit code 1 and a last line that
/// says why and names the setting, instead of an unhandled exception's abort.
/// </summary>
public sealed class SampleStartupFailureTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task The_SIP_server_names_the_listener_whose_port_is_taken()
    {
        using var taken = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        taken.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var port = ((IPEndPoint)taken.LocalEndPoint!).Port;

        var (exitCode, output) = await RunAsync("Rethink.Ims.SipServer",
            [$"--Ims:Sip:Listeners:0=tcp://127.0.0.1:{FreePort.Tcp()}", $"--Ims:Sip:Listeners:1=udp://127.0.0.1:{port}"]);

        Assert.Equal(1, exitCode);
        Assert.Contains($"The SIP server did not start: Cannot listen on udp://127.0.0.1:{port} (Ims:Sip:Listeners:1)", LastLine(output), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_SIP_server_names_the_setting_that_failed_validation()
    {
        var (exitCode, output) = await RunAsync("Rethink.Ims.SipServer",
            [$"--Ims:Sip:Listeners:0=udp://127.0.0.1:{FreePort.Udp()}", "--Ims:Sip:Transactions:T1=00:00:00"]);

        Assert.Equal(1, exitCode);
        Assert.StartsWith("The SIP server did not start: Ims:Sip:Transactions:T1 must be greater than zero", LastLine(output), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_SIP_server_names_a_flag_it_reads_while_building_that_is_neither_true_nor_false()
    {
        var (exitCode, output) = await RunAsync("Rethink.Ims.SipServer",
            [$"--Ims:Sip:Listeners:0=udp://127.0.0.1:{FreePort.Udp()}", "--Ims:Sip:Proxy:Enabled=maybe"]);

        Assert.Equal(1, exitCode);
        Assert.Equal("The SIP server did not start: Ims:Sip:Proxy:Enabled must be true or false; it is 'maybe'.", LastLine(output));
    }

    [Fact]
    public async Task The_credential_server_names_the_address_it_cannot_bind()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;

        var (exitCode, output) = await RunAsync("Rethink.Ims.CredentialServer", ["--urls", $"http://127.0.0.1:{port}"]);

        Assert.Equal(1, exitCode);
        Assert.StartsWith("The credential server did not start: Failed to bind to address", LastLine(output), StringComparison.Ordinal);
        Assert.Contains($"127.0.0.1:{port}", LastLine(output), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_media_server_names_the_setting_that_failed_validation()
    {
        var (exitCode, output) = await RunAsync("Rethink.Ims.MediaServer", ["--Ims:MediaBridge:BindAddress=not-an-address"]);

        Assert.Equal(1, exitCode);
        Assert.StartsWith("The media server did not start: Ims:MediaBridge:BindAddress must be an IP address", LastLine(output), StringComparison.Ordinal);
    }

    private static Task<(int ExitCode, string Output)> RunAsync(string sample, string[] arguments) =>
        CommandRunner.RunAsync("dotnet", [SamplePaths.Assembly(sample), .. arguments], Timeout);

    private static string LastLine(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[^1];
}
