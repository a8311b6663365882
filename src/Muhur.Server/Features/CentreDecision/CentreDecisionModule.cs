namespace Muhur.Server.Features.CentreDecision;

/// <summary>The centre officer's decision on applications (R-APP-10) and on individual payments' receipts (R-ELIG-5).</summary>
internal static class CentreDecisionModule
{
    public static IServiceCollection AddCentreDecision(this IServiceCollection services) =>
        services.AddScoped<DecideApplication>().AddScoped<DecideReceipt>();
}
