using System.CommandLine;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Muhur.Pki.Profiles;
using Muhur.Server.Features.CertificateAuthority;
using Muhur.Server.Features.Certificates;
using Muhur.Server.Features.Revocation;

namespace Muhur.Server.Cli;

/// <summary><c>./muhur ca …</c>: the CA from the command line, through the same actions the server uses.</summary>
internal static class CaCommands
{
    private static string Actor => CommandLineHolder.Actor("ca");

    public static string Usage => """
          ca init                                   Kök, nitelikli ve OCSP sertifikalarını oluşturur / Creates the root, issuing and OCSP certificates
          ca issue --csr FILE (--national-id N | --passport P --country CC) [--institution I] [--out FILE]
                                                    Kayıtlı kişiye sertifika üretir, PEM yazar / Issues a certificate to a registered person, prints PEM
          ca revoke SERIAL [--reason keyCompromise|affiliationChanged|superseded|cessationOfOperation|privilegeWithdrawn|unspecified]
                                                    Sertifikayı iptal eder / Revokes a certificate
          ca suspend SERIAL                         Askıya alır / Suspends (certificateHold)
          ca reinstate SERIAL                       Askıyı kaldırır / Lifts a suspension
          ca crl                                    SİL'leri hemen yayımlar / Publishes the CRLs now
          ca chain                                  Kök ve nitelikli SHS sertifikalarını PEM yazar / Prints the root and issuing CA certificates
        """;

    /// <summary>The <c>ca</c> command table; each action runs with <paramref name="services"/> once the application is built.</summary>
    public static Command Build(CommandServices services)
    {
        var init = new Command("init", "Kök, nitelikli ve OCSP sertifikalarını oluşturur / Creates the root, issuing and OCSP certificates");
        init.SetAction((_, _) => InitAsync(services.Provider));

        var csr = new Option<string>("--csr") { Description = "CSR dosyası (PEM ya da DER) / CSR file (PEM or DER)" };
        var output = new Option<string?>("--out") { Description = "PEM'in yazılacağı dosya / File the PEM is written to" };
        var holder = new CommandLineHolder.Options();
        var issue = new Command("issue", "Kayıtlı kişiye sertifika üretir, PEM yazar / Issues a certificate to a registered person, prints PEM") { csr, output };
        holder.AddTo(issue);
        ServerCommands.Require(issue, csr);
        issue.SetAction((result, _) => IssueAsync(services.Provider, result.GetRequiredValue(csr), holder.Values(result), result.GetValue(output)));

        var reason = new Option<X509RevocationReason>("--reason")
        {
            Description = "İptal nedeni / Revocation reason: " + string.Join('|', CertificateStatusRules.RevocationReasons.Select(ReasonName)),
            DefaultValueFactory = _ => X509RevocationReason.Unspecified,
            CustomParser = ParseReason,
        };
        var revokeSerial = SerialArgument();
        var revoke = new Command("revoke", "Sertifikayı iptal eder / Revokes a certificate") { revokeSerial, reason };
        revoke.SetAction((result, _) => ChangeStatusAsync(services.Provider, result.GetRequiredValue(revokeSerial), StatusChangeKind.Revoke, result.GetValue(reason)));

        var suspendSerial = SerialArgument();
        var suspend = new Command("suspend", "Askıya alır / Suspends (certificateHold)") { suspendSerial };
        suspend.SetAction((result, _) => ChangeStatusAsync(services.Provider, result.GetRequiredValue(suspendSerial), StatusChangeKind.Suspend, X509RevocationReason.CertificateHold));

        var reinstateSerial = SerialArgument();
        var reinstate = new Command("reinstate", "Askıyı kaldırır / Lifts a suspension") { reinstateSerial };
        reinstate.SetAction((result, _) => ChangeStatusAsync(services.Provider, result.GetRequiredValue(reinstateSerial), StatusChangeKind.Reinstate, X509RevocationReason.Unspecified));

        var crl = new Command("crl", "SİL'leri hemen yayımlar / Publishes the CRLs now");
        crl.SetAction((_, _) => PublishCrlAsync(services.Provider));

        var chain = new Command("chain", "Kök ve nitelikli SHS sertifikalarını PEM yazar / Prints the root and issuing CA certificates");
        chain.SetAction((_, _) => ChainAsync(services.Provider));

        return new Command("ca", "Sertifika hizmet sağlayıcısı / The certification authority") { init, issue, revoke, suspend, reinstate, crl, chain };
    }

