using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Muhur.SmartCard;

namespace Muhur.Server.Tests.Infrastructure;

/// <summary>
/// The classes that point SoftHSM2 at a token store of their own. SOFTHSM2_CONF is one per process and SoftHSM reads
/// it at each C_Initialize, so these classes run one after another, never beside each other.
/// </summary>
[CollectionDefinition(Name)]
public sealed class SoftHsmTokenStores
{
    public const string Name = "SoftHSM2 token stores";
}

/// <summary>The real server on a loopback port (for the real muhur-imza and Chromium) with a SoftHSM2 token store of its own.</summary>
public sealed class SoftHsmKestrelFactory : MuhurAppFactory
{
    public const string ModulePath = "/usr/lib/softhsm/libsofthsm2.so";

    public SoftHsmKestrelFactory()
    {
        if (!File.Exists(ModulePath))
        {
            throw new InvalidOperationException($"SoftHSM2 module {ModulePath} not found; install it: apt-get install -y softhsm2");
        }

        Directory.CreateDirectory(Path.Combine(TokenStore, "tokens"));
        File.WriteAllText(ConfigPath, $"directories.tokendir = {Path.Combine(TokenStore, "tokens")}\nobjectstore.backend = file\nlog.level = ERROR\n");
        NativeEnvironment.Set("SOFTHSM2_CONF", ConfigPath);
        UseKestrel(options => options.Listen(System.Net.IPAddress.Loopback, 0));
    }

    public string TokenStore { get; } = Directory.CreateTempSubdirectory("muhur-esign-cards-").FullName;

    public string ConfigPath => Path.Combine(TokenStore, "softhsm2.conf");

    public string BaseAddress =>
        Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
}
