using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using Muhur.Pki.Signatures;

namespace Muhur.Pki.Verification;

/// <summary>
/// R-CARD-5: verifies a CAdES-BES signature (ETSI EN 319 122-1), attached or detached, or each PAdES signature of a
/// PDF (EN 319 142-1), the way both the server's /dogrula and muhur-imza verify do; they differ only in the
/// <see cref="ICertificateStatusSource"/> (the CA's records, or OCSP) and in how they word the result. In order: one
/// signer with its certificate; signing-time well formed; the signature over the content (telling a changed file from a
/// broken signature); signing-certificate-v2 naming the signer certificate by certHash and issuerSerial (RFC 5035);
/// content-type (RFC 5652 §11.1); a signing time (signed, or a PDF's /M); the chain to the trusted root; the qualified profile; validity of
/// the chain at the signing time; then the status. A CAdES-BES signature carries no trusted time, so a revocation after
/// the claimed signing time leaves the result indeterminate (EN 319 102-1 §5.2.6, REVOKED_NO_POE).
/// </summary>
public sealed class CadesVerifier(TrustAnchors trust, ICertificateStatusSource statusSource)
{
    /// <summary>A CAdES file: <paramref name="content"/> null for an attached signature.</summary>
    public async Task<SignatureVerification> VerifyAsync(byte[] signature, byte[]? content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(signature);
        if (Decode(signature, content) is not { } cms)
        {
            return new SignatureVerification(SignatureFinding.Malformed);
        }

        // Decoding a detached signature without its content yields empty content, not Detached.
        if (content is null && cms.ContentInfo.Content.Length == 0)
        {
            return new SignatureVerification(SignatureFinding.ContentMissing);
        }

        return await VerifyAsync(cms, claimedSigningTime: null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// PAdES (ETSI EN 319 142-1): each signature in the PDF, oldest first, verified like a detached CAdES over its
    /// /ByteRange. The newest one must cover the whole file, or the document was changed after signing; its claimed
    /// signing time is /M when the CMS carries no signing-time (§6.3).
    /// </summary>
    public async Task<PdfVerification> VerifyPdfAsync(byte[] pdf, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pdf);
        IReadOnlyList<PdfSignature> signatures;
        try
        {
            signatures = PdfSignatureReader.Read(pdf);
        }
        catch (FormatException)
        {
            return new PdfVerification(PdfFinding.Malformed, []);
        }

        if (signatures.Count == 0)
        {
            return new PdfVerification(PdfFinding.NoSignature, []);
        }

        var results = new List<PdfSignatureVerification>(signatures.Count);
        for (var i = 0; i < signatures.Count; i++)
        {
            var signature = signatures[i];
            if (!signature.IsDetachedCms)
            {
                results.Add(new PdfSignatureVerification(signature, PdfFinding.Unsupported, null));
            }
            else if (i == signatures.Count - 1 && !signature.CoversWholeDocument)
            {
                results.Add(new PdfSignatureVerification(signature, PdfFinding.ChangedAfterSigning, null));
            }
            else if (Decode(signature.Cms, signature.SignedContent(pdf)) is not { } cms)
            {
                results.Add(new PdfSignatureVerification(signature, PdfFinding.Signature, new SignatureVerification(SignatureFinding.Malformed)));
            }
            else
            {
                var verification = await VerifyAsync(cms, signature.ClaimedSigningTime, cancellationToken).ConfigureAwait(false);
                results.Add(new PdfSignatureVerification(signature, PdfFinding.Signature, verification));
            }
        }

        return new PdfVerification(PdfFinding.Signature, results);
    }

    /// <summary>One decoded CMS signature; <paramref name="claimedSigningTime"/> is the time claimed outside the CMS (a PDF's /M).</summary>
    public async Task<SignatureVerification> VerifyAsync(SignedCms cms, DateTimeOffset? claimedSigningTime, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cms);
        var inspected = Inspect(cms, claimedSigningTime, requireSigningTime: true);
        if (inspected.Finding != SignatureFinding.Valid)
        {
            return inspected;
        }

        var at = inspected.SigningTime!.Value;
        if (!SignerCertificate.ValidAt(inspected.Chain!, at))
        {
            return inspected with { Finding = SignatureFinding.OutsideValidity };
        }

        var status = await statusSource.GetStatusAsync(inspected.Certificate!, inspected.Chain![1], cancellationToken).ConfigureAwait(false);
        return Judge(inspected, status, at);
    }

