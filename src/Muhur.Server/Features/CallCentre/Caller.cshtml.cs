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
/// A verified caller's record <c>/merkez/cagri/kisi</c> (R-APP-11): applications with their history, certificates,
/// cards, shipments; and the change requests. Without a passed check of this agent in force it shows nothing and sends
/// the agent back to the check.
/// </summary>
[Authorize(Policy = Portals.CallCentrePolicy)]
internal sealed class CallerModel(VerifiedCaller verified, ReadCallerRecord read, RecordChangeRequest record, IStringLocalizer<SharedResource> text) : PageModel
{
    public CallerRecord Record { get; private set; } = new([]);

    [BindProperty]
    public ChangeInput Input { get; set; } = new();

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var people = verified.People(Request, StaffClaims.ActorOf(User));
        if (people.Count == 0)
        {
            return LocalRedirect("/merkez/cagri");
        }

        Record = await read.RunAsync(people, cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostChangeAsync(CancellationToken cancellationToken)
    {
        var agent = StaffClaims.ActorOf(User);
        var people = verified.People(Request, agent);
        if (people.Count == 0)
        {
            return LocalRedirect("/merkez/cagri");
        }

        if (ModelState.IsValid)
        {
            // Only a person the passed check named, never one named by the form alone.
            if (Input.PersonId is not { } personId || !people.Contains(personId) || !Enum.TryParse<PersonChangeKind>(Input.Kind, out var kind))
            {
                return BadRequest();
            }

            var result = await record.RunAsync(personId, kind, Input.NewValue, Input.Evidence, agent, cancellationToken);
            switch (result.Outcome)
            {
                case ChangeRequestOutcome.Recorded:
                    TempData["ChangeRecorded"] = text[kind == PersonChangeKind.Institution
                        ? "CallCentre_InstitutionRecorded"
                        : result.NeedsNewCertificate ? "CallCentre_SurnameNeedsNewCertificate" : "CallCentre_SurnameRecorded"].Value;
                    return LocalRedirect("/merkez/cagri/kisi");
                case ChangeRequestOutcome.NotFound:
                    return NotFound();
                case ChangeRequestOutcome.InvalidEvidence:
                    ModelState.AddModelError($"{nameof(Input)}.{nameof(ChangeInput.Evidence)}", text["CallCentre_EvidenceInvalid"]);
                    break;
                case ChangeRequestOutcome.Unchanged:
                    ModelState.AddModelError($"{nameof(Input)}.{nameof(ChangeInput.NewValue)}", text["CallCentre_SurnameUnchanged"]);
                    break;
                default:
                    ModelState.AddModelError($"{nameof(Input)}.{nameof(ChangeInput.NewValue)}", text[kind == PersonChangeKind.Surname ? "CallCentre_SurnameInvalid" : "CallCentre_InstitutionInvalid"]);
                    break;
            }
        }

        Record = await read.RunAsync(people, cancellationToken);
        return Page();
    }

    /// <summary>Ends the call: the caller's record is closed in this browser.</summary>
    public IActionResult OnPostEnd()
    {
        VerifiedCaller.Forget(Response);
        return LocalRedirect("/merkez/cagri");
    }

    public string Invalid(string field) =>
        ModelState.TryGetValue($"{nameof(Input)}.{field}", out var entry) && entry.Errors.Count > 0 ? "true" : "false";

    internal sealed class ChangeInput
    {
        [Required(ErrorMessage = "Validation_Required")]
        public Guid? PersonId { get; set; }

        [Required(ErrorMessage = "Validation_Required")]
        public string? Kind { get; set; }

        [Required(ErrorMessage = "Validation_Required")]
        [StringLength(RecordChangeRequest.MaxInstitution, ErrorMessage = "Validation_TooLong")]
        public string? NewValue { get; set; }

        [Required(ErrorMessage = "Validation_Required")]
        [StringLength(RecordChangeRequest.MaxEvidence, ErrorMessage = "Validation_TooLong")]
        public string? Evidence { get; set; }
    }
}
