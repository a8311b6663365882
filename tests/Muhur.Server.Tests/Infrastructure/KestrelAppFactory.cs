using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Muhur.Server.Tests.Infrastructure;

/// <summary>The real server on a real port, driven by Debian's Chromium through Playwright.</summary>
public sealed class KestrelAppFactory : MuhurAppFactory
{
    public KestrelAppFactory()
    {
        // Loopback only: nothing a test starts listens beyond this machine.
        UseKestrel(options => options.Listen(System.Net.IPAddress.Loopback, 0));
    }

    public string BaseAddress =>
        Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
}
