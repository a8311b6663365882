using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Muhur.Signer;

/// <summary><c>list</c>: every certificate on every present card (R-CARD-4).</summary>
public static class ListCommand
{
    public const string NoCard = "Kart bulunamadı.";

    public static int Run(string? modulePath, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        using var module = ModuleLocator.Load(modulePath);
        var cards = Cards.Initialized(module, out _);
        if (cards.Count == 0)
        {
            throw new SignerException(NoCard);
        }
        foreach (var card in cards)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Kart: {card.Token.Label} (yuva {card.Slot.SlotId})"));
            using var session = module.OpenSession(card.Slot.SlotId, readWrite: false);
            var certificates = session.ReadCertificates();
            if (certificates.Count == 0)
            {
                output.WriteLine("  Kartta sertifika yok.");
            }
            foreach (var entry in certificates)
            {
                try
                {
                    using var certificate = X509CertificateLoader.LoadCertificate(entry.RawData);
                    output.WriteLine($"  {HolderName(certificate)}");
                    output.WriteLine($"    Seri no: {certificate.SerialNumber}");
                    output.WriteLine($"    Geçerlilik: {FormatDate(certificate.NotBefore)} – {FormatDate(certificate.NotAfter)}");
                }
                catch (CryptographicException)
                {
                    output.WriteLine($"  Okunamayan sertifika (etiket: {entry.Label})");
                }
            }
        }
        return 0;
    }

    /// <summary>The subject's CN, or the whole subject when there is none.</summary>
    public static string HolderName(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var cn = certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false);
        return string.IsNullOrEmpty(cn) ? certificate.Subject : cn;
    }

    private static string FormatDate(DateTime local) =>
        local.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
}
