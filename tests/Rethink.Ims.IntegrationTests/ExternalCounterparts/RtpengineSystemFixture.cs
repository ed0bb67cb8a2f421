using Rethink.Ims.IntegrationTests.Infrastructure;
using Rethink.Ims.IntegrationTests.SystemHost;

namespace Rethink.Ims.IntegrationTests.ExternalCounterparts;

/// <summary>
/// The system as <c>IMS_MEDIA=off IMS_MEDIA_NG=udp:127.0.0.1:&lt;port&gt; ./run.sh</c> runs it next to a real rtpengine:
/// our credential server and edge (its NgMediaAnchor pointed at rtpengine's ng port by configuration alone), no
/// media server of ours.
/// </summary>
public sealed class RtpengineSystemFixture : SystemHostFixture
{
    protected override (ExternalProcess Process, Uri? Management) StartMediaServer(string logPrefix, int ngPort, int portMin, int portMax) =>
        (RtpengineProcess.Start(logPrefix, ngPort, portMin, portMax), null);
}
