namespace Rethink.Ims.Sip.Registrar;

/// <summary>Options of the registrar and its in-memory location store (<c>Ims:Sip:Registrar</c>).</summary>
public sealed class SipRegistrarOptions
{
    /// <summary>The configuration section these options bind to.</summary>
    public const string SectionName = "Ims:Sip:Registrar";

    /// <summary>
    /// The domains this registrar is responsible for (host names, compared case-insensitively). A REGISTER whose
    /// Request-URI or To host is not one of them is answered 404 (RFC 3261 §21.4.5). At least one is required.
    /// </summary>
    public IList<string> LocalDomains { get; } = new List<string>();

    /// <summary>The shortest expiry accepted (seconds); shorter non-zero ones get 423 with Min-Expires. Default 60.</summary>
    public int MinExpires { get; set; } = 60;

    /// <summary>The longest expiry granted (seconds); longer ones are shortened to it (RFC 3261 §10.3 step 7). Default 3600.</summary>
    public int MaxExpires { get; set; } = 3600;

    /// <summary>The expiry when neither the contact's expires parameter nor an Expires header gives one. Default 3600.</summary>
    public int DefaultExpires { get; set; } = 3600;

    /// <summary>The most bindings one address-of-record may hold; a REGISTER that would exceed it gets 503. Default 10.</summary>
    public int MaxContactsPerAor { get; set; } = 10;

    /// <summary>The most bindings the in-memory store holds in total; a REGISTER that would exceed it gets 503. Default 100,000.</summary>
    public int MaxBindings { get; set; } = 100_000;

    /// <summary>How often the in-memory store removes expired bindings (they are hidden from reads at once). Default 30 s.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Which address-of-record an ephemeral user's REGISTER is filed under. Default <see cref="EphemeralAorRule.AuthenticatedUser"/>.</summary>
    public EphemeralAorRule EphemeralAorRule { get; set; } = EphemeralAorRule.AuthenticatedUser;

    /// <summary>
    /// When the request was authenticated, refuse (403) an address-of-record whose user is not the authenticated
    /// user (RFC 3261 §10.3 step 4). Default true.
    /// </summary>
    public bool AuthorizeAor { get; set; } = true;

    /// <summary>What closing a flow does to the bindings registered over it. Default <see cref="DeadFlowPolicy.Remove"/>.</summary>
    public DeadFlowPolicy DeadFlowPolicy { get; set; } = DeadFlowPolicy.Remove;

    /// <summary>
    /// Give GRUUs (RFC 5627): a REGISTER with <c>Supported: gruu</c> gets a <c>pub-gruu</c> and a <c>temp-gruu</c> for
    /// every listed contact with a <c>+sip.instance</c>, <c>Require: gruu</c> is accepted, and the proxy routes a request
    /// for a GRUU to that instance only. Off: <c>gruu</c> is ignored in Supported and refused (420) in Require. Default true.
    /// </summary>
    public bool EnableGruu { get; set; } = true;

    /// <summary>
    /// The AES key (base64 of 16, 24 or 32 bytes) that seals temporary GRUUs. Edges that share a location store need the
    /// same key so that each can open the others' temporary GRUUs. Unset: a random key per process, so temporary GRUUs
    /// stop working when the process restarts (public ones do not change). A secret: never logged.
    /// </summary>
    public string? TemporaryGruuKey { get; set; }

    /// <summary>The Retry-After (seconds) sent with the 503 of a full store or a full address-of-record; 0 sends none. Default 0.</summary>
    public int RetryAfterSeconds { get; set; }
}
