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
        // (The benchmark composes the features without a host, hence no environment there.)
        services.AddOptions<CardOptions>().PostConfigure<IServiceProvider>((options, provider) =>
        {
            if (string.IsNullOrWhiteSpace(options.ModulePath) && provider.GetService<IHostEnvironment>()?.IsDevelopment() == true && File.Exists(SoftHsmModulePath))
            {
                options.ModulePath = SoftHsmModulePath;
            }
        });
        return services;
    }
}
