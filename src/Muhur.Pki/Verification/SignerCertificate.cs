using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Muhur.Pki.Authority;

namespace Muhur.Pki.Verification;

/// <summary>The certificates a verification trusts: the root, and the issuing CA when known.</summary>
/// <param name="Root">The trust anchor the chain must end in.</param>
/// <param name="Issuer">An intermediate certificate offered for the chain, or null.</param>
/// <param name="IssuerRequired">Whether the chain must be exactly signer, <paramref name="Issuer"/>, root (the server,
/// which verifies only what its own issuing CA issued).</param>
public sealed record TrustAnchors(X509Certificate2 Root, X509Certificate2? Issuer = null, bool IssuerRequired = false);

/// <summary>The outcome of building the signer's chain.</summary>
/// <param name="Chain">Signer first, root last; empty when no chain to the root was found.</param>
/// <param name="Problem">When no chain was found, the chain engine's status flags (X509ChainStatusFlags names).</param>
public sealed record ChainResult(IReadOnlyList<X509Certificate2> Chain, string? Problem)
{
    public bool Found => Chain.Count > 0;
}

/// <summary>Checks of the signer certificate itself: its chain, its qualified profile, its subject serialNumber.</summary>
public static class SignerCertificate
{
    /// <summary>
    /// Builds the chain from <paramref name="certificate"/> to <paramref name="trust"/>'s root (RFC 5280 §6.1) with the
    /// certificates the signature carried as candidates, without revocation (status comes from the status source) and
    /// without time (validity at the signing time is checked on its own, <see cref="ValidAt"/>).
    /// </summary>
    public static ChainResult BuildChain(X509Certificate2 certificate, TrustAnchors trust, X509Certificate2Collection? carried = null)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(trust);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(trust.Root);
        if (carried is not null)
        {
            chain.ChainPolicy.ExtraStore.AddRange(carried);
        }

        if (trust.Issuer is not null)
        {
            chain.ChainPolicy.ExtraStore.Add(trust.Issuer);
        }

        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationFlags = X509VerificationFlags.IgnoreNotTimeValid;
        if (!chain.Build(certificate) || !chain.ChainElements[^1].Certificate.RawData.AsSpan().SequenceEqual(trust.Root.RawData))
        {
            var problem = string.Join(", ", chain.ChainElements.SelectMany(e => e.ChainElementStatus).Select(s => s.Status).Distinct());
            return new ChainResult([], problem.Length == 0 ? nameof(X509ChainStatusFlags.PartialChain) : problem);
        }

        var elements = chain.ChainElements.Select(e => X509CertificateLoader.LoadCertificate(e.Certificate.RawData)).ToList();
        if (trust.IssuerRequired
            && (elements.Count != 3 || trust.Issuer is null || !elements[1].RawData.AsSpan().SequenceEqual(trust.Issuer.RawData)))
        {
            return new ChainResult([], "NotIssuedByTheIssuingCa");
        }

        return new ChainResult(elements, null);
    }

    /// <summary>Whether every certificate of the chain is within its validity period at <paramref name="at"/> (RFC 5280 §4.1.2.5, both ends inclusive).</summary>
    public static bool ValidAt(IEnumerable<X509Certificate2> chain, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(chain);
        return chain.All(c => at >= c.NotBefore.ToUniversalTime() && at <= c.NotAfter.ToUniversalTime());
    }

    /// <summary>
    /// The qualified profile a signature needs (ETSI EN 319 412-2 §4.3.2, EN 319 412-5 §4.2.1): keyUsage with
    /// nonRepudiation (contentCommitment) and a qcStatements extension with QcCompliance.
    /// </summary>
    public static bool IsQualified(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        if (certificate.Extensions.OfType<X509KeyUsageExtension>().SingleOrDefault() is not { } keyUsage
            || !keyUsage.KeyUsages.HasFlag(X509KeyUsageFlags.NonRepudiation)
            || certificate.Extensions[PkiOids.QcStatements] is not { } qcStatements)
        {
            return false;
        }

        try
        {
            var statements = new AsnReader(qcStatements.RawData, AsnEncodingRules.DER).ReadSequence();
            while (statements.HasData)
            {
                var statement = statements.ReadSequence();
                if (statement.ReadObjectIdentifier() == PkiOids.QcCompliance)
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

    /// <summary>
    /// The subject's serialNumber attribute (X.520), wherever it stands: also inside a multi-valued RDN (CN and
    /// serialNumber in one SET), which <see cref="X500RelativeDistinguishedName.GetSingleElementType"/> refuses.
    /// </summary>
    public static string? SubjectSerialNumber(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        try
        {
            foreach (var rdn in certificate.SubjectName.EnumerateRelativeDistinguishedNames())
            {
                var set = new AsnReader(rdn.RawData, AsnEncodingRules.DER).ReadSetOf(skipSortOrderValidation: true);
                while (set.HasData)
                {
                    var attribute = set.ReadSequence();
                    if (attribute.ReadObjectIdentifier() == PkiOids.SerialNumber)
                    {
                        return attribute.PeekTag().HasSameClassAndValue(new Asn1Tag(UniversalTagNumber.PrintableString))
                            ? attribute.ReadCharacterString(UniversalTagNumber.PrintableString)
                            : attribute.ReadCharacterString(UniversalTagNumber.UTF8String);
                    }
                }
            }
        }
        catch (Exception ex) when (ex is AsnContentException or CryptographicException)
        {
            return null;
        }

        return null;
    }
}
