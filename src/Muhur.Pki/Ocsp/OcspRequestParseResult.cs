namespace Muhur.Pki.Ocsp;

/// <summary>Either a request or the reason it is answered with malformedRequest; parsing never throws on bad input.</summary>
public readonly record struct OcspRequestParseResult
{
    private OcspRequestParseResult(OcspRequest? request, string? error)
    {
        Request = request;
        Error = error;
    }

    public OcspRequest? Request { get; }

    /// <summary>Diagnostic text for logs; never sent to the client.</summary>
    public string? Error { get; }

    public bool IsSuccess => Request is not null;

    /// <summary>The status to answer a failed parse with (RFC 6960 §2.3).</summary>
    public OcspResponseStatus Status => IsSuccess ? OcspResponseStatus.Successful : OcspResponseStatus.MalformedRequest;

    internal static OcspRequestParseResult Success(OcspRequest request) => new(request, null);

    internal static OcspRequestParseResult Malformed(string error) => new(null, error);
}
