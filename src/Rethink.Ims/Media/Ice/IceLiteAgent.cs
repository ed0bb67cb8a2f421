using System.Net;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Rethink.Ims.Media.Sdp;
using Rethink.Ims.Media.Stun;

namespace Rethink.Ims.Media.Ice;

/// <summary>
/// The ICE-lite side (RFC 8445 §2.5) of one WebRTC leg with rtcp-mux and BUNDLE (one component): it answers the
/// browser's connectivity checks, learns the browser's address from them (peer-reflexive: mDNS host candidates
/// cannot be resolved), takes the pair the browser nominates with USE-CANDIDATE as the selected one, and keeps
/// consent (RFC 7675) alive while valid checks arrive. No sockets: the caller hands in each received datagram
/// with its source (<see cref="Receive"/> or <see cref="ProcessStun"/>) and the agent sends through an
/// <see cref="IceDatagramSender"/>. Every clock is the <see cref="TimeProvider"/>.
/// </summary>
/// <remarks>
/// Every public member may be called from any thread. Responses are sent and events raised outside the
/// agent's lock. A check allocates nothing unless it comes from an address not seen before.
/// </remarks>
public sealed class IceLiteAgent : IDisposable
{
    private const int ResponseBufferLength = 256;
    private const int MaxUnknownAttributes = 16;

    private readonly Lock _lock = new();
    private readonly IceDatagramSender _send;
    private readonly IceAgentOptions _options;
    private readonly TimeProvider _time;
    private readonly IceMetrics? _metrics;
    private readonly ILogger _logger;
    private readonly ITimer _timer;
    private readonly List<RemoteEntry> _remotes = [];

    private IceCredentials _local;
    private byte[] _localKey;
    private byte[] _usernamePrefix;
    private byte[]? _remoteUfrag;
    private IceAgentState _state = IceAgentState.New;
    private RemoteEntry? _selected;
    private long _connectStarted;

