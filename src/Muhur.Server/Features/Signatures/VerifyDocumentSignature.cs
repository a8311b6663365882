using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using Microsoft.EntityFrameworkCore;
using Muhur.Pki.Identity;
using Muhur.Pki.Signatures;
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
/// R-CARD-5: verifies a CAdES signature (attached, or detached with its file) or the PAdES signatures of a PDF as an EBYS would ask the
/// centre to: the signature over the content, signing-certificate-v2, the chain to the Mühür root, the
/// qualified profile, and the signer's status from our own records. A CAdES-BES signature carries no
/// trusted time, so a certificate revoked or suspended now leaves the result indeterminate unless the
/// change predates even the claimed signing time (ETSI EN 319 102-1 §5.2.6, REVOKED_NO_POE).
/// </summary>
internal sealed class VerifyDocumentSignature(MuhurDbContext db, ActiveCertificateAuthority authority)
{
    public async Task<DocumentVerification> RunAsync(byte[] signature, byte[]? content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(signature);
        var cms = content is null ? new SignedCms() : new SignedCms(new ContentInfo(content), detached: true);
        try
        {
            cms.Decode(signature);
        }
        catch (CryptographicException)
        {
            return new DocumentVerification(DocumentVerdict.Invalid, "Verify_Malformed");
        }

        // Decoding a detached signature without its content yields empty content, not Detached.
        if (content is null && cms.ContentInfo.Content.Length == 0)
        {
            return new DocumentVerification(DocumentVerdict.Indeterminate, "Verify_ContentMissing");
        }

        return await VerifyAsync(cms, claimedSigningTime: null, cancellationToken);
    }

    /// <summary>
    /// PAdES (ETSI EN 319 142-1): each signature in the PDF is verified like a detached CAdES over its /ByteRange.
    /// The newest one must cover the whole file, or the document was changed after signing; its claimed signing time
    /// is /M when the CMS carries no signing-time (§6.3).
    /// </summary>
    public async Task<IReadOnlyList<DocumentVerification>> RunPdfAsync(byte[] pdf, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pdf);
        IReadOnlyList<PdfSignature> signatures;
        try
        {
            signatures = PdfSignatureReader.Read(pdf);
        }
        catch (FormatException)
        {
            return [new DocumentVerification(DocumentVerdict.Invalid, "Verify_PdfMalformed")];
        }

        if (signatures.Count == 0)
        {
            return [new DocumentVerification(DocumentVerdict.Invalid, "Verify_PdfUnsigned")];
        }

        var results = new List<DocumentVerification>(signatures.Count);
        for (var i = 0; i < signatures.Count; i++)
        {
            var signature = signatures[i];
            if (!signature.IsDetachedCms)
            {
                results.Add(new DocumentVerification(DocumentVerdict.Invalid, "Verify_PdfUnsupported"));
                continue;
            }

            if (i == signatures.Count - 1 && !signature.CoversWholeDocument)
            {
                results.Add(new DocumentVerification(DocumentVerdict.Invalid, "Verify_PdfChangedAfterSigning", SigningTime: signature.ClaimedSigningTime));
                continue;
            }

            var cms = new SignedCms(new ContentInfo(signature.SignedContent(pdf)), detached: true);
            try
            {
                cms.Decode(signature.Cms);
            }
            catch (CryptographicException)
            {
                results.Add(new DocumentVerification(DocumentVerdict.Invalid, "Verify_Malformed"));
                continue;
            }

            results.Add(await VerifyAsync(cms, signature.ClaimedSigningTime, cancellationToken));
        }

