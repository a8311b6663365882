using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Muhur.Server.Features.ApplicantLogin;
using Muhur.Server.Features.Applications;

namespace Muhur.Server.Features.ApplicationSigning;

/// <summary>R-APP-8, R-EONAY-2: "İşleminiz Başarılıdır" once the application is e-signed or e-onaylı and at the centre.</summary>
internal sealed class CompletedModel(ReadSigningOffer read) : PageModel
{
    public const string Path = "/basvuru/tamamlandi";

    public SigningMethod? Method { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var situation = await read.RunAsync(ApplicantSession.ApplicationId(User), cancellationToken);
        if (situation is null || !SigningMethodModel.SignedAlready(situation.Application.State))
        {
            return LocalRedirect("/basvuru/imza-yontemi");
        }

        Method = situation.Application.SigningMethod;
        return Page();
    }
}
