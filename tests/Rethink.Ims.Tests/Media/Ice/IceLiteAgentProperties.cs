using System.Net;
using FsCheck;
using FsCheck.Xunit;
using Microsoft.Extensions.Time.Testing;
using Rethink.Ims.Media.Ice;
using static Rethink.Ims.Tests.Media.Ice.IceChecks;

namespace Rethink.Ims.Tests.Media.Ice;

/// <summary>Laws of the demultiplexer and the ICE-lite agent under hostile input.</summary>
public class IceLiteAgentProperties
{
    [Property(MaxTest = 500)]
    public void Random_datagrams_never_throw_and_never_select_a_pair(byte[] garbage)
    {
        using var agent = NewAgent(out _);

        agent.Receive(garbage ?? [], Browser);

        Assert.Null(agent.SelectedEndpoint);
    }

    [Property(MaxTest = 500)]
    public void Any_mutation_of_a_valid_nominating_check_never_throws_and_only_a_valid_one_nominates(PositiveInt position, byte value, bool truncate)
    {
        using var agent = NewAgent(out _);
        var request = Request(new Options { UseCandidate = true });
        var index = position.Get % request.Length;
        var mutated = truncate ? request[..index] : (byte[])request.Clone();
        if (!truncate)
        {
            mutated[index] = value;
        }

        var unchanged = mutated.AsSpan().SequenceEqual(request);
        var outcome = agent.ProcessStun(mutated, Browser);

        Assert.Equal(unchanged, outcome == IceCheckOutcome.Nominated);
        Assert.Equal(unchanged, agent.SelectedEndpoint is not null);
    }

    [Property(MaxTest = 200)]
    public void Every_valid_check_is_answered_with_its_source_whatever_the_address(uint address, ushort port)
    {
        using var agent = NewAgent(out var wire);
        var source = new IPEndPoint(new IPAddress(address), port);

        Assert.Equal(IceCheckOutcome.Accepted, agent.ProcessStun(Request(), source));

        Assert.True(Rethink.Ims.Media.Stun.StunMessage.TryParse(wire.Last, out var response));
        Assert.True(response.TryGetXorMappedAddress(out var mapped));
        Assert.Equal(source, mapped);
    }

    private static IceLiteAgent NewAgent(out Wire wire)
    {
        wire = new Wire();
        var agent = new IceLiteAgent(Local, wire.Send, timeProvider: new FakeTimeProvider());
        agent.SetRemoteCredentials(RemoteUfrag, RemotePassword);
        return agent;
    }
}
