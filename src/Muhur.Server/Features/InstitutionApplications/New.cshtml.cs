using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Muhur.Pki.Identity;
using Muhur.Server.Data;
using Muhur.Server.Features.Applications;
using Muhur.Server.Features.People;
using Muhur.Server.Features.Staff;
using Muhur.Server.Localization;

namespace Muhur.Server.Features.InstitutionApplications;

/// <summary>
/// The institution authority registers a person and opens their application in one step (R-APP-1): the eligibility
/// each position gives is shown beside it, and an individual payment asks for the receipt (R-ELIG-4, R-ELIG-5).
/// </summary>
// A receipt is at most 5 MiB (ReceiptFile.MaxBytes), but the request may be much larger so that a scan straight from
// the copier still reaches the form and gets its Turkish message (only MaxBytes + 1 of it is read): over the request
// limit the anti-forgery check cannot read the form and answers 400 with no word on the size.
[RequestSizeLimit(64 * 1024 * 1024)]
[RequestFormLimits(MultipartBodyLengthLimit = 64 * 1024 * 1024)]
internal sealed class NewModel(
    MuhurDbContext db,
    RegisterApplicant registerApplicant,
    IStringLocalizer<SharedResource> text) : PageModel
{
    [BindProperty]
    public NewApplicationInput Input { get; set; } = new();

    [BindProperty]
    public IFormFile? Receipt { get; set; }

    public IReadOnlyList<PersonIdentifierKind> IdentifierKinds { get; } = Enum.GetValues<PersonIdentifierKind>();

    public IReadOnlyList<ApplicationKind> ApplicationKinds { get; } = Enum.GetValues<ApplicationKind>();

    public IReadOnlyList<SelectListItem> Units { get; private set; } = [];

    public IReadOnlyList<SelectListItem> Positions { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadChoicesAsync(cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        ReceiptUpload? upload = null;
        if (Receipt is { Length: > 0 } file)
        {
            // Reads at most one byte more than allowed: enough to know it is too large.
            await using var stream = file.OpenReadStream();
            using var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while (buffer.Length <= ReceiptFile.MaxBytes && (read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
            {
                buffer.Write(chunk, 0, read);
            }

            upload = new ReceiptUpload(file.FileName, buffer.ToArray());
        }

        var request = new RegisterApplicantRequest(
            new RegisterPersonRequest(
                Input.IdentifierKind, Input.IdentifierNumber, Input.PassportCountry, Input.GivenName, Input.Surname,
                Input.Title, Input.CorporateEmail, Input.UnitId, Input.PositionId, Input.MobilePhone),
            Input.Kind,
            upload);
        var result = await registerApplicant.RunAsync(StaffClaims.InstitutionOf(User), StaffClaims.ActorOf(User), request, cancellationToken);
        if (result.Succeeded)
        {
            TempData["Registered"] = text["InstApps_Registered", result.Name!, result.Recipient ?? string.Empty].Value;
            return Redirect($"/kurum/basvurular/{result.ApplicationId}");
        }

        ModelState.Clear();
        foreach (var error in result.Errors)
        {
            var key = error.Field == "Receipt" ? nameof(Receipt) : $"{nameof(Input)}.{error.Field}";
            ModelState.AddModelError(key, error.Argument is null ? text[error.MessageKey] : text[error.MessageKey, error.Argument]);
        }

        await LoadChoicesAsync(cancellationToken);
        return Page();
    }

    private async Task LoadChoicesAsync(CancellationToken cancellationToken)
    {
        Units = await db.Units.OrderBy(u => EF.Functions.Collate(u.Name, TurkishCollation.Name))
            .Select(u => new SelectListItem(u.Name, u.Id.ToString())).ToListAsync(cancellationToken);

        // R-ELIG-5: each position says what it decides before the authority confirms.
        var positions = await db.Positions.OrderBy(p => EF.Functions.Collate(p.Name, TurkishCollation.Name))
            .Select(p => new { p.Id, p.Name, p.IsEligible }).ToListAsync(cancellationToken);
        Positions = positions
            .Select(p => new SelectListItem($"{p.Name} — {text[p.IsEligible ? "InstApps_PositionPaid" : "InstApps_PositionIndividual"]}", p.Id.ToString()))
            .ToList();
    }

    internal sealed class NewApplicationInput
    {
        public PersonIdentifierKind IdentifierKind { get; set; } = PersonIdentifierKind.TurkishIdentityNumber;

        public string? IdentifierNumber { get; set; }

        public string? PassportCountry { get; set; }

        public string? GivenName { get; set; }

        public string? Surname { get; set; }

        public string? Title { get; set; }

        public Guid? PositionId { get; set; }

        public Guid? UnitId { get; set; }

        public string? CorporateEmail { get; set; }

        public string? MobilePhone { get; set; }

        public ApplicationKind? Kind { get; set; } = ApplicationKind.First;
    }
}
