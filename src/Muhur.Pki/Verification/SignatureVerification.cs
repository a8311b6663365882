using System.Security.Cryptography.X509Certificates;

namespace Muhur.Pki.Verification;

/// <summary>The three verdicts of ETSI EN 319 102-1 §5.1.3: TOTAL-PASSED, TOTAL-FAILED, INDETERMINATE.</summary>
public enum SignatureVerdict
{
    Valid,
    Invalid,
    Indeterminate,
}

/// <summary>Why a signature got its verdict; the first check that did not pass, in the order <see cref="CadesVerifier"/> runs them.</summary>
public enum SignatureFinding
{
    Valid,

    /// <summary>Not a CMS SignedData.</summary>
    Malformed,

    /// <summary>A detached signature given without its content.</summary>
    ContentMissing,

    /// <summary>The signer certificate or the signed attributes, decoded lazily, are damaged.</summary>
    SignerUnreadable,

    /// <summary>Not exactly one signer, or no signer certificate in the signature (EN 319 102-1 NO_SIGNING_CERTIFICATE_FOUND).</summary>
    SignerUnclear,

    /// <summary>A signing-time attribute that is not exactly one valid Time.</summary>
    SigningTimeMalformed,

    /// <summary>The signature value does not verify, or content-type is wrong (SIG_CRYPTO_FAILURE).</summary>
    SignatureBroken,

    /// <summary>The signature does not verify because the content's digest is not the signed message-digest (HASH_FAILURE).</summary>
    ContentChanged,

    /// <summary>No readable signing-certificate-v2 (not CAdES-BES).</summary>
    SigningCertificateMissing,

    /// <summary>signing-certificate-v2 names another certificate by certHash or issuerSerial.</summary>
    SigningCertificateMismatch,

    /// <summary>Neither a signing-time attribute nor a claimed time (a PDF's /M).</summary>
    SigningTimeMissing,

    /// <summary>No chain to the trusted root (NO_CERTIFICATE_CHAIN_FOUND).</summary>
    NotChained,

    /// <summary>The signer certificate is the trusted root itself.</summary>
    SignerIsRoot,

    /// <summary>Not a qualified certificate for signatures (no nonRepudiation or no QcCompliance).</summary>
    NotQualified,

    /// <summary>A certificate of the chain is outside its validity period at the signing time.</summary>
    OutsideValidity,

    /// <summary>The status source does not know the certificate.</summary>
    StatusUnknown,

    /// <summary>The status source could not be asked.</summary>
    StatusUnavailable,

    /// <summary>Revoked or suspended at or before the signing time (REVOKED).</summary>
    RevokedBeforeSigning,

    /// <summary>Revoked or suspended after the claimed signing time, which nothing proves (REVOKED_NO_POE).</summary>
    RevokedAfterSigning,
}

/// <summary>The result of verifying one CMS signature.</summary>
/// <param name="Finding">The first check that did not pass, or <see cref="SignatureFinding.Valid"/>.</param>
/// <param name="Certificate">The signer certificate, once known.</param>
/// <param name="SigningTime">The signed signing-time, else the claimed one (a PDF's /M), once known.</param>
/// <param name="Chain">Signer first, root last, once built.</param>
/// <param name="Status">The status source's answer, once asked.</param>
/// <param name="ChainProblem">For <see cref="SignatureFinding.NotChained"/>, what the chain engine reported.</param>
public sealed record SignatureVerification(
    SignatureFinding Finding,
    X509Certificate2? Certificate = null,
    DateTimeOffset? SigningTime = null,
    IReadOnlyList<X509Certificate2>? Chain = null,
    CertificateStatusAnswer? Status = null,
    string? ChainProblem = null)
{
    /// <summary>
    /// ETSI EN 319 102-1 §5.1.3 and Table 5: a signature that is damaged, changed, not CAdES-BES, not qualified, outside
    /// validity or revoked before signing fails; one whose signer, chain or status cannot be established, or whose
    /// revocation may postdate an unproven signing time, is indeterminate.
    /// </summary>
    public SignatureVerdict Verdict => Finding switch
    {
        SignatureFinding.Valid => SignatureVerdict.Valid,
        SignatureFinding.ContentMissing or SignatureFinding.SignerUnclear or SignatureFinding.NotChained or SignatureFinding.SignerIsRoot
            or SignatureFinding.StatusUnknown or SignatureFinding.StatusUnavailable or SignatureFinding.RevokedAfterSigning => SignatureVerdict.Indeterminate,
        _ => SignatureVerdict.Invalid,
    };
}
