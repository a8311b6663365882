namespace Muhur.Server.Features.Audit;

/// <summary>The audit log's one writer, its verifier (R-CA-4) and its readable search (issue 11 item 7).</summary>
internal static class AuditModule
{
    public static IServiceCollection AddAudit(this IServiceCollection services)
    {
        services.AddSingleton<AuditLog>();
        services.AddScoped<VerifyAuditLog>();
        services.AddScoped<ReadAuditEntries>();
        services.AddScoped<SearchAuditLog>();
        return services;
    }
}
