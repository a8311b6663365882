using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Muhur.Server.Data;
using Muhur.Server.Features.Applications;
using Muhur.Server.Features.Audit;
using Muhur.Server.Features.Signatures;
using Npgsql;

namespace Muhur.Server.Features.ApplicationSigning;

/// <summary>The stable identifiers of a refused signed code (the JSON answer's <c>error</c>; <c>ApplicationSigning_Error_{id}</c> is its text).</summary>
internal static class SignedCodeErrors
{
    public const string BadRequest = "bad_request";
    public const string SignatureMalformed = "signature_malformed";
    public const string CodeMismatch = "code_mismatch";
    public const string SignatureInvalid = "signature_invalid";
    public const string CertificateNotOurs = "certificate_not_ours";
    public const string CertificateNotQualified = "certificate_not_qualified";
    public const string CertificateExpired = "certificate_expired";
    public const string CertificateSuspended = "certificate_suspended";
    public const string CertificateRevoked = "certificate_revoked";
    public const string UnknownCode = "unknown_code";
    public const string ForeignCode = "foreign_code";
    public const string CodeExpired = "code_expired";
    public const string CodeUsed = "code_used";
    public const string NotAwaitingSignature = "not_awaiting_signature";
    public const string ConsentExists = "consent_exists";

    public static IReadOnlyList<string> All { get; } =
    [
        BadRequest, SignatureMalformed, CodeMismatch, SignatureInvalid, CertificateNotOurs, CertificateNotQualified, CertificateExpired,
        CertificateSuspended, CertificateRevoked, UnknownCode, ForeignCode, CodeExpired, CodeUsed, NotAwaitingSignature, ConsentExists,
    ];

    /// <summary>The HTTP status of each refusal: the request's shape, a conflict with what was done before, or a refused signature.</summary>
    public static int StatusCode(string error) => error switch
    {
        BadRequest or SignatureMalformed => StatusCodes.Status400BadRequest,
        ForeignCode => StatusCodes.Status403Forbidden,
        UnknownCode => StatusCodes.Status404NotFound,
        CodeUsed or NotAwaitingSignature or ConsentExists => StatusCodes.Status409Conflict,
        CodeExpired => StatusCodes.Status410Gone,
        _ => StatusCodes.Status422UnprocessableEntity,
    };

    public static string From(SignedCodeOutcome outcome) => outcome switch
    {
        SignedCodeOutcome.Malformed or SignedCodeOutcome.NotOneSigner => SignatureMalformed,
        SignedCodeOutcome.SignatureInvalid or SignedCodeOutcome.SigningTimeMalformed
            or SignedCodeOutcome.NoSigningCertificateV2 or SignedCodeOutcome.SigningCertificateMismatch => SignatureInvalid,
        SignedCodeOutcome.NotOurCertificate => CertificateNotOurs,
        SignedCodeOutcome.NotQualified => CertificateNotQualified,
        SignedCodeOutcome.NotValidAtSigningTime => CertificateExpired,
        SignedCodeOutcome.Suspended => CertificateSuspended,
        SignedCodeOutcome.Revoked => CertificateRevoked,
        SignedCodeOutcome.UnknownCode => UnknownCode,
        SignedCodeOutcome.WrongPurpose or SignedCodeOutcome.WrongSigner => ForeignCode,
        SignedCodeOutcome.CodeExpired => CodeExpired,
        SignedCodeOutcome.CodeAlreadyUsed => CodeUsed,
        _ => SignatureInvalid,
    };
}

