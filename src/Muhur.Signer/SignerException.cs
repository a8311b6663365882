namespace Muhur.Signer;

/// <summary>A failure the holder can act on; <see cref="Exception.Message"/> is the Turkish text shown to them.</summary>
public sealed class SignerException : Exception
{
    public SignerException()
    {
    }

    public SignerException(string message)
        : base(message)
    {
    }

    public SignerException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
