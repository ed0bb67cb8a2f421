using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Rethink.Ims.Sip.Pipeline;
using Rethink.Ims.SipServer;

// A minimal SIP server: answers OPTIONS with 200 and everything else with 501 Not Implemented.
// Content root = the program's folder, so appsettings.json is found wherever it is started from.
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory });
LocalDefaults.Apply(builder.Configuration);

builder.Services.AddSipTransactions();
builder.Services.AddSipServer(pipeline: sip => sip.UseMiddleware<OptionsResponder>());

var host = builder.Build();
var lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
lifetime.ApplicationStarted.Register(() => StartupBanner.Print(host.Services.GetRequiredService<SipServer>()));
host.Run();
