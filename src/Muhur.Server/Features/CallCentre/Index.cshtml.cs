using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Muhur.Server.Features.Staff;
using Muhur.Server.Localization;
using Muhur.Server.Web;

namespace Muhur.Server.Features.CallCentre;

/// <summary>
/// The call centre's start <c>/merkez/cagri</c> (R-APP-11): the caller's identifier and what they say, checked before
/// anything about them is shown. Each question is answered "eşleşti" or "eşleşmedi"; a passed check opens the caller's
/// record for <see cref="CallerIdentityRules.PassedFor"/>.
/// </summary>
[Authorize(Policy = Portals.CallCentrePolicy)]
internal sealed class IndexModel(CheckCallerIdentity check, VerifiedCaller verified, IStringLocalizer<SharedResource> text) : PageModel
{
    [BindProperty]
    public CheckInput Input { get; set; } = new();

    public CallerCheckResult? Result { get; private set; }

    public bool HasVerifiedCaller { get; private set; }

    public void OnGet() => HasVerifiedCaller = verified.People(Request, StaffClaims.ActorOf(User)).Count > 0;

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        // A new check always ends the previous caller's record first.
        VerifiedCaller.Forget(Response);
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var agent = StaffClaims.ActorOf(User);
        Result = await check.RunAsync(
            Input.Identifier, Input.Country, new CallerAnswers(Input.FullName, Input.MobilePhone, Input.CorporateEmail, Input.SecurityWord), agent, cancellationToken);
        if (Result.Outcome == CallerCheckOutcome.Incomplete)
        {
            ModelState.AddModelError($"{nameof(Input)}.{nameof(CheckInput.Identifier)}", text["CallCentre_IdentifierInvalid"]);
        }

        if (Result.Outcome == CallerCheckOutcome.Passed)
        {
            verified.Remember(Response, agent, Result.PersonIds);
        }

        // The typed answers are never shown back (a security word on the screen is a security word disclosed).
        Input.SecurityWord = null;
        ModelState.Remove($"{nameof(Input)}.{nameof(CheckInput.SecurityWord)}");
        return Page();
    }

    public string Invalid(string field) =>
        ModelState.TryGetValue($"{nameof(Input)}.{field}", out var entry) && entry.Errors.Count > 0 ? "true" : "false";

    internal sealed class CheckInput
    {
        [Required(ErrorMessage = "Validation_Required")]
        [StringLength(20, ErrorMessage = "CallCentre_IdentifierInvalid")]
        public string? Identifier { get; set; }

        [StringLength(2, MinimumLength = 2, ErrorMessage = "CallCentre_CountryInvalid")]
        public string? Country { get; set; }

        [Required(ErrorMessage = "Validation_Required")]
        [StringLength(200, ErrorMessage = "Validation_TooLong")]
        public string? FullName { get; set; }

        [StringLength(20, ErrorMessage = "Validation_TooLong")]
        public string? MobilePhone { get; set; }

        [StringLength(254, ErrorMessage = "Validation_TooLong")]
        public string? CorporateEmail { get; set; }

        [StringLength(64, ErrorMessage = "Validation_TooLong")]
        public string? SecurityWord { get; set; }
    }
}
