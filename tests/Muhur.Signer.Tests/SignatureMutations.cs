using System.Formats.Asn1;
using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Muhur.Signer.Tests;

/// <summary>
/// Damaged copies of a good signature, as an attacker would upload them: bit flips, truncations, DER length fields set
/// to edge values, inserted and deleted bytes; for a PDF also its /ByteRange numbers and the CMS inside /Contents.
/// Deterministic for a given seed, so a failing case can be reproduced by its number. Shared by the server's and
/// muhur-imza's fuzz tests.
/// </summary>
internal static class SignatureMutations
{
    // DER tags whose following byte is a length worth editing: SEQUENCE, SET, OCTET STRING, INTEGER, OID,
    // [0] constructed, UTCTime, GeneralizedTime, BIT STRING.
    private static readonly byte[] Tags = [0x30, 0x31, 0x04, 0x02, 0x06, 0xA0, 0x17, 0x18, 0x03];

    private static readonly byte[][] Lengths =
    [
        [0x00], [0x01], [0x7F], [0x80], [0x81, 0xFF], [0x82, 0xFF, 0xFF], [0x84, 0x7F, 0xFF, 0xFF, 0xFF], [0x84, 0xFF, 0xFF, 0xFF, 0xFF],
        [0x85, 0x01, 0x00, 0x00, 0x00, 0x00], [0x88, 0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF], [0xFF],
    ];

    private static readonly string[] RangeNumbers = ["0", "1", "-1", "2147483647", "2147483648", "4294967295", "99999999999999999999", "00", "1e3"];

    /// <summary>A damaged copy of a DER structure (a CMS SignedData), one to three edits.</summary>
    public static byte[] MutateDer(byte[] der, Random random)
    {
        ArgumentNullException.ThrowIfNull(der);
        ArgumentNullException.ThrowIfNull(random);
        var bytes = der.ToList();
        var edits = 1 + random.Next(3);
        for (var edit = 0; edit < edits && bytes.Count > 0; edit++)
        {
            switch (random.Next(6))
            {
                case 0: // bit flips
                    for (var flips = 1 + random.Next(4); flips > 0; flips--)
                    {
                        bytes[random.Next(bytes.Count)] ^= (byte)(1 << random.Next(8));
                    }

                    break;
                case 1: // truncation
                    {
                        var keep = random.Next(bytes.Count);
                        bytes.RemoveRange(keep, bytes.Count - keep);
                        break;
                    }

                case 2: // a length field set to an edge value
                    {
                        var at = TagPosition(bytes, random);
                        if (at + 1 < bytes.Count)
                        {
                            var oldLength = bytes[at + 1] < 0x80 ? 1 : 1 + Math.Min(bytes[at + 1] & 0x7F, bytes.Count - at - 2);
                            bytes.RemoveRange(at + 1, Math.Min(oldLength, bytes.Count - at - 1));
                            bytes.InsertRange(at + 1, Lengths[random.Next(Lengths.Length)]);
                        }

                        break;
                    }

                case 3: // a length field nudged
                    {
                        var at = TagPosition(bytes, random);
                        if (at + 1 < bytes.Count)
                        {
                            bytes[at + 1] = (byte)(bytes[at + 1] + random.Next(-3, 4));
                        }

                        break;
                    }

                case 4: // inserted bytes
                    bytes.InsertRange(random.Next(bytes.Count + 1), Enumerable.Range(0, 1 + random.Next(16)).Select(_ => (byte)random.Next(256)));
                    break;
                default: // deleted bytes
                    {
                        var at = random.Next(bytes.Count);
                        bytes.RemoveRange(at, Math.Min(1 + random.Next(16), bytes.Count - at));
                        break;
                    }
            }
        }

        return [.. bytes];
    }