    /// <summary>Creates an agent with our credentials (see <see cref="IceCredentials.Generate"/>) and starts its connect timer.</summary>
    /// <param name="localCredentials">Our <c>a=ice-ufrag</c> / <c>a=ice-pwd</c>.</param>
    /// <param name="send">Sends a STUN response.</param>
    /// <param name="options">Timers and limits; null for the defaults.</param>
    /// <param name="timeProvider">The clock; null for <see cref="TimeProvider.System"/>.</param>
    /// <param name="metrics">Metrics, or null.</param>
    /// <param name="logger">A logger, or null.</param>
    public IceLiteAgent(
        IceCredentials localCredentials,
        IceDatagramSender send,
        IceAgentOptions? options = null,
        TimeProvider? timeProvider = null,
        IceMetrics? metrics = null,
        ILogger<IceLiteAgent>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(localCredentials);
        ArgumentNullException.ThrowIfNull(send);
        _options = options ?? new IceAgentOptions();
        _options.Validate();
        _send = send;
        _time = timeProvider ?? TimeProvider.System;
        _metrics = metrics;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _local = localCredentials;
        (_localKey, _usernamePrefix) = Derive(localCredentials);
        _connectStarted = _time.GetTimestamp();
        _timer = _time.CreateTimer(static state => ((IceLiteAgent)state!).OnTimer(), this, _options.ConnectTimeout, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Raised with the new state when it changes (outside the agent's lock).</summary>
    public event Action<IceAgentState>? StateChanged;

    /// <summary>Raised with the new selected remote endpoint when a nomination selects a different one.</summary>
    public event Action<IPEndPoint>? SelectedEndpointChanged;

    /// <summary>Raised once when consent expires (or no pair was selected in time); media must stop.</summary>
    public event Action? ConsentExpired;

    /// <summary>Our current credentials (they change on <see cref="Restart"/>).</summary>
    public IceCredentials LocalCredentials
    {
        get
        {
            lock (_lock)
            {
                return _local;
            }
        }
    }

    /// <summary>The current state.</summary>
    public IceAgentState State
    {
        get
        {
            lock (_lock)
            {
                return _state;
            }
        }
    }

    /// <summary>Whether media may be sent: a pair is selected and its consent is fresh.</summary>
    public bool CanSend => State == IceAgentState.Connected;

    /// <summary>Where to send media: the remote address of the selected pair, or null before a nomination.</summary>
    public IPEndPoint? SelectedEndpoint
    {
        get
        {
            lock (_lock)
            {
                return _selected?.EndPoint;
            }
        }
    }

    /// <summary>The peer-reflexive candidates learnt from valid checks (address, port and the PRIORITY the peer sent).</summary>
    public IReadOnlyList<IceCandidate> RemoteCandidates
    {
        get
        {
            lock (_lock)
            {
                return [.. _remotes.Select(r => r.Candidate)];
            }
        }
    }

    /// <summary>
    /// Sets the peer's ufrag and password from its SDP. Before this, checks are accepted with any remote part in
    /// USERNAME (they may arrive before the answer, RFC 8445 §7.3); after it only <c>local:remote</c>, and addresses
    /// learnt from checks with another remote part are dropped (a selected one too, back to checking). A lite agent
    /// never sends requests, so the password is not used to key anything here.
    /// </summary>
    public void SetRemoteCredentials(string ufrag, string password)
    {
        ArgumentException.ThrowIfNullOrEmpty(ufrag);
        ArgumentException.ThrowIfNullOrEmpty(password);
        var bytes = Encoding.UTF8.GetBytes(ufrag);
        IceAgentState previous;
        IceAgentState? changed = null;
        lock (_lock)
        {
            _remoteUfrag = bytes;
            // Checks made with other credentials (another browser that got the same offer from a forking proxy) stop
            // counting: their addresses are forgotten, and a pair one of them nominated is no longer selected.
            _remotes.RemoveAll(r => r.RemoteUfrag is { } used && !used.AsSpan().SequenceEqual(bytes));
            previous = _state;
            if (_selected is not null && !_remotes.Contains(_selected))
            {
                _selected = null;
                if (_state == IceAgentState.Connected)
                {
                    _state = IceAgentState.Checking;
                    changed = _state;
                    _connectStarted = _time.GetTimestamp();
                    _timer.Change(_options.ConnectTimeout, Timeout.InfiniteTimeSpan);
                }
            }
        }

        RaiseState(previous, changed);
    }

    /// <summary>The addresses that passed a check with the credentials in force (learnt peer-reflexive candidates).</summary>
    internal IReadOnlyList<IPEndPoint> RemoteEndPoints
    {
        get
        {
            lock (_lock)
            {
                return [.. _remotes.Select(r => r.EndPoint)];
            }
        }
    }

    /// <summary>Sets the peer's credentials from the ICE parameters of its SDP (<see cref="IceParameters.TryGet"/>).</summary>
    public void SetRemoteCredentials(IceParameters remote)
    {
        ArgumentNullException.ThrowIfNull(remote);
        SetRemoteCredentials(remote.Ufrag, remote.Password);
    }

    /// <summary>
    /// ICE restart (RFC 8445 §9): new credentials on both sides (the peer's new offer, our new answer). A selected
    /// pair keeps carrying media, and its consent keeps running, until checks with the new credentials nominate
    /// again; a failed or unconnected agent starts over (state <see cref="IceAgentState.New"/>, connect timer).
    /// </summary>
    public void Restart(IceCredentials localCredentials, string remoteUfrag, string remotePassword)
    {
        ArgumentNullException.ThrowIfNull(localCredentials);
        ArgumentException.ThrowIfNullOrEmpty(remoteUfrag);
        ArgumentException.ThrowIfNullOrEmpty(remotePassword);
        var (key, prefix) = Derive(localCredentials);
        var remote = Encoding.UTF8.GetBytes(remoteUfrag);
        IceAgentState? changed = null;
        IceAgentState previous;
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_state == IceAgentState.Closed, this);
            _local = localCredentials;
            _localKey = key;
            _usernamePrefix = prefix;
            _remoteUfrag = remote;
            _remotes.RemoveAll(r => r != _selected);
            previous = _state;
            if (_state != IceAgentState.Connected)
            {
                _selected = null;
                _remotes.Clear();
                _connectStarted = _time.GetTimestamp();
                _timer.Change(_options.ConnectTimeout, Timeout.InfiniteTimeSpan);
                if (_state != IceAgentState.New)
                {
                    _state = IceAgentState.New;
                    changed = _state;
                }
            }
        }

        IceAgentLog.Restarted(_logger, localCredentials.Ufrag, remoteUfrag);
        RaiseState(previous, changed);
    }

    /// <summary>
    /// Takes one received datagram: classifies it (RFC 7983), handles STUN, counts and drops unknown ones, and
    /// returns the kind so the caller passes DTLS, RTP and RTCP on.
    /// </summary>
    public MediaPacketKind Receive(ReadOnlySpan<byte> datagram, IPEndPoint source)
    {
        var kind = MediaPacketClassifier.Classify(datagram);
        switch (kind)
        {
            case MediaPacketKind.Stun:
                ProcessStun(datagram, source);
                break;
            case MediaPacketKind.Unknown:
                _metrics?.UnknownDatagramDropped();
                break;
        }

        return kind;
    }

    /// <summary>Handles one STUN datagram from <paramref name="source"/>: answers a Binding request or drops it. Never throws on wire input.</summary>
    public IceCheckOutcome ProcessStun(ReadOnlySpan<byte> datagram, IPEndPoint source)
    {
        ArgumentNullException.ThrowIfNull(source);
        Span<byte> response = stackalloc byte[ResponseBufferLength];
        var outcome = Check(datagram, source, response, out var responseLength, out var events);
        _metrics?.Record(outcome);
        if (outcome is not IceCheckOutcome.Accepted and not IceCheckOutcome.Nominated)
        {
            IceAgentLog.CheckRejected(_logger, source, outcome);
        }

        if (responseLength > 0)
        {
            _send(response[..responseLength], source);
        }

        events.Raise(this);
        return outcome;
    }

    /// <summary>Stops the timers; the agent drops everything from now on.</summary>
    public void Dispose()
    {
        IceAgentState previous;
        lock (_lock)
        {
            if (_state == IceAgentState.Closed)
            {
                return;
            }

            previous = _state;
            _state = IceAgentState.Closed;
            _selected = null;
        }

        _timer.Dispose();
        RaiseState(previous, IceAgentState.Closed);
    }

    private IceCheckOutcome Check(ReadOnlySpan<byte> datagram, IPEndPoint source, Span<byte> response, out int responseLength, out PendingEvents events)
    {
        responseLength = 0;
        events = default;
        if (!StunMessage.TryParse(datagram, out var message))
        {
            return IsClosed() ? IceCheckOutcome.Closed : IceCheckOutcome.Malformed;
        }

        if (message.VerifyFingerprint() != StunVerification.Valid)
        {
            return IceCheckOutcome.BadFingerprint;
        }

        var type = message.Type;
        if (type != StunMessageType.BindingRequest)
        {
            return type.Class is StunClass.SuccessResponse or StunClass.ErrorResponse ? IceCheckOutcome.UnmatchedResponse : IceCheckOutcome.Ignored;
        }

        byte[] key;
        ReadOnlySpan<byte> remoteUfrag;
        lock (_lock)
        {
            if (_state == IceAgentState.Closed)
            {
                return IceCheckOutcome.Closed;
            }

            key = _localKey;
            if (!message.TryGetUsername(out var username) || !message.TryGetAttribute(StunAttributeType.MessageIntegrity, out _))
            {
                responseLength = WriteError(response, message.TransactionId, 400, "Bad Request", null);
                return IceCheckOutcome.BadRequest;
            }

            if (!IsOurUsername(username))
            {
                responseLength = WriteError(response, message.TransactionId, 401, "Unauthenticated", null);
                return IceCheckOutcome.WrongUsername;
            }

            remoteUfrag = username[_usernamePrefix.Length..];
        }

        if (message.VerifyMessageIntegrity(key) != StunVerification.Valid)
        {
            responseLength = WriteError(response, message.TransactionId, 401, "Unauthenticated", null);
            return IceCheckOutcome.BadIntegrity;
        }

        Span<ushort> unknown = stackalloc ushort[MaxUnknownAttributes];
        var unknownCount = FindUnknownComprehensionRequired(message, unknown);
        if (unknownCount > 0)
        {
            responseLength = WriteError(response, message.TransactionId, 420, "Unknown Attribute", key, unknown[..unknownCount]);
            return IceCheckOutcome.UnknownAttributes;
        }

        if (!message.TryGetPriority(out var priority))
        {
            responseLength = WriteError(response, message.TransactionId, 400, "Bad Request", key);
            return IceCheckOutcome.BadRequest;
        }

        // RFC 8445 §7.3.1.1: a lite agent is always controlled, so a peer that is controlled too must switch.
        if (message.TryGetIceControlled(out _))
        {
            responseLength = WriteError(response, message.TransactionId, 487, "Role Conflict", key);
            return IceCheckOutcome.RoleConflict;
        }

        var nominate = message.HasUseCandidate;
        IceCheckOutcome outcome;
        lock (_lock)
        {
            if (_state == IceAgentState.Closed)
            {
                return IceCheckOutcome.Closed;
            }

            if (!ReferenceEquals(key, _localKey))
            {
                // An ICE restart replaced our password while this check was being verified.
                responseLength = WriteError(response, message.TransactionId, 401, "Unauthenticated", null);
                return IceCheckOutcome.BadIntegrity;
            }

            var now = _time.GetTimestamp();
            var entry = Learn(source, priority, now);
            if (entry.RemoteUfrag is not { } known || !remoteUfrag.SequenceEqual(known))
            {
                entry.RemoteUfrag = remoteUfrag.ToArray();
            }

            outcome = IceCheckOutcome.Accepted;
            if (_state != IceAgentState.Failed)
            {
                if (nominate)
                {
                    outcome = IceCheckOutcome.Nominated;
                    if (_selected != entry)
                    {
                        _selected = entry;
                        events.Selected = entry.EndPoint;
                    }

                    if (_state != IceAgentState.Connected)
                    {
                        events.Previous = _state;
                        _state = IceAgentState.Connected;
                        events.State = _state;
                        _timer.Change(_options.ConsentTimeout, Timeout.InfiniteTimeSpan);
                    }
                }
                else if (_state == IceAgentState.New)
                {
                    events.Previous = _state;
                    _state = IceAgentState.Checking;
                    events.State = _state;
                }
            }
        }

        responseLength = WriteSuccess(response, message.TransactionId, source, key);
        return outcome;
    }

    private bool IsClosed()
    {
        lock (_lock)
        {
            return _state == IceAgentState.Closed;
        }
    }

    private bool IsOurUsername(ReadOnlySpan<byte> username)
    {
        if (!username.StartsWith(_usernamePrefix))
        {
            return false;
        }

        var remote = username[_usernamePrefix.Length..];
        return _remoteUfrag is null ? !remote.IsEmpty : remote.SequenceEqual(_remoteUfrag);
    }

    private RemoteEntry Learn(IPEndPoint source, uint priority, long now)
    {
        foreach (var remote in _remotes)
        {
            if (remote.EndPoint.Equals(source))
            {
                remote.LastCheck = now;
                if (remote.Candidate.Priority != priority)
                {
                    remote.Candidate = remote.Candidate with { Priority = priority };
                }

                return remote;
            }
        }

        if (_remotes.Count >= _options.MaxRemoteCandidates)
        {
            RemoteEntry? oldest = null;
            foreach (var remote in _remotes)
            {
                if (remote != _selected && (oldest is null || remote.LastCheck < oldest.LastCheck))
                {
                    oldest = remote;
                }
            }

            if (oldest is not null)
            {
                _remotes.Remove(oldest);
            }
        }

        // Copy the endpoint: the caller may reuse its instance for the next datagram.
        var endPoint = new IPEndPoint(source.Address, source.Port);
        var candidate = new IceCandidate(
            "prflx" + _remotes.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), 1, "udp", priority,
            endPoint.Address.ToString(), endPoint.Port, "prflx");
        var entry = new RemoteEntry(endPoint, candidate) { LastCheck = now };
        _remotes.Add(entry);
        return entry;
    }

