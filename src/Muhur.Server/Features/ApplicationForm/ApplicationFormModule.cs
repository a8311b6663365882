namespace Muhur.Server.Features.ApplicationForm;

/// <summary>The applicant's form (R-APP-4), its SMS approval (R-APP-5) and the wet-signed form (R-APP-7) under <c>/basvuru</c>.</summary>
internal static class ApplicationFormModule
{
    public static IServiceCollection AddApplicationForm(this IServiceCollection services) =>
        services
            .AddScoped<TurkishText>()
            .AddScoped<SendSmsApprovalCode>()
            .AddScoped<ConfirmApplicationForm>()
            .AddScoped<ApproveApplicantPhone>()
            .AddScoped<PrintWetForm>();
}
