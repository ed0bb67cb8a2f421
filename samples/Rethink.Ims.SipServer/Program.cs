using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Rethink.Ims.Sip.Auth;
using Rethink.Ims.Sip.Pipeline;
using Rethink.Ims.Sip.Registrar;
using Rethink.Ims.SipServer;

// A minimal SIP server and registrar: checks every request first (416 URI scheme, 483 Max-Forwards 0, 420 unknown
// Proxy-Require/Require, 415/406 bodies it cannot take), answers OPTIONS with 200, authenticates REGISTERs (and requests from its own
// domains) with the credential server's ephemeral credentials as Kamailio's route[AUTH] does, keeps bindings, and
// answers everything else with 501 Not Implemented.
// Content root = the program's folder, so appsettings.json is found wherever it is started from.
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory });
LocalDefaults.Apply(builder.Configuration);

builder.Services.AddSipTransactions();
builder.Services.AddSipDigestAuth();
builder.Services.AddSipRegistrar();
builder.Services.AddSipServer(pipeline: sip => sip
    .UseMiddleware<SipRequestChecksMiddleware>()
    .UseMiddleware<OptionsResponder>()
    .UseMiddleware<SipDigestAuthMiddleware>()
    .UseMiddleware<SipRelayPolicyMiddleware>()
    .UseMiddleware<SipRegistrarMiddleware>());

var host = builder.Build();
var lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
lifetime.ApplicationStarted.Register(() => StartupBanner.Print(host.Services.GetRequiredService<SipServer>(), host.Services.GetRequiredService<SipLocalDomains>()));
host.Run();
