using System.Security.Cryptography.X509Certificates;

namespace Muhur.Server.Features.Cards;

/// <summary>
/// A card whose key pair was made beforehand in software: the production path without the token (the benchmark of
/// producing for many approved applications, issue 11; tests of what follows production). The certificate written must
/// be for that key.
/// </summary>
internal sealed class PremadeKeyMedium(PublicKey publicKey) : ICardMedium
{
    public string Manufacturer => "Mühür";

    public string Model => "Yazılım anahtarı";

    public byte[]? Certificate { get; private set; }

    public PublicKey GenerateKey(CardCredentials credentials) => publicKey;

    public void WriteCertificate(byte[] der)
    {
        using var certificate = X509CertificateLoader.LoadCertificate(der);
        if (!certificate.PublicKey.EncodedKeyValue.RawData.AsSpan().SequenceEqual(publicKey.EncodedKeyValue.RawData))
        {
            throw new InvalidOperationException("The certificate is not for this medium's key.");
        }

        Certificate = der;
    }

    public void Complete()
    {
    }

    public void Abandon() => Certificate = null;

    public void Dispose()
    {
    }
}
