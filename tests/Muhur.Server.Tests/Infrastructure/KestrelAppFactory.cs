using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Muhur.Server.Tests.Infrastructure;

/// <summary>The real server on a real port, driven by Debian's Chromium through Playwright.</summary>
public sealed class KestrelAppFactory : MuhurAppFactory
{
    public KestrelAppFactory()
    {
        UseKestrel(0);
    }

    public string BaseAddress =>
        Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
}