    private void OnTimer()
    {
        IceAgentState previous;
        IPEndPoint? expired;
        lock (_lock)
        {
            var now = _time.GetTimestamp();
            switch (_state)
            {
                case IceAgentState.New or IceAgentState.Checking:
                {
                    var remaining = _options.ConnectTimeout - _time.GetElapsedTime(_connectStarted, now);
                    if (remaining > TimeSpan.Zero)
                    {
                        _timer.Change(remaining, Timeout.InfiniteTimeSpan);
                        return;
                    }

                    break;
                }

                case IceAgentState.Connected:
                {
                    var remaining = _options.ConsentTimeout - _time.GetElapsedTime(_selected!.LastCheck, now);
                    if (remaining > TimeSpan.Zero)
                    {
                        _timer.Change(remaining, Timeout.InfiniteTimeSpan);
                        return;
                    }

                    break;
                }

                default:
                    return;
            }

            previous = _state;
            expired = _selected?.EndPoint;
            _state = IceAgentState.Failed;
        }

        _metrics?.ConsentExpired();
        IceAgentLog.ConsentExpired(_logger, expired);
        RaiseState(previous, IceAgentState.Failed);
        ConsentExpired?.Invoke();
    }

    private void RaiseState(IceAgentState previous, IceAgentState? current)
    {
        if (current is { } state && state != previous)
        {
            IceAgentLog.StateChanged(_logger, previous, state);
            StateChanged?.Invoke(state);
        }
    }

