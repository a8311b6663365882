namespace Muhur.Pki.Profiles;

/// <summary>A PKCS#10 request or public key that must not be certified: malformed, badly signed or too weak.</summary>
public sealed class InvalidCertificationRequestException : Exception
{
    public InvalidCertificationRequestException()
    {
    }

    public InvalidCertificationRequestException(string message)
        : base(message)
    {
    }

    public InvalidCertificationRequestException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
