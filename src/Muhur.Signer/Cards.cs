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
}
