using System.Formats.Asn1;
using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Muhur.Pki.Authority;

namespace Muhur.Pki.Revocation;

/// <summary>
/// Writes full and delta CRLs (RFC 5280 §5) from a stream of entries. Entries are encoded one at a time into a
/// chunked buffer with a single reused <see cref="AsnWriter"/>, the outer lengths are computed afterwards, and the
/// TBSCertList is assembled once for signing: working memory is the output size plus O(1) per entry.
/// </summary>
public sealed class CrlWriter
{
    private const int MaxSerialLength = 20;

    // Precomputed reasonCode extensions (RFC 5280 §5.3.1): SEQUENCE { OID 2.5.29.21, OCTET STRING { ENUMERATED } }.
    private static readonly byte[][] ReasonExtensions = Enumerable.Range(0, 11)
        .Select(r => new byte[] { 0x30, 0x0A, 0x06, 0x03, 0x55, 0x1D, 0x15, 0x04, 0x03, 0x0A, 0x01, (byte)r })
        .ToArray();

    private readonly CaSigningKey _issuerKey;
    private readonly byte[] _issuerName;
    private readonly byte[] _authorityKeyIdentifier;

    public CrlWriter(CaSigningKey issuerKey, X509Certificate2 issuerCertificate)
    {
        ArgumentNullException.ThrowIfNull(issuerKey);
        ArgumentNullException.ThrowIfNull(issuerCertificate);
        if (!issuerKey.PublicKey.ExportSubjectPublicKeyInfo().AsSpan()
                .SequenceEqual(issuerCertificate.PublicKey.ExportSubjectPublicKeyInfo()))
        {
            throw new ArgumentException("The signing key does not belong to the issuer certificate.", nameof(issuerKey));
        }

        _issuerKey = issuerKey;
        _issuerName = issuerCertificate.SubjectName.RawData;

        // RFC 5280 §5.2.1: AKI is mandatory in CRLs and carries the issuer's SKI (keyIdentifier method).
        _authorityKeyIdentifier = CaCertificateFactory.AuthorityKeyIdentifierOf(issuerCertificate).RawData;
    }

    /// <summary>Writes a complete CRL listing every revoked (or on-hold) certificate in scope.</summary>
    public void WriteFull(Stream destination, CrlParameters parameters, IEnumerable<RevokedEntry> entries) =>
        Write(destination, parameters, baseCrlNumber: null, entries);

    /// <summary>
    /// Writes a delta CRL (RFC 5280 §5.2.4) listing changes since the full CRL numbered <paramref name="baseCrlNumber"/>;
    /// released holds appear with <see cref="CrlReason.RemoveFromCrl"/>.
    /// </summary>
    public void WriteDelta(
        Stream destination, CrlParameters parameters, BigInteger baseCrlNumber, IEnumerable<RevokedEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (baseCrlNumber >= parameters.CrlNumber)
        {
            throw new ArgumentException("A delta CRL's number must exceed its base CRL number (RFC 5280 §5.2.4).");
        }

        if (parameters.FreshestCrlUrl is not null)
        {
            throw new ArgumentException("A delta CRL must not carry freshestCRL (RFC 5280 §5.2.6).");
        }

        Write(destination, parameters, baseCrlNumber, entries);
    }

    public byte[] BuildFull(CrlParameters parameters, IEnumerable<RevokedEntry> entries)
    {
        using var output = new MemoryStream();
        WriteFull(output, parameters, entries);
        return Exact(output);
    }

    public byte[] BuildDelta(CrlParameters parameters, BigInteger baseCrlNumber, IEnumerable<RevokedEntry> entries)
    {
        using var output = new MemoryStream();
        WriteDelta(output, parameters, baseCrlNumber, entries);
        return Exact(output);
    }

    // Write sized the stream exactly, so its buffer is the result: no second copy of a large CRL.
    private static byte[] Exact(MemoryStream output) =>
        output.Length == output.Capacity ? output.GetBuffer() : output.ToArray();

