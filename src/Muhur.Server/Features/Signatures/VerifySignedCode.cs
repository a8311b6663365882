using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Muhur.Server.Data;
using Muhur.Server.Features.Audit;
using Muhur.Server.Features.CertificateAuthority;
using Muhur.Server.Features.Certificates;

namespace Muhur.Server.Features.Signatures;

internal enum SignedCodeOutcome
{
    Verified,
    Malformed,
    NotOneSigner,
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
/// Verifies a code signed with the holder's card (R-APP-8, R-EONAY-1): a CMS SignedData (RFC 5652) with
/// one signer whose signature verifies; a CAdES-BES signing-certificate-v2 attribute (RFC 5035 §3) naming
/// the signer certificate; a certificate this centre issued, chaining to our root, qualified (ETSI EN
/// 319 412-5 QcCompliance, nonRepudiation), valid and neither revoked nor suspended at signing time by our
/// own status data; content that is a code we issued, for this purpose and reference, unexpired, for this
/// signer's national ID, and not used before. The code is then spent, once, in one audited transaction.
/// </summary>
internal sealed class VerifySignedCode(
    MuhurDbContext db,
    ActiveCertificateAuthority authority,
    AuditLog audit,
    TimeProvider time)
{
    private const string SigningCertificateV2Oid = "1.2.840.113549.1.9.16.2.47";
    private const string SigningTimeOid = "1.2.840.113549.1.9.5";
    private const string QcStatementsOid = "1.3.6.1.5.5.7.1.3";
    private const string QcComplianceOid = "0.4.0.1862.1.1";
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

        var signer = cms.SignerInfos[0];
        if (signer.Certificate is not { } certificate)
        {
            return new SignedCodeResult(SignedCodeOutcome.NotOurCertificate);
        }

        try
        {
            signer.CheckSignature(verifySignatureOnly: true);
        }
        catch (CryptographicException)
        {
            return new SignedCodeResult(SignedCodeOutcome.SignatureInvalid);
        }

        var signingCertificate = ReadSigningCertificateV2(signer);
        if (signingCertificate is null)
        {
            return new SignedCodeResult(SignedCodeOutcome.NoSigningCertificateV2);
        }

        if (!CryptographicOperations.FixedTimeEquals(signingCertificate.Value.Hash, CryptographicOperations.HashData(signingCertificate.Value.Algorithm, certificate.RawData)))
        {
            return new SignedCodeResult(SignedCodeOutcome.SigningCertificateMismatch);
        }

        var serial = certificate.SerialNumberBytes.ToArray();
        var serialHex = Convert.ToHexString(serial);
        var ca = await authority.GetAsync(cancellationToken);
        var issued = await db.Certificates.AsNoTracking().SingleOrDefaultAsync(c => c.Serial == serial && c.IssuerId == ca.IssuingRow.Id, cancellationToken);
        if (issued is null || !issued.Der.AsSpan().SequenceEqual(certificate.RawData) || !ChainsToOurRoot(certificate, ca))
        {
            return new SignedCodeResult(SignedCodeOutcome.NotOurCertificate, serialHex);
        }

        if (!IsQualified(certificate))
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
        var claimed = ReadSigningTime(signer) ?? now;
        var signingTime = claimed < code.IssuedAt - ClockSkew || claimed > now + ClockSkew ? now : claimed;
        if (signingTime < issued.NotBefore || signingTime > issued.NotAfter)
        {
            return new SignedCodeResult(SignedCodeOutcome.NotValidAtSigningTime, serialHex, signingTime);
        }

        if (issued.Status != CertificateStatus.Good && issued.RevokedAt <= signingTime)
        {
            return new SignedCodeResult(issued.Status == CertificateStatus.Suspended ? SignedCodeOutcome.Suspended : SignedCodeOutcome.Revoked, serialHex, signingTime);
        }

        if (issued.NationalId != code.NationalId)
        {
            return new SignedCodeResult(SignedCodeOutcome.WrongSigner, serialHex, signingTime);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var spent = await db.VerificationCodes
            .Where(c => c.Code == code.Code && c.UsedAt == null)
            .ExecuteUpdateAsync(u => u.SetProperty(c => c.UsedAt, now).SetProperty(c => c.SignerCertificate, serial), cancellationToken);
        if (spent != 1)
        {
            return new SignedCodeResult(SignedCodeOutcome.CodeAlreadyUsed, serialHex, signingTime);
        }

        await audit.AppendAsync(db, $"holder:{issued.NationalId[^2..]}", "code.signed", $"{code.Purpose}:{code.Reference}", new { Certificate = serialHex, SigningTime = signingTime }, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new SignedCodeResult(SignedCodeOutcome.Verified, serialHex, signingTime);
    }

    private static bool ChainsToOurRoot(X509Certificate2 certificate, CaSnapshot ca)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca.Root);
        chain.ChainPolicy.ExtraStore.Add(ca.Issuing);
        // Status comes from our own records, not from fetching our own CRL over HTTP.
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationFlags = X509VerificationFlags.IgnoreNotTimeValid;
        return chain.Build(certificate)
            && chain.ChainElements.Count == 3
            && chain.ChainElements[1].Certificate.RawData.AsSpan().SequenceEqual(ca.Issuing.RawData);
    }

