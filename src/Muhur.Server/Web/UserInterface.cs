using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.WebEncoders;
using Muhur.Server.Localization;

namespace Muhur.Server.Web;

/// <summary>The pages: server-rendered Razor Pages from the feature folders, Turkish first (R-X-1).</summary>
internal static class UserInterface
{
    public static IServiceCollection AddUserInterface(this IServiceCollection services, IHostEnvironment environment)
    {
        services.AddLocalization();
        services.AddRazorPages(o =>
            {
                o.RootDirectory = "/Features";
                o.Conventions.AddDevelopmentOnlyPages(environment);
            })
            .AddViewLocalization()
            .AddDataAnnotationsLocalization(o => o.DataAnnotationLocalizerProvider = (_, factory) => factory.Create(typeof(SharedResource)));
        services.Configure<RequestLocalizationOptions>(o =>
        {
            var cultures = new[] { new CultureInfo("tr-TR"), new CultureInfo("en") };
            o.DefaultRequestCulture = new RequestCulture("tr-TR");
            o.SupportedCultures = cultures;
            o.SupportedUICultures = cultures;
            // Turkish unless the person chose English: the browser's language is not a choice they made here.
            o.RequestCultureProviders = [new QueryStringRequestCultureProvider(), new CookieRequestCultureProvider()];
        });

        // Emit Turkish letters as themselves, not as numeric character references.
        services.Configure<WebEncoderOptions>(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        return services;
    }
}