/// <summary>
/// The signed code that <c>muhur-imza sign-code --gonder</c> posts (R-APP-8, R-EONAY-1). The code names what it
/// approves: for <see cref="CodePurpose.Application"/> the application goes to ESigned, straight to the centre; for
/// <see cref="CodePurpose.EOnayConsent"/> the person's E-Onay consent is recorded. <see cref="VerifySignedCode"/>
/// checks signature, chain, qualified profile, status, purpose, reference, person, expiry and single use; it runs
/// inside this action's transaction, so the code is spent only together with the state change, the audit entries
/// and the mail, and a refusal leaves nothing behind.
/// </summary>
internal sealed partial class AcceptSignedCode(
    MuhurDbContext db,
    VerifySignedCode verify,
    ChangeApplicationState change,
    AuditLog audit,
    SigningMails mails,
    TimeProvider time,
    ILogger<AcceptSignedCode> logger)
{
    /// <summary>A CAdES-BES over a code with its certificate is a few kilobytes; anything far larger is not one.</summary>
    public const int MaxSignatureLength = 64 * 1024;

    /// <returns>Null when accepted, else a <see cref="SignedCodeErrors"/> identifier.</returns>
    public async Task<string?> RunAsync(string? codeText, string? signatureBase64, CancellationToken cancellationToken)
    {
        var error = await TryRunAsync(codeText, signatureBase64, cancellationToken);
        if (error is not null)
        {
            // Neither the code nor anything personal: the code would let a reader replay a lost race.
            LogRefused(logger, error);
        }

        return error;
    }

    private async Task<string?> TryRunAsync(string? codeText, string? signatureBase64, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(codeText) || codeText.Length > 32
            || string.IsNullOrWhiteSpace(signatureBase64) || signatureBase64.Length > MaxSignatureLength * 4 / 3 + 4)
        {
            return SignedCodeErrors.BadRequest;
        }

        byte[] signature;
        try
        {
            signature = Convert.FromBase64String(signatureBase64.Trim());
        }
        catch (FormatException)
        {
            return SignedCodeErrors.BadRequest;
        }

        var code = codeText.Trim().ToUpperInvariant();
        if (SignedContent(signature) is not { } signedCode)
        {
            return SignedCodeErrors.SignatureMalformed;
        }

        if (!string.Equals(signedCode, code, StringComparison.Ordinal))
        {
            return SignedCodeErrors.CodeMismatch;
        }

        var issued = await db.VerificationCodes.AsNoTracking().SingleOrDefaultAsync(c => c.Code == code, cancellationToken);
        if (issued is null || issued.Purpose is not (CodePurpose.Application or CodePurpose.EOnayConsent)
            || !Guid.TryParse(issued.Reference, out var applicationId))
        {
            return SignedCodeErrors.UnknownCode;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var application = await change.LockAsync(applicationId, cancellationToken);
        if (application is null)
        {
            return SignedCodeErrors.UnknownCode;
        }

        var person = await db.People.AsNoTracking().SingleAsync(p => p.Id == application.PersonId, cancellationToken);
        if (issued.Purpose == CodePurpose.Application && application.State != ApplicationState.PhoneApproved)
        {
            return application.State == ApplicationState.ESigned ? SignedCodeErrors.CodeUsed : SignedCodeErrors.NotAwaitingSignature;
        }

        if (issued.Purpose == CodePurpose.EOnayConsent && await ReadSigningOffer.ConsentInForce(db, person).AnyAsync(cancellationToken))
        {
            return SignedCodeErrors.ConsentExists;
        }

        var verified = await verify.RunAsync(signature, issued.Purpose, issued.Reference, cancellationToken);
        if (verified.Outcome != SignedCodeOutcome.Verified)
        {
            return SignedCodeErrors.From(verified.Outcome);
        }

        // VerifySignedCode matched the identifier number; a passport number is unique only within its country.
        var serialHex = verified.CertificateSerial!;
        var serial = Convert.FromHexString(serialHex);
        var holder = await db.Certificates.Where(c => c.Serial == serial)
            .Join(db.People, c => c.PersonId, p => p.Id, (c, p) => new { p.IdentifierKind, p.IdentifierCountry })
            .SingleAsync(cancellationToken);
        if (holder.IdentifierKind != person.IdentifierKind || holder.IdentifierCountry != person.IdentifierCountry)
        {
            return SignedCodeErrors.ForeignCode;
        }

        var now = time.GetUtcNow();
        var actor = $"applicant:card:{serialHex}";
        if (issued.Purpose == CodePurpose.Application)
        {
            var changed = await change.ApplyAsync(application, ApplicationEvent.ESign, actor, null, cancellationToken);
            if (!changed.Changed)
            {
                return SignedCodeErrors.NotAwaitingSignature;
            }

            db.OutboxMessages.Add(mails.ReachedCentre(person, SigningMethod.ESigned, now));
        }
        else
        {
            var consent = EOnayConsent.Give(person.Id, code, serial, now);
            db.Add(consent);
            await audit.AppendAsync(db, actor, AuditActions.EOnayConsentGiven, $"person:{person.Id}",
                new { Consent = consent.Id, Certificate = serialHex, Application = application.Id }, cancellationToken);
            db.OutboxMessages.Add(mails.Consent(person, given: true, now));
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // Another consent of this registration was recorded in between (eonay_consents_in_force_idx).
            return SignedCodeErrors.ConsentExists;
        }

        await transaction.CommitAsync(cancellationToken);
        return null;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Signed code refused: {Error}")]
    private static partial void LogRefused(ILogger logger, string error);

    /// <summary>The code inside the CMS (attached content), or null when it is no CMS with content.</summary>
    private static string? SignedContent(byte[] signature)
    {
        try
        {
            var cms = new SignedCms();
            cms.Decode(signature);
            return cms.Detached ? null : Encoding.UTF8.GetString(cms.ContentInfo.Content).Trim();
        }
        catch (CryptographicException)
        {
            return null;
        }
    }
}