    private void Write(Stream destination, CrlParameters parameters, BigInteger? baseCrlNumber, IEnumerable<RevokedEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(entries);
        if (parameters.NextUpdate <= parameters.ThisUpdate)
        {
            throw new ArgumentException("nextUpdate must be later than thisUpdate (RFC 5280 §5.1.2.5).");
        }

        ReadOnlySpan<byte> algorithm = _issuerKey.SignatureAlgorithmIdentifier.Span;
        ChunkedBuffer revoked = EncodeEntries(entries, isDelta: baseCrlNumber is not null);

        // version v2 (RFC 5280 §5.1.2.1: required when extensions are present), signature, issuer, thisUpdate, nextUpdate.
        var head = new AsnWriter(AsnEncodingRules.DER);
        head.WriteInteger(1);
        head.WriteEncodedValue(algorithm);
        head.WriteEncodedValue(_issuerName);
        X509Time.WriteTime(head, parameters.ThisUpdate);
        X509Time.WriteTime(head, parameters.NextUpdate);

        byte[] extensions = EncodeCrlExtensions(parameters, baseCrlNumber);

        // RFC 5280 §5.1.2.6: with no revoked certificates the list is absent, not empty.
        long revokedLength = revoked.Length == 0 ? 0 : DerLength.HeaderSize(revoked.Length) + revoked.Length;
        long tbsContentLength = head.GetEncodedLength() + revokedLength + extensions.Length;
        long tbsLength = DerLength.HeaderSize(tbsContentLength) + tbsContentLength;
        // The TBSCertList is hashed piece by piece and written piece by piece: it never exists as one array, so
        // working memory is the encoded entries plus the destination.
        byte[] tbsHeader = DerLength.Header(0x30, tbsContentLength);
        byte[] headBytes = head.Encode();
        byte[] revokedHeader = revoked.Length == 0 ? [] : DerLength.Header(0x30, revoked.Length);
        byte[] signature;
        using (var hash = IncrementalHash.CreateHash(_issuerKey.HashAlgorithm))
        {
            hash.AppendData(tbsHeader);
            hash.AppendData(headBytes);
            hash.AppendData(revokedHeader);
            foreach (ReadOnlyMemory<byte> segment in revoked.Segments())
            {
                hash.AppendData(segment.Span);
            }

            hash.AppendData(extensions);
            signature = _issuerKey.SignHash(hash.GetHashAndReset());
        }

        // CertificateList ::= SEQUENCE { tbsCertList, signatureAlgorithm, signatureValue BIT STRING } (§5.1.1).
        long bitStringContent = 1 + signature.Length;
        long outerContent = tbsLength + algorithm.Length + DerLength.HeaderSize(bitStringContent) + bitStringContent;
        byte[] outerHeader = DerLength.Header(0x30, outerContent);
        if (destination is MemoryStream memory && memory.Capacity < memory.Position + outerHeader.Length + outerContent)
        {
            // One allocation of the exact size instead of a doubling buffer.
            memory.Capacity = checked((int)(memory.Position + outerHeader.Length + outerContent));
        }

        destination.Write(outerHeader);
        destination.Write(tbsHeader);
        destination.Write(headBytes);
        destination.Write(revokedHeader);
        foreach (ReadOnlyMemory<byte> segment in revoked.Segments())
        {
            destination.Write(segment.Span);
        }

        destination.Write(extensions);
        destination.Write(algorithm);
        destination.Write(DerLength.Header(0x03, bitStringContent));
        destination.WriteByte(0x00);
        destination.Write(signature);
    }

    private static ChunkedBuffer EncodeEntries(IEnumerable<RevokedEntry> entries, bool isDelta)
    {
        var buffer = new ChunkedBuffer();
        var writer = new AsnWriter(AsnEncodingRules.DER);
        foreach (RevokedEntry entry in entries)
        {
            writer.Reset();
            WriteEntry(writer, entry, isDelta);
            int length = writer.GetEncodedLength();
            writer.Encode(buffer.GetSpan(length));
            buffer.Advance(length);
        }

        return buffer;
    }

