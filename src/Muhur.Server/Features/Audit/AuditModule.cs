namespace Muhur.Server.Features.Audit;

/// <summary>The audit log's one writer and its verifier (R-CA-4).</summary>
internal static class AuditModule
{
    public static IServiceCollection AddAudit(this IServiceCollection services)
    {
        services.AddSingleton<AuditLog>();
        services.AddScoped<VerifyAuditLog>();
        return services;
    }
}
