using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Muhur.Pki.Authority;

namespace Muhur.Pki.Ocsp;

/// <summary>
/// The CA a responder answers for, with its CertID hashes (RFC 6960 §4.1.1) computed once for SHA-1 and SHA-256 so
/// matching a request costs two span comparisons.
/// </summary>
public sealed class OcspIssuer
{
    private readonly byte[] _sha1NameHash;
    private readonly byte[] _sha1KeyHash;
    private readonly byte[] _sha256NameHash;
    private readonly byte[] _sha256KeyHash;

    public OcspIssuer(X509Certificate2 issuerCertificate)
    {
        ArgumentNullException.ThrowIfNull(issuerCertificate);
        Certificate = issuerCertificate;
        byte[] name = issuerCertificate.SubjectName.RawData;
        byte[] key = SubjectPublicKeyBits(issuerCertificate.PublicKey);
#pragma warning disable CA5350 // RFC 6960 CertIDs are SHA-1 in practice; identification only, not a signature.
        _sha1NameHash = SHA1.HashData(name);
        _sha1KeyHash = SHA1.HashData(key);
#pragma warning restore CA5350
        _sha256NameHash = SHA256.HashData(name);
        _sha256KeyHash = SHA256.HashData(key);
    }

    public X509Certificate2 Certificate { get; }

    /// <summary>Whether the CertID names this issuer: issuerNameHash and issuerKeyHash both match (RFC 6960 §4.1.1).</summary>
    public bool Matches(OcspCertId certId)
    {
        ArgumentNullException.ThrowIfNull(certId);
        return certId.HashAlgorithm switch
        {
            OcspCertIdHash.Sha1 => certId.IssuerNameHash.Span.SequenceEqual(_sha1NameHash)
                && certId.IssuerKeyHash.Span.SequenceEqual(_sha1KeyHash),
            OcspCertIdHash.Sha256 => certId.IssuerNameHash.Span.SequenceEqual(_sha256NameHash)
                && certId.IssuerKeyHash.Span.SequenceEqual(_sha256KeyHash),
            _ => false,
        };
    }

    /// <summary>The hash CertIDs and KeyHash use: the subjectPublicKey BIT STRING value without tag, length and unused-bits octet.</summary>
    internal static byte[] SubjectPublicKeyBits(PublicKey publicKey)
    {
        AsnReader spki = new AsnReader(publicKey.ExportSubjectPublicKeyInfo(), AsnEncodingRules.DER).ReadSequence();
        spki.ReadEncodedValue();
        return spki.ReadBitString(out _);
    }

    internal void WriteCertId(AsnWriter writer, OcspCertIdHash hash, ReadOnlySpan<byte> serialNumber)
    {
        using (writer.PushSequence())
        {
            using (writer.PushSequence())
            {
                writer.WriteObjectIdentifier(hash == OcspCertIdHash.Sha1 ? PkiOids.Sha1 : PkiOids.Sha256);
                writer.WriteNull();
            }

            writer.WriteOctetString(hash == OcspCertIdHash.Sha1 ? _sha1NameHash : _sha256NameHash);
            writer.WriteOctetString(hash == OcspCertIdHash.Sha1 ? _sha1KeyHash : _sha256KeyHash);
            writer.WriteInteger(serialNumber);
        }
    }
}
