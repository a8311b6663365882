using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Muhur.Pki.Identity;
using Muhur.Server.Data;
using Muhur.Server.Features.Staff;
using Muhur.Server.Localization;

namespace Muhur.Server.Features.People;

/// <summary>The institution authority registers a person (R-APP-1).</summary>
internal sealed class RegisterModel(
    MuhurDbContext db,
    RegisterPerson registerPerson,
    IStringLocalizer<SharedResource> text) : PageModel
{
    [BindProperty]
    public RegisterInput Input { get; set; } = new();

    public IReadOnlyList<PersonIdentifierKind> Kinds { get; } = Enum.GetValues<PersonIdentifierKind>();

    public IReadOnlyList<SelectListItem> Units { get; private set; } = [];

    public IReadOnlyList<SelectListItem> Positions { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadChoicesAsync(cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var request = new RegisterPersonRequest(
            Input.IdentifierKind, Input.IdentifierNumber, Input.PassportCountry, Input.GivenName, Input.Surname,
            Input.Title, Input.CorporateEmail, Input.UnitId, Input.PositionId);
        var result = await registerPerson.RunAsync(StaffClaims.InstitutionOf(User), StaffClaims.ActorOf(User), request, cancellationToken);
        if (result.Succeeded)
        {
            TempData["Saved"] = result.Person!.FullName;
            return RedirectToPage("/People/Index");
        }

        ModelState.Clear();
        foreach (var error in result.Errors)
        {
            ModelState.AddModelError($"{nameof(Input)}.{error.Field}", error.Argument is null ? text[error.MessageKey] : text[error.MessageKey, error.Argument]);
        }

        await LoadChoicesAsync(cancellationToken);
        return Page();
    }

    private async Task LoadChoicesAsync(CancellationToken cancellationToken)
    {
        Units = await db.Units.OrderBy(u => EF.Functions.Collate(u.Name, TurkishCollation.Name))
            .Select(u => new SelectListItem(u.Name, u.Id.ToString())).ToListAsync(cancellationToken);
        Positions = await db.Positions.OrderBy(p => EF.Functions.Collate(p.Name, TurkishCollation.Name))
            .Select(p => new SelectListItem(p.Name, p.Id.ToString())).ToListAsync(cancellationToken);
    }

    internal sealed class RegisterInput
    {
        public PersonIdentifierKind IdentifierKind { get; set; } = PersonIdentifierKind.TurkishIdentityNumber;

        public string? IdentifierNumber { get; set; }

        public string? PassportCountry { get; set; }

        public string? GivenName { get; set; }

        public string? Surname { get; set; }

        public string? Title { get; set; }

        public string? CorporateEmail { get; set; }

        public Guid? UnitId { get; set; }

        public Guid? PositionId { get; set; }
    }
}