    private static bool IsQualified(X509Certificate2 certificate)
    {
        if (certificate.Extensions.OfType<X509KeyUsageExtension>().SingleOrDefault() is not { } keyUsage
            || !keyUsage.KeyUsages.HasFlag(X509KeyUsageFlags.NonRepudiation)
            || certificate.Extensions[QcStatementsOid] is not { } qcStatements)
        {
            return false;
        }

        try
        {
            var statements = new AsnReader(qcStatements.RawData, AsnEncodingRules.DER).ReadSequence();
            while (statements.HasData)
            {
                var statement = statements.ReadSequence();
                if (statement.ReadObjectIdentifier() == QcComplianceOid)
                {
                    return true;
                }
            }
        }
        catch (AsnContentException)
        {
            return false;
        }

        return false;
    }

    /// <summary>RFC 5035 §5.4: SigningCertificateV2 ::= SEQUENCE { certs SEQUENCE OF ESSCertIDv2, … }; the first names the signer.</summary>
    private static (HashAlgorithmName Algorithm, byte[] Hash)? ReadSigningCertificateV2(SignerInfo signer)
    {
        foreach (var attribute in signer.SignedAttributes)
        {
            if (attribute.Oid.Value != SigningCertificateV2Oid || attribute.Values.Count != 1)
            {
                continue;
            }

            try
            {
                var certs = new AsnReader(attribute.Values[0].RawData, AsnEncodingRules.DER).ReadSequence().ReadSequence();
                var essCertId = certs.ReadSequence();
                var algorithm = HashAlgorithmName.SHA256; // the DEFAULT of ESSCertIDv2.hashAlgorithm
                if (essCertId.PeekTag() == Asn1Tag.Sequence)
                {
                    var algorithmOid = essCertId.ReadSequence().ReadObjectIdentifier();
                    algorithm = algorithmOid switch
                    {
                        "2.16.840.1.101.3.4.2.1" => HashAlgorithmName.SHA256,
                        "2.16.840.1.101.3.4.2.2" => HashAlgorithmName.SHA384,
                        "2.16.840.1.101.3.4.2.3" => HashAlgorithmName.SHA512,
                        _ => default,
                    };
                }

                var hash = essCertId.ReadOctetString();
                return algorithm == default ? null : (algorithm, hash);
            }
            catch (AsnContentException)
            {
                return null;
            }
        }

        return null;
    }

    private static DateTimeOffset? ReadSigningTime(SignerInfo signer)
    {
        foreach (var attribute in signer.SignedAttributes)
        {
            if (attribute.Oid.Value == SigningTimeOid && attribute.Values.Count == 1)
            {
                return new Pkcs9SigningTime(attribute.Values[0].RawData).SigningTime.ToUniversalTime();
            }
        }

        return null;
    }
}
