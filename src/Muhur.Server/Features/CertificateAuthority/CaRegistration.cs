using Microsoft.Extensions.Options;
using Muhur.Pki.Authority;
using Muhur.Server.Features.Cards;
using Muhur.Server.Features.Certificates;
using Muhur.Server.Features.Ocsp;
using Muhur.Server.Features.Revocation;
using Npgsql;

namespace Muhur.Server.Features.CertificateAuthority;

/// <summary>The CA's services: key store, active CA, issuance, status changes, CRL publication.</summary>
internal static class CaRegistration
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
        services.AddScoped<IssueCertificate>();
        services.AddScoped<ChangeCertificateStatus>();
        services.AddScoped<PublishCrl>();
        services.AddSingleton<CrlStore>();
        services.AddHostedService<CrlPublisherJob>();
        services.AddHostedService<OcspResponderRotationJob>();
        services.Configure<OcspOptions>(configuration.GetSection(OcspOptions.Section));
        services.AddSingleton<StatusEpoch>();
        services.AddSingleton<CertificateStatusIndex>();
        services.AddSingleton<AnswerOcspRequest>();
        services.AddHostedService<StatusIndexWarmup>();
        services.Configure<CardOptions>(configuration.GetSection(CardOptions.Section));
        services.AddSingleton<CardSecrets>();
        services.AddScoped<ProduceCard>();
        services.AddScoped<DiscloseCardSecrets>();
        services.AddScoped<Signatures.IssueVerificationCode>();
        services.AddScoped<Signatures.VerifySignedCode>();
        services.AddScoped<Signatures.VerifyDocumentSignature>();
        return services;
    }
}

/// <summary>R-CA-4: the CA keys are encrypted with a passphrase that only configuration or a person supplies.</summary>
internal sealed class CaPassphraseMissingException()
    : Exception(
        "CA anahtar parolası yapılandırılmamış: Muhur__Ca__KeyPassphrase ortam değişkenini ayarlayın. / " +
        "The CA key passphrase is not configured: set the Muhur__Ca__KeyPassphrase environment variable.");
