using System.Security.Cryptography.X509Certificates;

namespace Muhur.Server.Features.Cards;

/// <summary>What a card is made with: its serial (the token label), its PIN and PUK, and the PUK it carries while being made.</summary>
internal sealed record CardCredentials(string Serial, string Pin, string Puk, string TransportPuk, bool Rsa);

/// <summary>
/// Where a card's key pair lives while <see cref="ProduceCard"/> makes the card (R-CARD-1): a PKCS#11 token
/// (<see cref="TokenCardMedium"/>), or, for the benchmark of the production path without the token, keys made beforehand.
/// Each step either completes or throws; <see cref="Abandon"/> leaves the medium reusable after a failure.
/// </summary>
internal interface ICardMedium : IDisposable
{
    string Manufacturer { get; }

    string Model { get; }

    /// <summary>Initialises the card with the serial, sets the PIN and generates the key pair on it; the public key.</summary>
    PublicKey GenerateKey(CardCredentials credentials);

    /// <summary>Writes the issued certificate next to its key.</summary>
    void WriteCertificate(byte[] der);

    /// <summary>The card is complete: the card's own PUK replaces the transport PUK.</summary>
    void Complete();

    /// <summary>After a failure once the card is touched: best effort to leave it as a later production can take it again.</summary>
    void Abandon();
}
