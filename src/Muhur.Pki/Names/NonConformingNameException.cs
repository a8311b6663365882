namespace Muhur.Pki.Names;

/// <summary>
/// A name attribute we were about to write breaks the RFC 5280 Appendix A constraints (size, string type, or an
/// attribute we have no rule for). Nothing is signed with such a name.
/// </summary>
public sealed class NonConformingNameException : ArgumentException
{
    public NonConformingNameException()
    {
    }

    public NonConformingNameException(string message)
        : base(message)
    {
    }

    public NonConformingNameException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
