using System.Buffers.Binary;
using System.Net;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Rethink.Ims.Media.Sdp;
using Rethink.Ims.Media.Stun;

namespace Rethink.Ims.Media.Ice;

/// <summary>
/// A minimal controlling ICE agent for one known remote address, for talking to an ICE-lite peer (RFC 8445 §6.1.1:
/// against a lite peer the full agent controls and nominates). It sends one Binding request with ICE-CONTROLLING and
/// USE-CANDIDATE (aggressive nomination of the only pair), retransmits it on the RFC 8489 schedule (RTO doubling from
/// <see cref="IceAgentOptions.RetransmitTimeout"/>, <see cref="IceAgentOptions.MaxTransmissions"/> sends, then a final
/// wait of 16 RTO), and once answered keeps consent (RFC 7675) with a check every
/// <see cref="IceAgentOptions.ConsentInterval"/> ±20 %, failing when no response arrives for
/// <see cref="IceAgentOptions.ConsentTimeout"/>. No candidate gathering, no pair list, no incoming checks.
/// </summary>
/// <remarks>Every public member may be called from any thread; sends and events happen outside the lock.</remarks>
public sealed class IceControllingClient : IDisposable
{
    private const int RequestBufferLength = 256;
    private const int FinalWaitFactor = 16;

    private readonly Lock _lock = new();
    private readonly IceDatagramSender _send;
    private readonly IceAgentOptions _options;
    private readonly TimeProvider _time;
    private readonly IceMetrics? _metrics;
    private readonly ILogger _logger;
    private readonly ITimer _timer;
    private readonly IPEndPoint _remote;
    private readonly string _username;
    private readonly byte[] _remoteKey;
    private readonly ulong _tieBreaker;
    private readonly byte[] _transactionId = new byte[12];
    private readonly byte[] _request = new byte[RequestBufferLength];

    private IceAgentState _state = IceAgentState.New;
    private int _requestLength;
    private bool _outstanding;
    private int _transmissions;
    private long _nextRetransmit;
    private long _lastResponse;
    private long _nextConsentCheck;
    private IPEndPoint? _mapped;

    /// <summary>Creates a client; call <see cref="Start"/> to send the first check.</summary>
    /// <param name="localCredentials">Our ufrag and password (the right part of USERNAME).</param>
    /// <param name="remoteUfrag">The lite peer's <c>a=ice-ufrag</c>.</param>
    /// <param name="remotePassword">The lite peer's <c>a=ice-pwd</c>: keys our requests and its responses.</param>
    /// <param name="remote">The peer's candidate address.</param>
    /// <param name="send">Sends a STUN request.</param>
    /// <param name="options">Timers; null for the defaults.</param>
    /// <param name="timeProvider">The clock; null for <see cref="TimeProvider.System"/>.</param>
    /// <param name="metrics">Metrics, or null.</param>
    /// <param name="logger">A logger, or null.</param>
    public IceControllingClient(
        IceCredentials localCredentials,
        string remoteUfrag,
        string remotePassword,
        IPEndPoint remote,
        IceDatagramSender send,
        IceAgentOptions? options = null,
        TimeProvider? timeProvider = null,
        IceMetrics? metrics = null,
        ILogger<IceControllingClient>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(localCredentials);
        ArgumentException.ThrowIfNullOrEmpty(remoteUfrag);
        ArgumentException.ThrowIfNullOrEmpty(remotePassword);
        ArgumentNullException.ThrowIfNull(remote);
        ArgumentNullException.ThrowIfNull(send);
        _options = options ?? new IceAgentOptions();
        _options.Validate();
        _send = send;
        _time = timeProvider ?? TimeProvider.System;
        _metrics = metrics;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _remote = new IPEndPoint(remote.Address, remote.Port);
        _username = remoteUfrag + ":" + localCredentials.Ufrag;
        _remoteKey = StunCredentials.ShortTermKey(remotePassword);
        Span<byte> tieBreaker = stackalloc byte[8];
        RandomNumberGenerator.Fill(tieBreaker);
        _tieBreaker = BinaryPrimitives.ReadUInt64BigEndian(tieBreaker);
        _timer = _time.CreateTimer(static state => ((IceControllingClient)state!).OnTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Raised with the new state when it changes.</summary>
    public event Action<IceAgentState>? StateChanged;

    /// <summary>Raised once when consent is lost after the pair was connected; media must stop.</summary>
    public event Action? ConsentExpired;

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

    /// <summary>Whether media may be sent to <see cref="RemoteEndpoint"/>.</summary>
    public bool CanSend => State == IceAgentState.Connected;

    /// <summary>The peer's address (the only pair's remote side).</summary>
    public IPEndPoint RemoteEndpoint => _remote;

    /// <summary>Our address as the peer saw it (XOR-MAPPED-ADDRESS of the last success response), or null.</summary>
    public IPEndPoint? MappedAddress
    {
        get
        {
            lock (_lock)
            {
                return _mapped;
            }
        }
    }

    /// <summary>Sends the first check (USE-CANDIDATE) and starts retransmitting. Does nothing unless the client is new.</summary>
    public void Start()
    {
        IceAgentState previous;
        lock (_lock)
        {
            if (_state != IceAgentState.New)
            {
                return;
            }

            previous = _state;
            _state = IceAgentState.Checking;
            BeginTransaction(_time.GetTimestamp());
        }

        Transmit();
        RaiseState(previous, IceAgentState.Checking);
    }

    /// <summary>Takes one received datagram: handles STUN, returns the kind so the caller passes the rest on.</summary>
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

    /// <summary>Handles one STUN datagram: a response to our outstanding check, or something to drop. Never throws on wire input.</summary>
    public IceCheckOutcome ProcessStun(ReadOnlySpan<byte> datagram, IPEndPoint source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var outcome = Handle(datagram, source, out var previous, out var current);
        _metrics?.Record(outcome);
        if (outcome != IceCheckOutcome.ResponseHandled)
        {
            IceAgentLog.CheckRejected(_logger, source, outcome);
        }

        if (previous is { } p)
        {
            RaiseState(p, current);
        }

        return outcome;
    }

    /// <summary>Stops the timers; nothing more is sent.</summary>
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
            _outstanding = false;
        }

        _timer.Dispose();
        RaiseState(previous, IceAgentState.Closed);
    }

