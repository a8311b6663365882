using Microsoft.Extensions.Options;
using Muhur.Pki.Authority;
using Npgsql;

namespace Muhur.Server.Features.CertificateAuthority;

/// <summary>The CA itself: options, the key store, the active CA, first-start set-up, OCSP responder rotation.</summary>
internal static class CertificateAuthorityModule
{
    public static IServiceCollection AddCertificateAuthority(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<CaOptions>(configuration.GetSection(CaOptions.Section));
        services.PostConfigure<CaOptions>(options =>
        {
            if (!PublicBaseAddress.IsConfigured(configuration))
            {
                options.PublicBaseUrl = PublicBaseAddress.FromListenAddresses(configuration) ?? PublicBaseAddress.Fallback;
            }
        });
        services.AddSingleton<ICaKeyStore>(provider =>
        {
            var options = provider.GetRequiredService<IOptions<CaOptions>>().Value;
            if (string.IsNullOrEmpty(options.KeyPassphrase))
            {
                throw new CaPassphraseMissingException();
            }

            return new DatabaseKeyStore(provider.GetRequiredService<NpgsqlDataSource>(), options.KeyPassphrase, options.KeyIterations);
        });
        services.AddSingleton<ActiveCertificateAuthority>();
        services.AddScoped<InitializeCertificateAuthority>();
        services.AddHostedService<OcspResponderRotationJob>();
        return services;
    }
}

/// <summary>R-CA-4: the CA keys are encrypted with a passphrase that only configuration or a person supplies.</summary>
internal sealed class CaPassphraseMissingException()
    : Exception(
        "CA anahtar parolası yapılandırılmamış: Muhur__Ca__KeyPassphrase ortam değişkenini ayarlayın. / " +
        "The CA key passphrase is not configured: set the Muhur__Ca__KeyPassphrase environment variable.");
