using System.Globalization;
using Muhur.SmartCard;

namespace Muhur.Signer;

/// <summary>A slot with an initialized token (a personalized card).</summary>
public sealed record Card(SlotInfo Slot, TokenInfo Token);

internal static class Cards
{
    /// <summary>
    /// Slots whose token is initialized. A token that was never initialized (SoftHSM always offers one; a blank card
    /// looks the same) cannot hold a certificate, so it does not count as a card.
    /// </summary>
    public static IReadOnlyList<Card> Initialized(Pkcs11Module module, out int uninitialized)
    {
        var cards = new List<Card>();
        uninitialized = 0;
        foreach (var slot in module.GetSlots(tokenPresent: true))
        {
            var token = module.GetTokenInfo(slot.SlotId);
            if (token.Flags.HasFlag(TokenState.TokenInitialized))
            {
                cards.Add(new Card(slot, token));
            }
            else
            {
                uninitialized++;
            }
        }
        return cards;
    }

    /// <summary>
    /// The card in <paramref name="slot"/> (--slot), else the one card holding certificates; several such cards need
    /// --slot. Certificates are public objects, so this works without a login, with a locked PIN too.
    /// </summary>
    public static Card Choose(Pkcs11Module module, ulong? slot)
    {
        var cards = Initialized(module, out _);
        if (slot is { } id)
        {
            return cards.FirstOrDefault(c => c.Slot.SlotId == id)
                ?? throw new SignerException(string.Create(CultureInfo.InvariantCulture, $"{id} numaralı yuvada kart yok."));
        }
        var withCertificates = cards.Where(c => HasCertificates(module, c)).ToList();
        return withCertificates.Count switch
        {
            0 when cards.Count == 0 => throw new SignerException(ListCommand.NoCard),
            0 => throw new SignerException("Kartta sertifika bulunamadı."),
            1 => withCertificates[0],
            _ => throw new SignerException("Birden çok kartta sertifika var; --slot ile hangisinin kullanılacağını seçin (yuvaları list gösterir)."),
        };
    }

    private static bool HasCertificates(Pkcs11Module module, Card card)
    {
        using var session = module.OpenSession(card.Slot.SlotId, readWrite: false);
        return session.FindObjects(ObjectClass.Certificate).Count > 0;
    }
}