        return results;
    }

    private async Task<DocumentVerification> VerifyAsync(SignedCms cms, DateTimeOffset? claimedSigningTime, CancellationToken cancellationToken)
    {
        SignerInfo signer;
        X509Certificate2? certificate;
        try
        {
            // SignedCms decodes the certificates and the signed attributes only when asked: damage there shows now.
            if (cms.SignerInfos.Count != 1)
            {
                return new DocumentVerification(DocumentVerdict.Indeterminate, "Verify_SignerUnclear");
            }

            signer = cms.SignerInfos[0];
            certificate = signer.Certificate;
            _ = signer.SignedAttributes.Count;
        }
        catch (CryptographicException)
        {
            return new DocumentVerification(DocumentVerdict.Invalid, "Verify_Malformed");
        }

        if (certificate is null)
        {
            return new DocumentVerification(DocumentVerdict.Indeterminate, "Verify_SignerUnclear");
        }

        var name = certificate.GetNameInfo(X509NameType.SimpleName, false);
        var serialHex = certificate.SerialNumber;
        var identifier = CmsSignerChecks.SubjectSerialNumber(certificate) is { } subjectSerial ? PersonIdentifier.Mask(subjectSerial) : null;
        if (!CmsSignerChecks.TryReadSigningTime(signer, out var signedTime))
        {
            return new DocumentVerification(DocumentVerdict.Invalid, "Verify_SigningTimeMalformed", name, identifier, null, serialHex);
        }

        var signingTime = signedTime ?? claimedSigningTime;
        try
        {
            signer.CheckSignature(verifySignatureOnly: true);
        }
        catch (CryptographicException)
        {
            return new DocumentVerification(DocumentVerdict.Invalid, "Verify_SignatureBroken", name, identifier, signingTime, serialHex);
        }

        var signingCertificate = CmsSignerChecks.ReadSigningCertificateV2(signer);
        if (signingCertificate is null
            || !CryptographicOperations.FixedTimeEquals(signingCertificate.Value.Hash, CryptographicOperations.HashData(signingCertificate.Value.Algorithm, certificate.RawData)))
        {
            return new DocumentVerification(DocumentVerdict.Invalid, "Verify_NotCadesBes", name, identifier, signingTime, serialHex);
        }

        var ca = await authority.GetAsync(cancellationToken);
        var serial = certificate.SerialNumberBytes.ToArray();
        var issued = await db.Certificates.AsNoTracking().SingleOrDefaultAsync(c => c.Serial == serial && c.IssuerId == ca.IssuingRow.Id, cancellationToken);
        if (issued is null || !issued.Der.AsSpan().SequenceEqual(certificate.RawData) || !CmsSignerChecks.ChainsToOurRoot(certificate, ca))
        {
            return new DocumentVerification(DocumentVerdict.Indeterminate, "Verify_NotOurs", name, identifier, signingTime, serialHex);
        }

        string[] chain = [ca.Root.GetNameInfo(X509NameType.SimpleName, false), ca.Issuing.GetNameInfo(X509NameType.SimpleName, false), name];
        if (!CmsSignerChecks.IsQualified(certificate))
        {
            return new DocumentVerification(DocumentVerdict.Invalid, "Verify_NotQualified", name, identifier, signingTime, serialHex, chain);
        }

        var at = signingTime ?? DateTimeOffset.UtcNow;
        if (at < issued.NotBefore || at > issued.NotAfter)
        {
            return new DocumentVerification(DocumentVerdict.Invalid, "Verify_OutsideValidity", name, identifier, signingTime, serialHex, chain, issued.Status);
        }

        if (issued.Status != CertificateStatus.Good)
        {
            var before = issued.RevokedAt <= at;
            return new DocumentVerification(
                before ? DocumentVerdict.Invalid : DocumentVerdict.Indeterminate,
                before ? $"Verify_{issued.Status}BeforeSigning" : $"Verify_{issued.Status}AfterSigning",
                name, identifier, signingTime, serialHex, chain, issued.Status, issued.RevokedAt);
        }

        return new DocumentVerification(DocumentVerdict.Valid, "Verify_Valid", name, identifier, signingTime, serialHex, chain, issued.Status);
    }
}