    private static int WriteSuccess(Span<byte> buffer, ReadOnlySpan<byte> transactionId, IPEndPoint source, byte[] key)
    {
        var writer = new StunMessageWriter(buffer, StunMessageType.BindingSuccess, transactionId);
        writer.AddXorMappedAddress(source);
        writer.AddMessageIntegrity(key);
        writer.AddFingerprint();
        return writer.Length;
    }

    // 400 and 401 carry no MESSAGE-INTEGRITY (RFC 8489 §9.1.3); errors after authentication do.
    private static int WriteError(Span<byte> buffer, ReadOnlySpan<byte> transactionId, int code, string reason, byte[]? key, ReadOnlySpan<ushort> unknown = default)
    {
        var writer = new StunMessageWriter(buffer, StunMessageType.BindingError, transactionId);
        writer.AddErrorCode(code, reason);
        if (!unknown.IsEmpty)
        {
            writer.AddUnknownAttributes(unknown);
        }

        if (key is not null)
        {
            writer.AddMessageIntegrity(key);
        }

        writer.AddFingerprint();
        return writer.Length;
    }

    private static int FindUnknownComprehensionRequired(StunMessage message, Span<ushort> unknown)
    {
        var count = 0;
        foreach (var attribute in message.Attributes)
        {
            if (attribute.Type is StunAttributeType.MessageIntegrity or StunAttributeType.MessageIntegritySha256)
            {
                break;
            }

            if (attribute.Type < 0x8000 && !IsKnown(attribute.Type) && count < unknown.Length && !unknown[..count].Contains(attribute.Type))
            {
                unknown[count++] = attribute.Type;
            }
        }

        return count;
    }

