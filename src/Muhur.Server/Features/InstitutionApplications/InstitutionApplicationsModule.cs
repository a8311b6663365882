namespace Muhur.Server.Features.InstitutionApplications;

/// <summary>The institution's side of applications (R-APP-1, R-ELIG-4, R-ELIG-5): register and open, import, list.</summary>
internal static class InstitutionApplicationsModule
{
    public static IServiceCollection AddInstitutionApplications(this IServiceCollection services) =>
        services.AddScoped<RegisterApplicant>().AddScoped<ImportApplicants>();
}
