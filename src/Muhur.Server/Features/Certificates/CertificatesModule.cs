namespace Muhur.Server.Features.Certificates;

/// <summary>Issued certificates: issuance (R-REN-1) and status changes (R-CA-3).</summary>
internal static class CertificatesModule
{
    public static IServiceCollection AddCertificates(this IServiceCollection services)
    {
        services.AddScoped<IssueCertificate>();
        services.AddScoped<ChangeCertificateStatus>();
        return services;
    }
}
