using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Muhur.Pki.Identity;
using Muhur.Server.Data;
using Muhur.Server.Features.Certificates;

namespace Muhur.Server.Features.People;

/// <summary>
/// One registered person with their certificates and cards. Another institution's person, by whatever id, is not
/// found (R-X-4: the context's query filters on people, certificates and cards).
/// </summary>
internal sealed class DetailsModel(MuhurDbContext db) : PageModel
{
    public string Name { get; private set; } = string.Empty;

    public string? Title { get; private set; }

    public string MaskedIdentifier { get; private set; } = string.Empty;

    public string Email { get; private set; } = string.Empty;

    public string? Unit { get; private set; }

    public string? Position { get; private set; }

    public IReadOnlyList<CertificateRow> Certificates { get; private set; } = [];

    public IReadOnlyList<CardRow> Cards { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        var person = await db.People.AsNoTracking().SingleOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (person is null)
        {
            return NotFound();
        }

        Name = person.FullName;
        Title = person.Title;
        // Screens show national IDs masked (R-X-3).
        MaskedIdentifier = PersonIdentifier.Mask(person.IdentifierNumber);
        Email = person.CorporateEmail;
        Unit = await db.Units.Where(u => u.Id == person.UnitId).Select(u => u.Name).SingleOrDefaultAsync(cancellationToken);
        Position = await db.Positions.Where(p => p.Id == person.PositionId).Select(p => p.Name).SingleOrDefaultAsync(cancellationToken);
        Certificates = (await db.Certificates.AsNoTracking().Where(c => c.PersonId == id).OrderByDescending(c => c.NotBefore)
                .Select(c => new { c.Serial, c.Status, c.NotBefore, c.NotAfter }).ToListAsync(cancellationToken))
            .Select(c => new CertificateRow(Convert.ToHexString(c.Serial), c.Status, c.NotBefore, c.NotAfter))
            .ToList();
        Cards = await db.Cards.AsNoTracking().Where(c => c.PersonId == id).OrderByDescending(c => c.ProducedAt)
            .Select(c => new CardRow(c.Serial, c.TokenManufacturer + " " + c.TokenModel, c.ProducedAt))
            .ToListAsync(cancellationToken);
        return Page();
    }

    internal sealed record CertificateRow(string Serial, CertificateStatus Status, DateTimeOffset NotBefore, DateTimeOffset NotAfter);

    internal sealed record CardRow(string Serial, string Token, DateTimeOffset ProducedAt);
}