    private IceCheckOutcome Handle(ReadOnlySpan<byte> datagram, IPEndPoint source, out IceAgentState? previous, out IceAgentState? current)
    {
        previous = null;
        current = null;
        if (!StunMessage.TryParse(datagram, out var message))
        {
            return IceCheckOutcome.Malformed;
        }

        if (message.VerifyFingerprint() != StunVerification.Valid)
        {
            return IceCheckOutcome.BadFingerprint;
        }

        var type = message.Type;
        if (type.Method != StunMethod.Binding || type.Class is not (StunClass.SuccessResponse or StunClass.ErrorResponse))
        {
            return IceCheckOutcome.Ignored;
        }

        var integrity = message.VerifyMessageIntegrity(_remoteKey);
        var isError = type.Class == StunClass.ErrorResponse;
        var errorCode = 0;
        if (isError && !message.TryGetErrorCode(out errorCode, out _))
        {
            return IceCheckOutcome.UnmatchedResponse;
        }

        // 400 and 401 come without MESSAGE-INTEGRITY (RFC 8489 §9.1.3); everything else must authenticate.
        var authentic = integrity == StunVerification.Valid ||
                        (isError && integrity == StunVerification.Missing && errorCode is 400 or 401);
        IPEndPoint? mapped = null;
        if (!authentic || !source.Equals(_remote) || (!isError && !message.TryGetXorMappedAddress(out mapped)))
        {
            return IceCheckOutcome.UnmatchedResponse;
        }

        lock (_lock)
        {
            if (!_outstanding || !message.TransactionId.SequenceEqual(_transactionId))
            {
                return _state == IceAgentState.Closed ? IceCheckOutcome.Closed : IceCheckOutcome.UnmatchedResponse;
            }

            _outstanding = false;
            var now = _time.GetTimestamp();
            if (isError)
            {
                // Role conflict cannot be resolved against a lite peer; any error ends the session.
                previous = _state;
                _state = IceAgentState.Failed;
                current = _state;
                _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
                return IceCheckOutcome.ResponseHandled;
            }

            _mapped = mapped;
            _lastResponse = now;
            _nextConsentCheck = now + Jittered(_options.ConsentInterval);
            if (_state == IceAgentState.Checking)
            {
                previous = _state;
                _state = IceAgentState.Connected;
                current = _state;
            }

            Schedule(now);
        }

        return IceCheckOutcome.ResponseHandled;
    }