    private static Argument<string> SerialArgument() => new("SERIAL") { Description = "Seri no (onaltılık) / Serial number (hexadecimal)" };

    private static X509RevocationReason ParseReason(System.CommandLine.Parsing.ArgumentResult result)
    {
        var name = result.Tokens.Single().Value;
        if (TryParseReason(name, out var reason))
        {
            return reason;
        }

        result.AddError($"geçersiz iptal nedeni / invalid revocation reason: {name} ("
            + string.Join('|', CertificateStatusRules.RevocationReasons.Select(ReasonName)) + ")");
        return default;
    }

    private static async Task<int> InitAsync(IServiceProvider services)
    {
        var result = await services.GetRequiredService<InitializeCertificateAuthority>().RunAsync(CancellationToken.None);
        var ca = await services.GetRequiredService<ActiveCertificateAuthority>().GetAsync(CancellationToken.None);
        Console.WriteLine(result is { CreatedRoot: false, CreatedIssuing: false, CreatedResponder: false }
            ? "SHS zaten kurulu / The CA is already set up"
            : "SHS kuruldu / The CA is set up");
        Console.WriteLine($"  kök / root:        {ca.Root.Subject}  SHA-256 {ca.Root.GetCertHashString(HashAlgorithmName.SHA256)}");
        Console.WriteLine($"  nitelikli / issuing: {ca.Issuing.Subject}");
        Console.WriteLine($"  OCSP:              {ca.Responder.Subject}, {ca.Responder.NotAfter.ToUniversalTime():u} tarihine dek / until");
        return 0;
    }

    private static async Task<int> PublishCrlAsync(IServiceProvider services)
    {
        var published = await services.GetRequiredService<PublishCrl>().RunAsync(forceFull: true, CancellationToken.None);
        if (published is null)
        {
            return Fail("başka bir düğüm şu anda SİL yayımlıyor; biraz sonra yeniden deneyin / another node is publishing CRLs; try again shortly");
        }

        Console.WriteLine($"SİL yayımlandı / CRL published: nitelikli #{published.FullNumber} ({published.FullEntries} kayıt / entries), kök / root #{published.RootNumber}");
        return 0;
    }

    private static async Task<int> ChainAsync(IServiceProvider services)
    {
        var ca = await services.GetRequiredService<ActiveCertificateAuthority>().GetAsync(CancellationToken.None);
        Console.Write(ca.Root.ExportCertificatePem() + "\n" + ca.Issuing.ExportCertificatePem() + "\n");
        return 0;
    }

    internal const string NameNotConformingMessage =
        "ad, soyad veya kurum adı sertifikaya sığmıyor: ortak ad (ad ve soyad, adlar baş harfe kısaltılarak) ve kurum en çok 64 karakter olabilir, soyadı kısaltılmaz (RFC 5280 Ek A) / " +
        "the name does not fit a certificate: the common name (given names shortened to initials, then the surname) and the institution are at most 64 characters, and the surname is never shortened (RFC 5280 Appendix A)";

