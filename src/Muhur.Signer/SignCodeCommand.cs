using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Muhur.SmartCard;

namespace Muhur.Signer;

/// <summary>
/// <c>sign-code</c>: signs the portal's verification code on the card (R-APP-8, R-EONAY-1) as CAdES-BES.
/// The private key never leaves the card (R-CARD-4).
/// </summary>
public static class SignCodeCommand
{
    public const string PinPrompt = "PIN: ";

    /// <param name="modulePath">--module, or null for the default search.</param>
    /// <param name="code">The verification code shown by the portal.</param>
    /// <param name="pin">--pin, or null to ask through <paramref name="readSecret"/>.</param>
    /// <param name="outFile">--out: write DER there instead of printing base64.</param>
    /// <param name="slot">--slot: the card to use when several hold certificates.</param>
    /// <param name="output">Receives the base64 signature or the name of the file written.</param>
    /// <param name="readSecret">Shows the prompt it is given and reads the answer without echo.</param>
    /// <param name="sendTo">--gonder: post the signature to the portal's signed-code endpoint and print its answer.</param>
    public static int Run(string? modulePath, string code, string? pin, string? outFile, ulong? slot, TextWriter output, Func<string, string?> readSecret,
        Uri? sendTo = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(readSecret);
        if (string.IsNullOrWhiteSpace(code))
        {
            throw new SignerException("Doğrulama kodu boş olamaz.");
        }
        var signature = WithCardKey(modulePath, pin, slot, readSecret,
            (certificate, key) => CadesSignature.Sign(code, certificate, key, DateTime.UtcNow));
        if (outFile is not null)
        {
            File.WriteAllBytes(outFile, signature);
            output.WriteLine($"İmza yazıldı: {outFile}");
        }
        else if (sendTo is null)
        {
            output.WriteLine(Convert.ToBase64String(signature));
        }

        if (sendTo is not null)
        {
            // The server's Turkish answer; a refusal is a SignerException, so the exit code is 1 with its message.
            output.WriteLine(SignCodeSubmission.Send(sendTo, code.Trim(), signature));
        }
        return 0;
    }

    /// <summary>
    /// Chooses the card, logs in with <paramref name="pin"/> (or asks through <paramref name="readSecret"/>) and calls
    /// <paramref name="sign"/> with the signer certificate and its key on the card (R-CARD-4); logs out afterwards.
    /// </summary>
    internal static T WithCardKey<T>(string? modulePath, string? pin, ulong? slot, Func<string, string?> readSecret,
        Func<X509Certificate2, AsymmetricAlgorithm, T> sign)
    {
        using var module = ModuleLocator.Load(modulePath);
        var card = Cards.Choose(module, slot);
        if (card.Token.Flags.HasFlag(TokenState.UserPinLocked))
        {
            throw new SignerException(PinMessages.Locked);
        }
        using var session = module.OpenSession(card.Slot.SlotId, readWrite: false);
        pin ??= readSecret(PinPrompt);
        if (string.IsNullOrEmpty(pin))
        {
            throw new SignerException("PIN girilmedi.");
        }
        try
        {
            session.Login(UserType.User, pin);
        }
        catch (Pkcs11Exception e) when (e.Function == "C_Login")
        {
            throw new SignerException(PinMessages.ForLoginFailure(e, module.GetTokenInfo(card.Slot.SlotId).Flags), e);
        }
        try
        {
            var (certificate, privateKey) = FindSigningPair(session);
            using (certificate)
            using (var key = TokenKey(session, privateKey, certificate))
            {
                return sign(certificate, key);
            }
        }
        finally
        {
            _ = TryLogout(session);
        }
    }

    /// <summary>The first certificate with a private key of the same CKA_ID (PKCS#11 v2.40 §4.4: CKA_ID pairs them).</summary>
    private static (X509Certificate2 Certificate, ObjectHandle PrivateKey) FindSigningPair(Pkcs11Session session)
    {
        foreach (var entry in session.ReadCertificates())
        {
            if (entry.Id.Length == 0)
            {
                continue;
            }
            var keys = session.FindObjects(ObjectClass.PrivateKey, id: entry.Id);
            if (keys.Count > 0)
            {
                return (X509CertificateLoader.LoadCertificate(entry.RawData), keys[0]);
            }
        }
        throw new SignerException("Kartta sertifikaya karşılık gelen imza anahtarı bulunamadı.");
    }

    private static AsymmetricAlgorithm TokenKey(Pkcs11Session session, ObjectHandle privateKey, X509Certificate2 certificate)
    {
        using (var ec = certificate.GetECDsaPublicKey())
        {
            if (ec is not null)
            {
                return new TokenEcdsa(session, privateKey, ec);
            }
        }
        using (var rsa = certificate.GetRSAPublicKey())
        {
            if (rsa is not null)
            {
                return new TokenRsa(session, privateKey, rsa);
            }
        }
        throw new SignerException("Sertifikanın anahtar türü desteklenmiyor (yalnızca EC ve RSA).");
    }

    internal static bool TryLogout(Pkcs11Session session)
    {
        try
        {
            session.Logout();
            return true;
        }
        catch (Pkcs11Exception)
        {
            return false;
        }
    }
}
