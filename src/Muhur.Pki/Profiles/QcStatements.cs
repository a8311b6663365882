using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;
using Muhur.Pki.Authority;

namespace Muhur.Pki.Profiles;

/// <summary>The qcStatements extension (RFC 3739 §3.2.6) with the ETSI EN 319 412-5 §4 statements of a Turkish NES.</summary>
internal static class QcStatements
{
    /// <summary>
    /// Non-critical: RFC 3739 §3.2.6 allows either and ETSI EN 319 412-5 §4.1 leaves it open; non-critical keeps
    /// generic X.509 software able to use the certificate.
    /// </summary>
    public static X509Extension CreateExtension(IReadOnlyList<PdsLocation> pdsLocations)
    {
        if (pdsLocations.Count == 0)
        {
            throw new ArgumentException("At least one PDS location is required (ETSI EN 319 412-5 §4.3.4).");
        }

        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            // §4.2.1 esi4-qcStatement-1: issued as an EU-style qualified certificate.
            WriteStatement(writer, PkiOids.QcCompliance);

            // Turkish legal basis: qualified certificate under Law No. 5070, as BTK requires.
            WriteStatement(writer, PkiOids.BtkQualifiedCertificate);

            // §4.2.2 esi4-qcStatement-4: the private key resides in a QSCD (the smart card).
            WriteStatement(writer, PkiOids.QcSscd);

            // §4.2.3 esi4-qcStatement-6: certificate for electronic signatures (id-etsi-qct-esign).
            using (writer.PushSequence())
            {
                writer.WriteObjectIdentifier(PkiOids.QcType);
                using (writer.PushSequence())
                {
                    writer.WriteObjectIdentifier(PkiOids.QcTypeESign);
                }
            }

            // §4.3.4 esi4-qcStatement-5: PdsLocations ::= SEQUENCE OF SEQUENCE { url IA5String, language PrintableString }.
            using (writer.PushSequence())
            {
                writer.WriteObjectIdentifier(PkiOids.QcPds);
                using (writer.PushSequence())
                {
                    foreach (PdsLocation location in pdsLocations)
                    {
                        using (writer.PushSequence())
                        {
                            writer.WriteCharacterString(UniversalTagNumber.IA5String, location.Url.AbsoluteUri);
                            writer.WriteCharacterString(UniversalTagNumber.PrintableString, location.Language);
                        }
                    }
                }
            }
        }

        return new X509Extension(PkiOids.QcStatements, writer.Encode(), critical: false);
    }

    private static void WriteStatement(AsnWriter writer, string statementId)
    {
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier(statementId);
        }
    }
}
