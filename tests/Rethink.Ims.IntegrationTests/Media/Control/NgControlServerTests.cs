using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Rethink.Ims.Media.Control;

namespace Rethink.Ims.IntegrationTests.Media.Control;

/// <summary><see cref="NgControlServer"/> over a real UDP socket on 127.0.0.1, without Kamailio.</summary>
public sealed class NgControlServerTests : IAsyncLifetime
{
    private const string Offer = "d7:command5:offer7:call-id1:c8:from-tag1:f3:sdp3:v=0e";

    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly ScriptedMediaControl _control = new();
    private readonly Socket _client = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);

    public Task InitializeAsync()
    {
        _client.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _services.DisposeAsync();
    }

    private NgControlServer Server(NgControlServerOptions? options = null) => new(
        _control,
        Options.Create(options ?? new NgControlServerOptions { Port = 0 }),
        NullLogger<NgControlServer>.Instance,
        new NgControlMetrics(_services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>()),
        TimeProvider.System);

    private async Task SendAsync(NgControlServer server, string datagram) =>
        await _client.SendToAsync(Encoding.UTF8.GetBytes(datagram), SocketFlags.None, server.LocalEndPoint!);

    private async Task<string> ReceiveAsync(TimeSpan? timeout = null)
    {
        var buffer = new byte[65536];
        using var deadline = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(5));
        var received = await _client.ReceiveAsync(buffer, SocketFlags.None, deadline.Token);
        return Encoding.UTF8.GetString(buffer, 0, received);
    }

    [Fact]
    public async Task Answers_ping_over_udp_with_the_request_cookie()
    {
        await using var server = Server();
        await server.StartAsync(CancellationToken.None);
        Assert.Equal(IPAddress.Loopback, server.LocalEndPoint!.Address);
        Assert.NotEqual(0, server.LocalEndPoint.Port);

        await SendAsync(server, "0_123_4 d7:command4:pinge");
        Assert.Equal("0_123_4 d6:result4:ponge", await ReceiveAsync());
    }

    [Fact]
    public async Task A_slow_command_does_not_hold_up_others()
    {
        var release = new TaskCompletionSource<NgResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        _control.Script("c", (_, _, _) => release.Task);
        await using var server = Server();
        await server.StartAsync(CancellationToken.None);

        await SendAsync(server, "slow " + Offer);
        await SendAsync(server, "fast d7:command4:pinge");
        Assert.Equal("fast d6:result4:ponge", await ReceiveAsync());

        release.SetResult(NgResult.Ok("v=1"));
        Assert.Equal("slow d6:result2:ok3:sdp3:v=1e", await ReceiveAsync());
    }

    [Fact]
    public async Task Answers_a_datagram_over_the_size_limit_with_an_error()
    {
        await using var server = Server(new NgControlServerOptions { Port = 0, MaxDatagramSize = 64 });
        await server.StartAsync(CancellationToken.None);

        await SendAsync(server, "big d7:command4:ping7:padding" + NgSamplesLength(70) + "e");
        Assert.Equal("big d12:error-reason17:Message too large6:result5:errore", await ReceiveAsync());

        static string NgSamplesLength(int n) => $"{n}:{new string('x', n)}";
    }

    [Fact]
    public async Task Stopping_lets_a_command_in_progress_send_its_reply_then_closes_the_socket()
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _control.Script("c", async (_, _, _) =>
        {
            started.SetResult();
            await Task.Delay(200);
            return NgResult.Ok("v=2");
        });
        var server = Server();
        await server.StartAsync(CancellationToken.None);
        var endPoint = server.LocalEndPoint!;

        await SendAsync(server, "s " + Offer);
        await started.Task;
        await server.StopAsync(CancellationToken.None);
        Assert.Equal("s d6:result2:ok3:sdp3:v=2e", await ReceiveAsync());

        // The port is free again.
        using var rebind = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        rebind.Bind(endPoint);
        await server.DisposeAsync();
    }

    [Fact]
    public async Task Stopping_past_the_host_deadline_cancels_commands_in_progress_without_a_reply()
    {
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _control.Script("c", async (_, _, cancellationToken) =>
        {
            started.SetResult();
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                cancelled.SetResult();
                throw;
            }

            return NgResult.Ok();
        });
        var server = Server();
        await server.StartAsync(CancellationToken.None);
        await SendAsync(server, "s " + Offer);
        await started.Task;

        using var deadline = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        await server.StopAsync(deadline.Token);
        await cancelled.Task.WaitAsync(TimeSpan.FromSeconds(5));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ReceiveAsync(TimeSpan.FromMilliseconds(300)));
        await server.DisposeAsync();
    }

    [Fact]
    public async Task Starting_twice_is_a_programming_error_and_a_taken_port_fails_the_start()
    {
        await using var server = Server();
        await server.StartAsync(CancellationToken.None);
        await Assert.ThrowsAsync<InvalidOperationException>(() => server.StartAsync(CancellationToken.None));

        await using var second = Server(new NgControlServerOptions { Port = server.LocalEndPoint!.Port });
        var error = await Assert.ThrowsAsync<SocketException>(() => second.StartAsync(CancellationToken.None));
        Assert.Equal(SocketError.AddressAlreadyInUse, error.SocketErrorCode);
    }

    [Fact]
    public void Invalid_options_are_refused_when_the_server_is_built()
    {
        var error = Assert.Throws<OptionsValidationException>(() => Server(new NgControlServerOptions { Address = "localhost", Port = 70000 }));
        Assert.Contains(error.Failures, f => f.Contains("Address", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("Port", StringComparison.Ordinal));
    }
}
