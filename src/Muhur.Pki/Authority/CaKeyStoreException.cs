namespace Muhur.Pki.Authority;

public sealed class CaKeyStoreException : Exception
{
    public CaKeyStoreException()
    {
    }

    public CaKeyStoreException(string message)
        : base(message)
    {
    }

    public CaKeyStoreException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
