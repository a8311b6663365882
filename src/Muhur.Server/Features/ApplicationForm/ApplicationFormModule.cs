namespace Muhur.Server.Features.ApplicationForm;

/// <summary>The applicant's form (R-APP-4), its SMS approval (R-APP-5) and the wet-signed form (R-APP-7) under <c>/basvuru</c>.</summary>
internal static class ApplicationFormModule
{
    public static IServiceCollection AddApplicationForm(this IServiceCollection services)
    {
        // The messages are worded from the resources, and the wet forms are encrypted with Data Protection, whose key
        // ring (shared by the nodes, in PostgreSQL) Web/PortalAuthentication configures; both registrations are
        // idempotent, so the benchmark, which composes only the features, can build these actions too.
        services.AddLocalization();
        services.AddDataProtection();
        return services
            .AddScoped<TurkishText>()
            .AddScoped<SendSmsApprovalCode>()
            .AddScoped<ConfirmApplicationForm>()
            .AddScoped<ApproveApplicantPhone>()
            .AddScoped<PrintWetForm>();
    }
}
