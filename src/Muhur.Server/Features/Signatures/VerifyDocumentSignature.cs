using System.Security.Cryptography.X509Certificates;
using Muhur.Pki.Identity;
using Muhur.Pki.Verification;
using Muhur.Server.Data;
using Muhur.Server.Features.CertificateAuthority;
using Muhur.Server.Features.Certificates;

namespace Muhur.Server.Features.Signatures;

/// <summary>The three verdicts of ETSI EN 319 102-1 §5.1.3: TOTAL-PASSED, TOTAL-FAILED, INDETERMINATE.</summary>
internal enum DocumentVerdict
{
    Valid,
    Invalid,
    Indeterminate,
}

internal sealed record DocumentVerification(
    DocumentVerdict Verdict,
    string ReasonKey,
    string? SignerName = null,
    string? SignerIdentifier = null,
    DateTimeOffset? SigningTime = null,
    string? CertificateSerial = null,
    IReadOnlyList<string>? Chain = null,
    CertificateStatus? Status = null,
    DateTimeOffset? StatusChangedAt = null);

/// <summary>
/// R-CARD-5: verifies a CAdES signature (attached, or detached with its file) or the PAdES signatures of a PDF as an
/// EBYS would ask the centre to, with the verification core (<see cref="CadesVerifier"/>) that muhur-imza uses too: the
/// chain must run through our issuing CA to our root, and the status comes from our own records
/// (<see cref="RecordedCertificateStatus"/>). This class only words the core's findings for the /dogrula page.
/// </summary>
internal sealed class VerifyDocumentSignature(MuhurDbContext db, ActiveCertificateAuthority authority)
{
    public async Task<DocumentVerification> RunAsync(byte[] signature, byte[]? content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(signature);
        var ca = await authority.GetAsync(cancellationToken);
        return Present(await Verifier(ca).VerifyAsync(signature, content, cancellationToken), ca);
    }

    /// <summary>PAdES (ETSI EN 319 142-1): one verdict per signature in the PDF.</summary>
    public async Task<IReadOnlyList<DocumentVerification>> RunPdfAsync(byte[] pdf, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pdf);
        var ca = await authority.GetAsync(cancellationToken);
        var verification = await Verifier(ca).VerifyPdfAsync(pdf, cancellationToken);
        return verification.Finding switch
        {
            PdfFinding.Malformed => [new DocumentVerification(DocumentVerdict.Invalid, "Verify_PdfMalformed")],
            PdfFinding.NoSignature => [new DocumentVerification(DocumentVerdict.Invalid, "Verify_PdfUnsigned")],
            _ => [.. verification.Signatures.Select(s => s.Finding switch
            {
                PdfFinding.Unsupported => new DocumentVerification(DocumentVerdict.Invalid, "Verify_PdfUnsupported"),
                PdfFinding.ChangedAfterSigning => new DocumentVerification(DocumentVerdict.Invalid, "Verify_PdfChangedAfterSigning", SigningTime: s.Field.ClaimedSigningTime),
                _ => Present(s.Signature!, ca),
            })],
        };
    }

    private CadesVerifier Verifier(CaSnapshot ca) =>
        new(new TrustAnchors(ca.Root, ca.Issuing, IssuerRequired: true), new RecordedCertificateStatus(db, ca));

    private static DocumentVerification Present(SignatureVerification result, CaSnapshot ca)
    {
        var verdict = result.Verdict switch
        {
            SignatureVerdict.Valid => DocumentVerdict.Valid,
            SignatureVerdict.Invalid => DocumentVerdict.Invalid,
            _ => DocumentVerdict.Indeterminate,
        };
        if (result.Certificate is not { } certificate)
        {
            return new DocumentVerification(verdict, result.Finding == SignatureFinding.SignerUnclear ? "Verify_SignerUnclear"
                : result.Finding == SignatureFinding.ContentMissing ? "Verify_ContentMissing" : "Verify_Malformed");
        }

        var name = certificate.GetNameInfo(X509NameType.SimpleName, false);
        var identifier = SignerCertificate.SubjectSerialNumber(certificate) is { } subjectSerial ? PersonIdentifier.Mask(subjectSerial) : null;
        string[]? chain = result.Chain is null ? null : [ca.Root.GetNameInfo(X509NameType.SimpleName, false), ca.Issuing.GetNameInfo(X509NameType.SimpleName, false), name];
        var status = RecordedCertificateStatus.Status(result.Status);
        var reason = result.Finding switch
        {
            SignatureFinding.Valid => "Verify_Valid",
            SignatureFinding.SigningTimeMalformed => "Verify_SigningTimeMalformed",
            SignatureFinding.SignatureBroken or SignatureFinding.ContentChanged => "Verify_SignatureBroken",
            SignatureFinding.SigningCertificateMissing or SignatureFinding.SigningCertificateMismatch => "Verify_NotCadesBes",
            SignatureFinding.SigningTimeMissing => "Verify_SigningTimeMissing",
            SignatureFinding.NotChained or SignatureFinding.SignerIsRoot or SignatureFinding.StatusUnknown => "Verify_NotOurs",
            SignatureFinding.NotQualified => "Verify_NotQualified",
            SignatureFinding.OutsideValidity => "Verify_OutsideValidity",
            SignatureFinding.RevokedBeforeSigning => $"Verify_{status}BeforeSigning",
            SignatureFinding.RevokedAfterSigning => $"Verify_{status}AfterSigning",
            _ => "Verify_Unexpected",
        };
        return new DocumentVerification(
            verdict, reason, name, identifier, result.SigningTime, certificate.SerialNumber,
            result.Finding is SignatureFinding.NotChained or SignatureFinding.SignerIsRoot or SignatureFinding.StatusUnknown ? null : chain,
            status, result.Status?.RevokedAt);
    }
}
