using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using Muhur.Server.Data;
using Muhur.Server.Web;

namespace Muhur.Server.Features.Shipments;

/// <summary>
/// <c>/kargo-takip</c> (issue 11 item 5), public: a tracking number → the parcel's state and dates and the province it goes
/// to, nothing about the person (R-X-3). Posted, so numbers stay out of addresses and logs, and limited per client address
/// like the login forms, so numbers cannot be tried in bulk.
/// </summary>
[EnableRateLimiting(RateLimits.Login)]
internal sealed class TrackingModel(MuhurDbContext db) : PageModel
{
    [BindProperty(Name = "takipNo")]
    public string? TrackingNumber { get; set; }

    public TrackedParcel? Parcel { get; private set; }

    public string? ErrorKey { get; private set; }

    public async Task OnPostAsync(CancellationToken cancellationToken)
    {
        var number = (TrackingNumber ?? string.Empty).Trim().ToUpperInvariant();
        if (number.Length is 0 or > 60)
        {
            ErrorKey = number.Length == 0 ? "Tracking_Required" : "Tracking_Unknown";
            return;
        }

        Parcel = await db.Set<Shipment>().AsNoTracking()
            .Where(s => s.TrackingNumber == number)
            .OrderByDescending(s => s.CreatedAt)
            .Select(s => new TrackedParcel(s.TrackingNumber, s.Provider, s.State, s.ProvinceCode, s.CreatedAt, s.UpdatedAt))
            .FirstOrDefaultAsync(cancellationToken);
        ErrorKey = Parcel is null ? "Tracking_Unknown" : null;
    }

    internal sealed record TrackedParcel(string TrackingNumber, string Courier, ShipmentState State, short ProvinceCode, DateTimeOffset SentAt, DateTimeOffset UpdatedAt);
}