    private static bool IsKnown(ushort type) => type is StunAttributeType.MappedAddress or StunAttributeType.Username or
        StunAttributeType.ErrorCode or StunAttributeType.UnknownAttributes or StunAttributeType.Realm or StunAttributeType.Nonce or
        StunAttributeType.Userhash or StunAttributeType.XorMappedAddress or StunAttributeType.Priority or StunAttributeType.UseCandidate or
        0x001D /* PASSWORD-ALGORITHM */;

    private static (byte[] Key, byte[] UsernamePrefix) Derive(IceCredentials credentials) =>
        (StunCredentials.ShortTermKey(credentials.Password), Encoding.UTF8.GetBytes(credentials.Ufrag + ":"));

    private sealed class RemoteEntry(IPEndPoint endPoint, IceCandidate candidate)
    {
        public IPEndPoint EndPoint { get; } = endPoint;

        public IceCandidate Candidate { get; set; } = candidate;

        public long LastCheck { get; set; }

        /// <summary>The peer's ufrag its last valid check named (USERNAME's remote part).</summary>
        public byte[]? RemoteUfrag { get; set; }
    }

    private struct PendingEvents
    {
        public IceAgentState? Previous;
        public IceAgentState? State;
        public IPEndPoint? Selected;

        public readonly void Raise(IceLiteAgent agent)
        {
            if (Previous is { } previous)
            {
                agent.RaiseState(previous, State);
            }

            if (Selected is not null)
            {
                IceAgentLog.Selected(agent._logger, Selected);
                agent.SelectedEndpointChanged?.Invoke(Selected);
            }
        }
    }
}
