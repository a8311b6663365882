namespace Muhur.Server.Features.ApplicantLogin;

/// <summary>The applicant portal's login (R-APP-2).</summary>
internal static class ApplicantLoginModule
{
    public static IServiceCollection AddApplicantLogin(this IServiceCollection services) =>
        services.AddScoped<SignInApplicant>();
}
