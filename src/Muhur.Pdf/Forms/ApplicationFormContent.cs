namespace Muhur.Pdf.Forms;

/// <summary>
/// Everything the wet-signed application form prints (R-APP-7), already in the words the applicant reads.
/// </summary>
public sealed record ApplicationFormContent
{
    /// <summary>The form's unique number, printed as its Code 128 barcode and beneath it.</summary>
    public required string FormNumber { get; init; }

    /// <summary>"İlk başvuru", "Yenileme", …</summary>
    public required string Kind { get; init; }

    public required string InstitutionName { get; init; }

    public string? UnitName { get; init; }

    /// <summary>"T.C. Kimlik No" or "Pasaport No (GB)".</summary>
    public required string IdentifierLabel { get; init; }

    public required string IdentifierNumber { get; init; }

    public required string GivenName { get; init; }

    public required string Surname { get; init; }

    public string? Title { get; init; }

    public string? Position { get; init; }

    public required string CorporateEmail { get; init; }

    public required string MobilePhone { get; init; }

    public required string Province { get; init; }

    public required string District { get; init; }

    public required string AddressLine { get; init; }

    public string? PostalCode { get; init; }

    /// <summary>The word the applicant has just typed; the form is the only place it is written.</summary>
    public required string SecurityWord { get; init; }

    public bool PublishCertificate { get; init; }

    /// <summary>The payment mode with its reason, e.g. "Kurum ödemeli (görev: Dekan)".</summary>
    public required string Payment { get; init; }

    /// <summary>For a repeated application, why.</summary>
    public string? RepeatReason { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }
}
