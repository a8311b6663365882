using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Muhur.Signer;

/// <summary>Certificates the holder gives as files (--root, --issuer) or that a caIssuers address serves.</summary>
internal static class CertificateFiles
{
    /// <summary>One certificate from a PEM or DER file.</summary>
    /// <param name="path">The file.</param>
    /// <param name="what">What the file is, in Turkish, for the message when it is missing or unreadable.</param>
    public static X509Certificate2 Load(string path, string what)
    {
        if (!File.Exists(path))
        {
            throw new SignerException($"{what} bulunamadı: {path}");
        }
        try
        {
            var bytes = File.ReadAllBytes(path);
            return bytes.Length > 0 && bytes[0] == 0x30
                ? X509CertificateLoader.LoadCertificate(bytes)
                : X509Certificate2.CreateFromPem(File.ReadAllText(path));
        }
        catch (CryptographicException)
        {
            throw new SignerException($"{what} okunamadı (PEM ya da DER bir sertifika olmalı): {path}");
        }
    }

    /// <summary>
    /// The certificates in what an id-ad-caIssuers address serves: a single DER certificate or a certs-only CMS
    /// SignedData (RFC 5280 §4.2.2.1); PEM is accepted too, as some servers send it. Empty when it is none of these.
    /// </summary>
    public static IReadOnlyList<X509Certificate2> ParseIssuers(byte[] content)
    {
        ArgumentNullException.ThrowIfNull(content);
        try
        {
            if (content.Length > 0 && content[0] == 0x30)
            {
                try
                {
                    return [X509CertificateLoader.LoadCertificate(content)];
                }
                catch (CryptographicException)
                {
                    var cms = new SignedCms();
                    cms.Decode(content);
                    return [.. cms.Certificates];
                }
            }
            var pem = new X509Certificate2Collection();
            pem.ImportFromPem(Encoding.ASCII.GetString(content));
            return [.. pem];
        }
        catch (CryptographicException)
        {
            return [];
        }
    }
}
