namespace Muhur.Server.Features.Institutions;

/// <summary>Institutions and the scope that keeps an authority to their own institution's data (R-X-4).</summary>
internal static class InstitutionsModule
{
    public static IServiceCollection AddInstitutions(this IServiceCollection services)
    {
        services.AddHttpContextAccessor();
        services.AddScoped<InstitutionScope>();
        return services;
    }
}