    private static void WriteEntry(AsnWriter writer, in RevokedEntry entry, bool isDelta)
    {
        ReadOnlySpan<byte> serial = entry.SerialNumber.Span;
        if (serial.Length is 0 or > MaxSerialLength)
        {
            throw new ArgumentException("A revoked serial number must be 1-20 octets (RFC 5280 §4.1.2.2).");
        }

        using (writer.PushSequence())
        {
            writer.WriteInteger(serial);
            X509Time.WriteTime(writer, entry.RevocationTime);

            // RFC 5280 §5.3.1: reasonCode unspecified SHOULD be absent; removeFromCRL only in delta CRLs.
            CrlReason? reason = entry.Reason is CrlReason.Unspecified ? null : entry.Reason;
            if (reason is CrlReason.RemoveFromCrl && !isDelta)
            {
                throw new ArgumentException("removeFromCRL may only appear in a delta CRL (RFC 5280 §5.3.1).");
            }

            if (reason is { } r && ((int)r is < 0 or > 10 || (int)r == 7))
            {
                throw new ArgumentException($"CRL reason {(int)r} is not defined by RFC 5280 §5.3.1.");
            }

            if (reason is null && entry.InvalidityDate is null)
            {
                return;
            }

            using (writer.PushSequence())
            {
                if (reason is { } code)
                {
                    writer.WriteEncodedValue(ReasonExtensions[(int)code]);
                }

                if (entry.InvalidityDate is { } invalidity)
                {
                    // RFC 5280 §5.3.2: InvalidityDate ::= GeneralizedTime, non-critical.
                    using (writer.PushSequence())
                    {
                        writer.WriteObjectIdentifier(PkiOids.InvalidityDate);
                        using (writer.PushOctetString())
                        {
                            X509Time.WriteGeneralizedTime(writer, invalidity);
                        }
                    }
                }
            }
        }
    }

    private byte[] EncodeCrlExtensions(CrlParameters parameters, BigInteger? baseCrlNumber)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0)))
        using (writer.PushSequence())
        {
            WriteExtension(writer, PkiOids.AuthorityKeyIdentifier, critical: false, _authorityKeyIdentifier);

            // §5.2.3: CRLNumber ::= INTEGER (0..MAX), non-critical.
            using (writer.PushSequence())
            {
                writer.WriteObjectIdentifier(PkiOids.CrlNumber);
                using (writer.PushOctetString())
                {
                    WriteCrlNumber(writer, parameters.CrlNumber);
                }
            }

            // §5.2.5: issuingDistributionPoint, critical, names the URL and the scope. A CRL of everything
            // the issuer signed with no URL of its own (a root's CRL) leaves it out: a trust anchor has no
            // cRLDistributionPoints, and verifiers such as OpenSSL then treat a named IDP as another scope.
            if (parameters.DistributionPointUrl is not null || parameters.Scope != CrlScope.AllCertificates)
            {
                using (writer.PushSequence())
                {
                    writer.WriteObjectIdentifier(PkiOids.IssuingDistributionPoint);
                    writer.WriteBoolean(true);
                    using (writer.PushOctetString())
                    using (writer.PushSequence())
                    {
                        if (parameters.DistributionPointUrl is { } url)
                        {
                            using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0)))
                            using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0)))
                            {
                                writer.WriteCharacterString(UniversalTagNumber.IA5String, url.AbsoluteUri, new Asn1Tag(TagClass.ContextSpecific, 6));
                            }
                        }

                        if (parameters.Scope == CrlScope.OnlyUserCertificates)
                        {
                            writer.WriteBoolean(true, new Asn1Tag(TagClass.ContextSpecific, 1));
                        }
                        else if (parameters.Scope == CrlScope.OnlyCaCertificates)
                        {
                            writer.WriteBoolean(true, new Asn1Tag(TagClass.ContextSpecific, 2));
                        }
                    }
                }
            }

            // §5.2.6: freshestCRL, non-critical, only in complete CRLs (WriteDelta refuses it).
            if (parameters.FreshestCrlUrl is { } freshest)
            {
                WriteExtension(writer, PkiOids.FreshestCrl, critical: false, FreshestCrl.CreateExtension(freshest).RawData);
            }

            // §5.2.4: deltaCRLIndicator, critical, carries the base CRL's number.
            if (baseCrlNumber is { } baseNumber)
            {
                using (writer.PushSequence())
                {
                    writer.WriteObjectIdentifier(PkiOids.DeltaCrlIndicator);
                    writer.WriteBoolean(true);
                    using (writer.PushOctetString())
                    {
                        WriteCrlNumber(writer, baseNumber);
                    }
                }
            }
        }

        return writer.Encode();
    }

    // §5.2.3: non-negative and at most 20 octets.
    private static void WriteCrlNumber(AsnWriter writer, BigInteger number)
    {
        if (number.Sign < 0 || number.GetByteCount() > 20)
        {
            throw new ArgumentOutOfRangeException(nameof(number), "CRL numbers are 0..2^159-1 (RFC 5280 §5.2.3).");
        }

        writer.WriteInteger(number);
    }

    private static void WriteExtension(AsnWriter writer, string oid, bool critical, ReadOnlySpan<byte> value)
    {
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier(oid);
            if (critical)
            {
                writer.WriteBoolean(true);
            }

            writer.WriteOctetString(value);
        }
    }
}