    private void OnTimer()
    {
        var transmit = false;
        IceAgentState? previous = null;
        var consentLost = false;
        lock (_lock)
        {
            var now = _time.GetTimestamp();
            if (_state is not (IceAgentState.Checking or IceAgentState.Connected))
            {
                return;
            }

            if (_state == IceAgentState.Connected && _time.GetElapsedTime(_lastResponse, now) >= _options.ConsentTimeout)
            {
                consentLost = true;
            }
            else if (_outstanding && now >= _nextRetransmit)
            {
                if (_transmissions < _options.MaxTransmissions)
                {
                    _transmissions++;
                    var waits = _transmissions == _options.MaxTransmissions ? FinalWaitFactor : 1 << (_transmissions - 1);
                    _nextRetransmit = now + Ticks(_options.RetransmitTimeout * waits);
                    transmit = true;
                }
                else
                {
                    _outstanding = false;
                    if (_state == IceAgentState.Checking)
                    {
                        previous = _state;
                        _state = IceAgentState.Failed;
                    }
                }
            }
            else if (_state == IceAgentState.Connected && !_outstanding && now >= _nextConsentCheck)
            {
                BeginTransaction(now);
                transmit = true;
            }

            if (consentLost)
            {
                previous = _state;
                _state = IceAgentState.Failed;
                _outstanding = false;
            }
            else if (_state != IceAgentState.Failed)
            {
                Schedule(now);
            }
        }

        if (transmit)
        {
            Transmit();
        }

        if (previous is { } p)
        {
            if (consentLost)
            {
                _metrics?.ConsentExpired();
                IceAgentLog.ConsentExpired(_logger, _remote);
            }

            RaiseState(p, IceAgentState.Failed);
            if (consentLost)
            {
                ConsentExpired?.Invoke();
            }
        }
    }

    // Under the lock: a new request (new transaction ID) with the first transmission due now.
    private void BeginTransaction(long now)
    {
        RandomNumberGenerator.Fill(_transactionId);
        var writer = new StunMessageWriter(_request, StunMessageType.BindingRequest, _transactionId);
        writer.AddUsername(_username);
        writer.AddPriority(IceCandidate.ComputePriority(110, 65535, 1));
        writer.AddIceControlling(_tieBreaker);
        writer.AddUseCandidate();
        writer.AddMessageIntegrity(_remoteKey);
        writer.AddFingerprint();
        _requestLength = writer.Length;
        _outstanding = true;
        _transmissions = 1;
        _nextRetransmit = now + Ticks(_options.RetransmitTimeout);
        Schedule(now);
    }

    private void Transmit()
    {
        Span<byte> copy = stackalloc byte[RequestBufferLength];
        int length;
        lock (_lock)
        {
            if (!_outstanding)
            {
                return;
            }

            length = _requestLength;
            _request.AsSpan(0, length).CopyTo(copy);
        }

        _send(copy[..length], _remote);
    }

    // Under the lock: arm the timer for the earliest of retransmission, consent check and consent expiry.
    private void Schedule(long now)
    {
        var next = long.MaxValue;
        if (_outstanding)
        {
            next = _nextRetransmit;
        }

        if (_state == IceAgentState.Connected)
        {
            next = Math.Min(next, _lastResponse + Ticks(_options.ConsentTimeout));
            if (!_outstanding)
            {
                next = Math.Min(next, _nextConsentCheck);
            }
        }

        if (next == long.MaxValue)
        {
            _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            return;
        }

        var due = _time.GetElapsedTime(now, Math.Max(now, next));
        _timer.Change(due, Timeout.InfiniteTimeSpan);
    }

    private long Ticks(TimeSpan span) => (long)(span.TotalSeconds * _time.TimestampFrequency);

    private long Jittered(TimeSpan interval) =>
        Ticks(interval * (0.8 + (0.4 * RandomNumberGenerator.GetInt32(1001) / 1000.0)));

    private void RaiseState(IceAgentState previous, IceAgentState? current)
    {
        if (current is { } state && state != previous)
        {
            IceAgentLog.StateChanged(_logger, previous, state);
            StateChanged?.Invoke(state);
        }
    }
}
