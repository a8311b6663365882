using Muhur.Server.Features.Cards;

namespace Muhur.Server.Features.CardProduction;

/// <summary>Card production from approved applications (R-CARD-1, issue 11 item 4): the action, the page's card writer.</summary>
internal static class CardProductionModule
{
    /// <summary>Where Debian's softhsm2 package puts the module.</summary>
    public const string SoftHsmModulePath = "/usr/lib/softhsm/libsofthsm2.so";

    public static IServiceCollection AddCardProduction(this IServiceCollection services)
    {
        services.AddScoped<ProduceApprovedCard>();
        services.AddScoped<ApprovedApplications>();

        // A developer's installation produces on SoftHSM2's tokens without configuring anything.
        services.AddOptions<CardOptions>().PostConfigure<IHostEnvironment>((options, environment) =>
        {
            if (string.IsNullOrWhiteSpace(options.ModulePath) && environment.IsDevelopment() && File.Exists(SoftHsmModulePath))
            {
                options.ModulePath = SoftHsmModulePath;
            }
        });
        return services;
    }
}