    /// <summary>
    /// Every check that needs neither the status nor a decision on the signing time: signer, signing-time, signature,
    /// content-type, signing-certificate-v2, (when <paramref name="requireSigningTime"/>) a signing time, chain, qualified
    /// profile. <see cref="SignatureFinding.Valid"/> here means "no fault so far".
    /// </summary>
    public SignatureVerification Inspect(SignedCms cms, DateTimeOffset? claimedSigningTime, bool requireSigningTime)
    {
        ArgumentNullException.ThrowIfNull(cms);
        SignerInfo signer;
        X509Certificate2? certificate;
        try
        {
            // SignedCms decodes the certificates and the signed attributes only when asked: damage there shows now.
            if (cms.SignerInfos.Count != 1)
            {
                return new SignatureVerification(SignatureFinding.SignerUnclear);
            }

            signer = cms.SignerInfos[0];
            certificate = signer.Certificate;
            _ = signer.SignedAttributes.Count;
        }
        catch (CryptographicException)
        {
            return new SignatureVerification(SignatureFinding.SignerUnreadable, SigningTime: claimedSigningTime);
        }

        if (certificate is null)
        {
            return new SignatureVerification(SignatureFinding.SignerUnclear);
        }

        if (!CadesAttributes.TryReadSigningTime(signer, out var signedTime))
        {
            return new SignatureVerification(SignatureFinding.SigningTimeMalformed, certificate);
        }

        var signingTime = signedTime ?? claimedSigningTime;
        try
        {
            signer.CheckSignature(verifySignatureOnly: true);
        }
        catch (CryptographicException)
        {
            var finding = CadesAttributes.MessageDigestMatches(signer, cms.ContentInfo.Content) ? SignatureFinding.SignatureBroken : SignatureFinding.ContentChanged;
            return new SignatureVerification(finding, certificate, signingTime);
        }

        switch (CadesAttributes.CheckSigningCertificateV2(signer, certificate))
        {
            case SigningCertificateMatch.Missing:
                return new SignatureVerification(SignatureFinding.SigningCertificateMissing, certificate, signingTime);
            case SigningCertificateMatch.Mismatch:
                return new SignatureVerification(SignatureFinding.SigningCertificateMismatch, certificate, signingTime);
        }

        if (!CadesAttributes.ContentTypeMatches(signer, cms.ContentInfo.ContentType.Value ?? ""))
        {
            return new SignatureVerification(SignatureFinding.SignatureBroken, certificate, signingTime);
        }

        if (requireSigningTime && signingTime is null)
        {
            return new SignatureVerification(SignatureFinding.SigningTimeMissing, certificate);
        }

        var chain = SignerCertificate.BuildChain(certificate, trust, cms.Certificates);
        if (!chain.Found)
        {
            return new SignatureVerification(SignatureFinding.NotChained, certificate, signingTime, ChainProblem: chain.Problem);
        }

        if (chain.Chain.Count < 2)
        {
            return new SignatureVerification(SignatureFinding.SignerIsRoot, certificate, signingTime);
        }

        return SignerCertificate.IsQualified(certificate)
            ? new SignatureVerification(SignatureFinding.Valid, certificate, signingTime, chain.Chain)
            : new SignatureVerification(SignatureFinding.NotQualified, certificate, signingTime, chain.Chain);
    }

    /// <summary>
    /// The verdict on an inspected signature at the signing time <paramref name="at"/>: the chain's validity, then the
    /// status (RFC 5280 §5.3.1: a hold suspends like a revocation; ETSI EN 319 102-1 §5.2.6 for a change after it).
    /// </summary>
    public static SignatureVerification Judge(SignatureVerification inspected, CertificateStatusAnswer status, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(inspected);
        ArgumentNullException.ThrowIfNull(status);
        if (inspected.Finding != SignatureFinding.Valid)
        {
            return inspected;
        }

        var result = inspected with { Status = status };
        if (!SignerCertificate.ValidAt(inspected.Chain ?? [], at))
        {
            return result with { Finding = SignatureFinding.OutsideValidity };
        }

        return status.Kind switch
        {
            CertificateStatusKind.Good => result,
            CertificateStatusKind.Unknown => result with { Finding = SignatureFinding.StatusUnknown },
            CertificateStatusKind.Unavailable => result with { Finding = SignatureFinding.StatusUnavailable },
            _ when status.RevokedAt is { } revokedAt && revokedAt > at => result with { Finding = SignatureFinding.RevokedAfterSigning },
            _ => result with { Finding = SignatureFinding.RevokedBeforeSigning },
        };
    }

    private static SignedCms? Decode(byte[] signature, byte[]? content)
    {
        var cms = content is null ? new SignedCms() : new SignedCms(new ContentInfo(content), detached: true);
        try
        {
            cms.Decode(signature);
            return cms;
        }
        catch (CryptographicException)
        {
            return null;
        }
    }
}

/// <summary>What is wrong with a PDF as a whole, or with one of its signatures before the CMS is looked at.</summary>
public enum PdfFinding
{
    /// <summary>The signature's verdict is in <see cref="PdfSignatureVerification.Signature"/>.</summary>
    Signature,

    /// <summary>A signature field's /ByteRange or /Contents cannot be read.</summary>
    Malformed,

    /// <summary>The PDF has no signature.</summary>
    NoSignature,

    /// <summary>A /SubFilter other than a detached CMS.</summary>
    Unsupported,

    /// <summary>The newest signature does not cover the whole file: bytes were added after signing.</summary>
    ChangedAfterSigning,
}

/// <summary>A PDF's verification: <see cref="PdfFinding.Malformed"/> or <see cref="PdfFinding.NoSignature"/> with no signatures, else one entry per signature.</summary>
public sealed record PdfVerification(PdfFinding Finding, IReadOnlyList<PdfSignatureVerification> Signatures);

/// <summary>One PDF signature: a finding about the field, or (<see cref="PdfFinding.Signature"/>) the CMS verification.</summary>
public sealed record PdfSignatureVerification(PdfSignature Field, PdfFinding Finding, SignatureVerification? Signature)
{
    /// <summary>Unsupported and changed-after-signing are failures of the signature (EN 319 102-1 FORMAT_FAILURE, HASH_FAILURE).</summary>
    public SignatureVerdict Verdict => Signature?.Verdict ?? SignatureVerdict.Invalid;
}
