using System.Diagnostics.Metrics;

namespace Rethink.Ims.Sip.Registrar;

/// <summary>
/// Metrics of the registrar, on the meter <c>Rethink.Ims.Sip.Registrar</c>:
/// <c>rethink.ims.sip.registrar.bindings</c> and <c>rethink.ims.sip.registrar.aors</c> (up-down: what the in-memory
/// store holds), <c>rethink.ims.sip.registrar.registrations</c> (tag <c>kind</c>: query, update, remove-all) and
/// <c>rethink.ims.sip.registrar.refusals</c> (tag <c>reason</c>: a <see cref="RegistrarRefusal"/> name).
/// </summary>
public sealed class SipRegistrarMetrics
{
    /// <summary>The meter name to subscribe to.</summary>
    public const string MeterName = "Rethink.Ims.Sip.Registrar";

    private readonly UpDownCounter<long> _bindings;
    private readonly UpDownCounter<long> _aors;
    private readonly Counter<long> _registrations;
    private readonly Counter<long> _refusals;

    /// <summary>Creates the instruments on a meter from <paramref name="meterFactory"/>.</summary>
    public SipRegistrarMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        _bindings = meter.CreateUpDownCounter<long>("rethink.ims.sip.registrar.bindings", description: "Bindings held by the location store.");
        _aors = meter.CreateUpDownCounter<long>("rethink.ims.sip.registrar.aors", description: "Addresses-of-record with at least one binding.");
        _registrations = meter.CreateCounter<long>("rethink.ims.sip.registrar.registrations", description: "REGISTER requests accepted, by kind.");
        _refusals = meter.CreateCounter<long>("rethink.ims.sip.registrar.refusals", description: "REGISTER requests refused, by reason.");
    }

    internal void BindingsChanged(long delta)
    {
        if (delta != 0)
        {
            _bindings.Add(delta);
        }
    }

    internal void AorsChanged(long delta)
    {
        if (delta != 0)
        {
            _aors.Add(delta);
        }
    }

    internal void Accepted(RegistrarAction action) =>
        _registrations.Add(1, new KeyValuePair<string, object?>("kind", action switch
        {
            RegistrarAction.Query => "query",
            RegistrarAction.RemoveAll => "remove-all",
            _ => "update",
        }));

    internal void Refused(RegistrarRefusal reason) =>
        _refusals.Add(1, new KeyValuePair<string, object?>("reason", reason.ToString()));
}
