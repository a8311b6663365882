namespace Muhur.Server.Features.Audit;

/// <summary>What an audit entry's actor or subject string names (issue 11 item 7).</summary>
internal enum AuditReferenceKind
{
    /// <summary>A string the reader does not know: shown as written.</summary>
    Other,

    /// <summary><c>staff:{user}</c>.</summary>
    Staff,

    /// <summary><c>applicant:{applicationId}</c> as actor, <c>application:{id}</c> as subject.</summary>
    Application,

    /// <summary><c>applicant:card:{certificate serial hex}</c>: the applicant who signed with their card.</summary>
    ApplicantCertificate,

    /// <summary><c>applicant:e-onay:{consent id}</c>: the applicant who completed with E-Onay consent.</summary>
    ApplicantConsent,

    /// <summary><c>applicant:{masked identifier}</c>: somebody who typed an identifier (a login that failed).</summary>
    ApplicantMasked,

    /// <summary><c>holder:{personId}</c>.</summary>
    Holder,

    /// <summary><c>system:{what}</c>.</summary>
    System,

    /// <summary><c>cli:{command}:{os user}</c>.</summary>
    CommandLine,

    Person,
    Card,
    Certificate,
    Institution,
    Position,

    /// <summary><c>ca:{id}</c>: one of the CA's own certificates.</summary>
    CaCertificate,

    /// <summary><c>identifier:{masked}</c>.</summary>
    MaskedIdentifier,

    /// <summary><c>caller-identifier:{hmac}</c>: an identifier a caller gave that names no registration (never shown).</summary>
    CallerIdentifier,
}

/// <summary>An actor or subject split into its kind and value; parsing is pure, the names are looked up elsewhere.</summary>
internal readonly record struct AuditReference(AuditReferenceKind Kind, string Value, string Raw)
{
    public Guid Id => Guid.TryParse(Value, out var id) ? id : Guid.Empty;

    public static AuditReference Parse(string? raw)
    {
        if (string.IsNullOrEmpty(raw))
        {
            return new(AuditReferenceKind.Other, string.Empty, string.Empty);
        }

        var colon = raw.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            return new(AuditReferenceKind.Other, raw, raw);
        }

        var prefix = raw[..colon];
        var rest = raw[(colon + 1)..];
        var kind = prefix switch
        {
            "staff" => AuditReferenceKind.Staff,
            "application" when Guid.TryParse(rest, out _) => AuditReferenceKind.Application,
            "applicant" => Applicant(ref rest),
            "holder" when Guid.TryParse(rest, out _) => AuditReferenceKind.Holder,
            "system" => AuditReferenceKind.System,
            "cli" => AuditReferenceKind.CommandLine,
            "person" when Guid.TryParse(rest, out _) => AuditReferenceKind.Person,
            "card" => AuditReferenceKind.Card,
            "certificate" => AuditReferenceKind.Certificate,
            "institution" when Guid.TryParse(rest, out _) => AuditReferenceKind.Institution,
            "position" when Guid.TryParse(rest, out _) => AuditReferenceKind.Position,
            "ca" => AuditReferenceKind.CaCertificate,
            "identifier" => AuditReferenceKind.MaskedIdentifier,
            "caller-identifier" => AuditReferenceKind.CallerIdentifier,
            _ => AuditReferenceKind.Other,
        };
        return new(kind, kind == AuditReferenceKind.Other ? raw : rest, raw);
    }

    private static AuditReferenceKind Applicant(ref string rest)
    {
        if (rest.StartsWith("card:", StringComparison.Ordinal))
        {
            rest = rest["card:".Length..];
            return AuditReferenceKind.ApplicantCertificate;
        }

        if (rest.StartsWith("e-onay:", StringComparison.Ordinal))
        {
            rest = rest["e-onay:".Length..];
            return Guid.TryParse(rest, out _) ? AuditReferenceKind.ApplicantConsent : AuditReferenceKind.Other;
        }

        return Guid.TryParse(rest, out _) ? AuditReferenceKind.Application : AuditReferenceKind.ApplicantMasked;
    }
}