    /// <summary>
    /// A damaged copy of a signed PDF: the CMS in /Contents damaged as DER and written back in place (so the file
    /// still parses as a signed PDF), a /ByteRange number replaced, or the file itself flipped, cut or extended.
    /// </summary>
    public static byte[] MutatePdf(byte[] pdf, Random random)
    {
        ArgumentNullException.ThrowIfNull(pdf);
        ArgumentNullException.ThrowIfNull(random);
        var text = Encoding.Latin1.GetString(pdf);
        switch (random.Next(4))
        {
            case 0:
            case 1:
                {
                    var start = ContentsStart(text);
                    if (start < 0)
                    {
                        return MutateDer(pdf, random);
                    }

                    var end = text.IndexOf('>', start);
                    var hex = text[start..end];
                    var cms = MutateDer(Convert.FromHexString(hex.TrimEnd('0').Length % 2 == 0 ? hex.TrimEnd('0') : hex.TrimEnd('0') + "0"), random);
                    var written = Convert.ToHexString(cms);
                    // Written back into the same reserved space: padded with zeros, or cut if it grew past it.
                    written = written.Length >= hex.Length ? written[..hex.Length] : written.PadRight(hex.Length, '0');
                    return Encoding.Latin1.GetBytes(text[..start] + written + text[end..]);
                }

            case 2:
                {
                    var open = text.IndexOf("/ByteRange", StringComparison.Ordinal);
                    if (open < 0)
                    {
                        return MutateDer(pdf, random);
                    }

                    var start = text.IndexOf('[', open) + 1;
                    var end = text.IndexOf(']', start);
                    var numbers = text[start..end].Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
                    var which = random.Next(numbers.Count + 1);
                    if (which == numbers.Count)
                    {
                        numbers.Add(RangeNumbers[random.Next(RangeNumbers.Length)]);
                    }
                    else if (random.Next(3) == 0)
                    {
                        numbers.RemoveAt(which);
                    }
                    else
                    {
                        numbers[which] = random.Next(2) == 0
                            ? RangeNumbers[random.Next(RangeNumbers.Length)]
                            : (long.Parse(numbers[which], CultureInfo.InvariantCulture) + random.Next(-40, 41)).ToString(CultureInfo.InvariantCulture);
                    }

                    return Encoding.Latin1.GetBytes(text[..start] + string.Join(' ', numbers) + text[end..]);
                }

            default:
                return MutateDer(pdf, random);
        }
    }

    /// <summary>The PDF with the CMS in its first /Contents claiming a DER length of 0x7FFFFFFF.</summary>
    public static byte[] PdfWithHugeDerLength(byte[] pdf)
    {
        ArgumentNullException.ThrowIfNull(pdf);
        var text = Encoding.Latin1.GetString(pdf);
        var start = ContentsStart(text);
        if (start < 0)
        {
            throw new ArgumentException("The PDF has no /Contents hexadecimal string.", nameof(pdf));
        }

        return Encoding.Latin1.GetBytes(text[..start] + "30847FFFFFFF" + text[(start + 12)..]);
    }

    /// <summary>
    /// A CAdES-BES signature (content-type, message-digest, signing-time, signing-certificate-v2) whose signing-time
    /// value is <paramref name="signingTimeDer"/> as given, e.g. a UTCTime of month 13 (<see cref="Month13"/>).
    /// </summary>
    public static byte[] CadesWithSigningTime(byte[] content, X509Certificate2 signerCertificate, byte[] signingTimeDer, bool detached)
    {
        ArgumentNullException.ThrowIfNull(signerCertificate);
        var cms = new SignedCms(new ContentInfo(content), detached);
        var signer = new CmsSigner(SubjectIdentifierType.IssuerAndSerialNumber, signerCertificate)
        {
            DigestAlgorithm = new Oid("2.16.840.1.101.3.4.2.1"),
            IncludeOption = X509IncludeOption.EndCertOnly,
        };
        signer.SignedAttributes.Add(new AsnEncodedData("1.2.840.113549.1.9.5", signingTimeDer));
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        using (writer.PushSequence())
        using (writer.PushSequence())
        {
            writer.WriteOctetString(SHA256.HashData(signerCertificate.RawData));
        }

        signer.SignedAttributes.Add(new AsnEncodedData("1.2.840.113549.1.9.16.2.47", writer.Encode()));
        cms.ComputeSignature(signer);
        return cms.Encode();
    }

    /// <summary>UTCTime "261301120000Z": the 1st of the 13th month of 2026.</summary>
    public static byte[] Month13 => [0x17, 0x0D, .. "261301120000Z"u8];

    /// <summary>
    /// A self-signed certificate with its private key whose subject is one multi-valued RDN (X.501: CN and
    /// serialNumber in one SET), as no Mühür certificate has it.
    /// </summary>
    public static X509Certificate2 MultiValuedRdnCertificate(ECDsa key)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        using (writer.PushSetOf())
        {
            using (writer.PushSequence())
            {
                writer.WriteObjectIdentifier("2.5.4.3");
                writer.WriteCharacterString(UniversalTagNumber.UTF8String, "Çok Değerli Ad");
            }

            using (writer.PushSequence())
            {
                writer.WriteObjectIdentifier("2.5.4.5");
                writer.WriteCharacterString(UniversalTagNumber.PrintableString, "12345678950");
            }
        }

        var request = new CertificateRequest(new X500DistinguishedName(writer.Encode()), key, HashAlgorithmName.SHA256);
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
    }

    /// <summary>Where the hexadecimal digits of the first "/Contents &lt;…&gt;" start (PDFsharp writes no space before '&lt;').</summary>
    private static int ContentsStart(string text)
    {
        var match = System.Text.RegularExpressions.Regex.Match(text, @"/Contents\s*<");
        return match.Success ? match.Index + match.Length : -1;
    }

    private static int TagPosition(List<byte> bytes, Random random)
    {
        for (var attempt = 0; attempt < 64; attempt++)
        {
            var at = random.Next(bytes.Count);
            if (Tags.Contains(bytes[at]))
            {
                return at;
            }
        }

        return random.Next(bytes.Count);
    }
}
