using Muhur.Pki.Authority;
using Npgsql;

namespace Muhur.Server.Features.CertificateAuthority;

/// <summary>
/// CA keys as encrypted PKCS#8 rows in <c>ca_keys</c> (R-CA-4), so every server node can sign with them
/// (the OCSP responder key a node rotates is at once usable by all). Only ciphertext reaches the
/// database; the passphrase never does. A PKCS#11 HSM store implements the same interface.
/// </summary>
internal sealed class DatabaseKeyStore(NpgsqlDataSource dataSource, string passphrase, int iterations)
    : EncryptedPkcs8KeyStore(passphrase, iterations)
{
    protected override bool BlobExists(string keyName) => ReadBlob(keyName) is not null;

    protected override byte[]? ReadBlob(string keyName)
    {
        using var command = dataSource.CreateCommand("SELECT encrypted_pkcs8 FROM ca_keys WHERE name = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = keyName });
        return command.ExecuteScalar() as byte[];
    }

    protected override void WriteNewBlob(string keyName, byte[] encryptedPkcs8)
    {
        using var command = dataSource.CreateCommand("INSERT INTO ca_keys (name, encrypted_pkcs8) VALUES ($1, $2)");
        command.Parameters.Add(new NpgsqlParameter { Value = keyName });
        command.Parameters.Add(new NpgsqlParameter { Value = encryptedPkcs8 });
        try
        {
            command.ExecuteNonQuery();
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            throw new CaKeyStoreException($"CA key '{keyName}' already exists; refusing to overwrite it.", ex);
        }
    }
}
