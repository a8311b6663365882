using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Muhur.Pki.Verification;
using Muhur.Server.Data;
using Muhur.Server.Features.Audit;
using Muhur.Server.Features.CertificateAuthority;

namespace Muhur.Server.Features.Signatures;

internal enum SignedCodeOutcome
{
    Verified,
    Malformed,
    NotOneSigner,
    SigningTimeMalformed,
    SignatureInvalid,
    NoSigningCertificateV2,
    SigningCertificateMismatch,
    NotOurCertificate,
    NotQualified,
    NotValidAtSigningTime,
    Suspended,
    Revoked,
    UnknownCode,
    WrongPurpose,
    CodeExpired,
    CodeAlreadyUsed,
    WrongSigner,
}

internal sealed record SignedCodeResult(SignedCodeOutcome Outcome, string? CertificateSerial = null, DateTimeOffset? SigningTime = null);

/// <summary>
/// Verifies a code signed with the holder's card (R-APP-8, R-EONAY-1) with the verification core
/// (<see cref="CadesVerifier"/>): a CMS SignedData (RFC 5652) with one signer whose signature verifies; a
/// well-formed signing-time if any; a CAdES-BES signing-certificate-v2 attribute (RFC 5035 §3) naming the signer
/// certificate by hash and issuerSerial; a certificate this centre issued, chaining to our root, qualified (ETSI EN
/// 319 412-5 QcCompliance, nonRepudiation), valid and neither revoked nor suspended at signing time by our
/// own status data (<see cref="RecordedCertificateStatus"/>); content that is a code we issued, for this purpose and reference, unexpired, for this
/// signer's national ID, and not used before. The code is then spent, once, in one audited transaction.
/// </summary>
internal sealed class VerifySignedCode(
    MuhurDbContext db,
    ActiveCertificateAuthority authority,
    AuditLog audit,
    TimeProvider time)
{
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    public async Task<SignedCodeResult> RunAsync(
        byte[] signedData, CodePurpose purpose, string reference, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(signedData);
        var cms = new SignedCms();
        try
        {
            cms.Decode(signedData);
        }
        catch (CryptographicException)
        {
            return new SignedCodeResult(SignedCodeOutcome.Malformed);
        }

        if (cms.Detached || cms.SignerInfos.Count != 1)
        {
            return new SignedCodeResult(cms.Detached ? SignedCodeOutcome.Malformed : SignedCodeOutcome.NotOneSigner);
        }

        // The core's checks, without its demand for a signing time: the code's own life bounds the time below.
        var ca = await authority.GetAsync(cancellationToken);
        var inspected = new CadesVerifier(new TrustAnchors(ca.Root, ca.Issuing, IssuerRequired: true), new RecordedCertificateStatus(db, ca))
            .Inspect(cms, claimedSigningTime: null, requireSigningTime: false);
        var serialHex = inspected.Certificate is { } signerCertificate ? Convert.ToHexString(signerCertificate.SerialNumberBytes.Span) : null;
        var refused = inspected.Finding switch
        {
            SignatureFinding.Valid or SignatureFinding.NotQualified => (SignedCodeOutcome?)null,
            SignatureFinding.SignerUnclear or SignatureFinding.NotChained or SignatureFinding.SignerIsRoot => SignedCodeOutcome.NotOurCertificate,
            SignatureFinding.SigningTimeMalformed => SignedCodeOutcome.SigningTimeMalformed,
            SignatureFinding.SignatureBroken or SignatureFinding.ContentChanged => SignedCodeOutcome.SignatureInvalid,
            SignatureFinding.SigningCertificateMissing => SignedCodeOutcome.NoSigningCertificateV2,
            SignatureFinding.SigningCertificateMismatch => SignedCodeOutcome.SigningCertificateMismatch,
            _ => SignedCodeOutcome.Malformed,
        };
        if (refused is { } outcome)
        {
            return new SignedCodeResult(outcome, serialHex);
        }

        var certificate = inspected.Certificate!;
        var serial = certificate.SerialNumberBytes.ToArray();
        var issued = await new RecordedCertificateStatus(db, ca).FindAsync(certificate, cancellationToken);
        if (issued is null)
        {
            return new SignedCodeResult(SignedCodeOutcome.NotOurCertificate, serialHex);
        }

        if (inspected.Finding == SignatureFinding.NotQualified)
        {
            return new SignedCodeResult(SignedCodeOutcome.NotQualified, serialHex);
        }

        var text = Encoding.UTF8.GetString(cms.ContentInfo.Content).Trim();
        var code = await db.VerificationCodes.SingleOrDefaultAsync(c => c.Code == text, cancellationToken);
        if (code is null)
        {
            return new SignedCodeResult(SignedCodeOutcome.UnknownCode, serialHex);
        }

        if (code.Purpose != purpose || code.Reference != reference)
        {
            return new SignedCodeResult(SignedCodeOutcome.WrongPurpose, serialHex);
        }

        var now = time.GetUtcNow();
        if (now > code.ExpiresAt)
        {
            return new SignedCodeResult(SignedCodeOutcome.CodeExpired, serialHex);
        }

        if (code.UsedAt is not null)
        {
            return new SignedCodeResult(SignedCodeOutcome.CodeAlreadyUsed, serialHex);
        }

        // The signer's own clock cannot move the signature outside the code's life.
        var claimed = inspected.SigningTime ?? now;
        var signingTime = claimed < code.IssuedAt - ClockSkew || claimed > now + ClockSkew ? now : claimed;
        var judged = CadesVerifier.Judge(inspected, RecordedCertificateStatus.Answer(issued), signingTime);
        if (judged.Finding == SignatureFinding.OutsideValidity)
        {
            return new SignedCodeResult(SignedCodeOutcome.NotValidAtSigningTime, serialHex, signingTime);
        }

        if (judged.Finding == SignatureFinding.RevokedBeforeSigning)
        {
            return new SignedCodeResult(judged.Status!.IsSuspension ? SignedCodeOutcome.Suspended : SignedCodeOutcome.Revoked, serialHex, signingTime);
        }

        // The code names the person by identifier number; the certificate's holder is a registration (people).
        var holderNumber = await db.People.Where(p => p.Id == issued.PersonId).Select(p => p.IdentifierNumber).SingleAsync(cancellationToken);
        if (holderNumber != code.NationalId)
        {
            return new SignedCodeResult(SignedCodeOutcome.WrongSigner, serialHex, signingTime);
        }

        // Inside the caller's transaction when there is one (an application's state changes with the code spent,
        // R-APP-8); the caller then commits or rolls back both.
        await using var own = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        var spent = await db.VerificationCodes
            .Where(c => c.Code == code.Code && c.UsedAt == null)
            .ExecuteUpdateAsync(u => u.SetProperty(c => c.UsedAt, now).SetProperty(c => c.SignerCertificate, serial), cancellationToken);
        if (spent != 1)
        {
            return new SignedCodeResult(SignedCodeOutcome.CodeAlreadyUsed, serialHex, signingTime);
        }

        await audit.AppendAsync(db, $"holder:{issued.PersonId}", AuditActions.CodeSigned, $"{code.Purpose}:{code.Reference}", new { Certificate = serialHex, SigningTime = signingTime }, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        if (own is not null)
        {
            await own.CommitAsync(cancellationToken);
        }

        return new SignedCodeResult(SignedCodeOutcome.Verified, serialHex, signingTime);
    }
}