    private static async Task<int> IssueAsync(IServiceProvider services, string csrPath, IReadOnlyDictionary<string, string> options, string? output)
    {
        var (holder, error) = await CommandLineHolder.FindAsync(services, options);
        if (holder is null)
        {
            return Fail(error!);
        }

        PublicKey publicKey;
        try
        {
            publicKey = HolderPublicKey.FromCertificationRequest(ReadDerOrPem(csrPath, "CERTIFICATE REQUEST"));
        }
        catch (Exception ex) when (ex is IOException or InvalidCertificationRequestException or CryptographicException or FormatException)
        {
            return Fail($"CSR okunamadı / cannot read the CSR: {ex.Message}");
        }

        var request = new IssueCertificateRequest(publicKey, holder.Id, holder.InstitutionId);
        var result = await services.GetRequiredService<IssueCertificate>().RunAsync(request, Actor, CancellationToken.None);
        switch (result.Outcome)
        {
            case IssueOutcome.NotRegistered:
                return Fail("kişinin kaydı değişti; yeniden deneyin / the registration changed meanwhile; try again");
            case IssueOutcome.InvalidIdentifier:
                return Fail("kayıtlı kimlik numarası sertifikaya yazılamaz (geçersiz) / the registered identifier is not valid for a certificate");
            case IssueOutcome.RenewalTooEarly:
                return Fail($"yenileme henüz açılmadı; en erken {result.RenewalOpensAt:u} / renewal not open yet; earliest {result.RenewalOpensAt:u} (R-REN-1)");
            case IssueOutcome.NameNotConforming:
                return Fail(NameNotConformingMessage);
        }

        var pem = PemEncoding.WriteString("CERTIFICATE", result.Certificate!.Der) + "\n";
        if (output is not null)
        {
            await File.WriteAllTextAsync(output, pem);
        }

        Console.Write(pem);
        await Console.Error.WriteLineAsync($"{holder.FullName}: seri no / serial: {result.Certificate.SerialHex}  geçerlilik / validity: {result.Certificate.NotBefore:u} – {result.Certificate.NotAfter:u}");
        return 0;
    }

    private static async Task<int> ChangeStatusAsync(IServiceProvider services, string serialText, StatusChangeKind kind, X509RevocationReason reason)
    {
        byte[] serial;
        try
        {
            serial = Convert.FromHexString(serialText.Replace(":", string.Empty, StringComparison.Ordinal));
        }
        catch (FormatException)
        {
            return Fail($"seri no onaltılık olmalı / the serial must be hexadecimal: {serialText}");
        }

        var result = await services.GetRequiredService<ChangeCertificateStatus>().RunAsync(serial, kind, reason, Actor, CancellationToken.None);
        if (result is null)
        {
            return Fail($"bu seri numarasıyla sertifika yok / no certificate with serial {serialText}");
        }

        var status = result.Reason is { } r ? $"{result.Status} ({ReasonName(r)})" : result.Status.ToString();
        switch (result.Outcome)
        {
            case StatusChangeOutcome.Refused:
                return Fail($"iptal edilmiş sertifika geri dönmez / a revoked certificate never returns: {result.SerialHex} {status}");
            case StatusChangeOutcome.Unchanged:
                Console.WriteLine($"değişiklik yok / unchanged: {result.SerialHex} {status}");
                return 0;
            default:
                Console.WriteLine($"güncellendi / updated: {result.SerialHex} {status}");
                return 0;
        }
    }

    private static byte[] ReadDerOrPem(string path, string label)
    {
        var bytes = File.ReadAllBytes(path);
        var text = System.Text.Encoding.ASCII.GetString(bytes);
        if (PemEncoding.TryFind(text, out var fields))
        {
            if (!text.AsSpan(fields.Label).SequenceEqual(label) && !text.AsSpan(fields.Label).SequenceEqual("NEW " + label))
            {
                throw new FormatException($"expected a PEM '{label}', found '{text[fields.Label]}'");
            }

            return Convert.FromBase64String(text[fields.Base64Data]);
        }

        return bytes;
    }

    private static bool TryParseReason(string name, out X509RevocationReason reason)
    {
        foreach (var candidate in CertificateStatusRules.RevocationReasons)
        {
            if (string.Equals(ReasonName(candidate), name, StringComparison.OrdinalIgnoreCase))
            {
                reason = candidate;
                return true;
            }
        }

        reason = default;
        return false;
    }

    /// <summary>The RFC 5280 §5.3.1 ASN.1 names, as OpenSSL prints them.</summary>
    private static string ReasonName(X509RevocationReason reason) => reason switch
    {
        X509RevocationReason.KeyCompromise => "keyCompromise",
        X509RevocationReason.AffiliationChanged => "affiliationChanged",
        X509RevocationReason.Superseded => "superseded",
        X509RevocationReason.CessationOfOperation => "cessationOfOperation",
        X509RevocationReason.CertificateHold => "certificateHold",
        X509RevocationReason.PrivilegeWithdrawn => "privilegeWithdrawn",
        _ => "unspecified",
    };

    private static int Fail(string message)
    {
        Console.Error.WriteLine("muhur: " + message);
        return 1;
    }
}
