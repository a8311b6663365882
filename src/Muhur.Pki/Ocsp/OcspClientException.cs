namespace Muhur.Pki.Ocsp;

/// <summary>Why <see cref="OcspClient"/> has no answer to give; the caller words it for its reader.</summary>
public enum OcspClientFailure
{
    /// <summary>The HTTP request failed; the inner exception is the <see cref="HttpRequestException"/>.</summary>
    Unreachable,

    /// <summary>No answer within the timeout; the inner exception is the <see cref="TaskCanceledException"/>.</summary>
    TimedOut,

    /// <summary>An HTTP status other than success; <see cref="OcspClientException.HttpStatusCode"/>.</summary>
    HttpStatus,

    /// <summary>Not DER, or not an OCSPResponse.</summary>
    Malformed,

    /// <summary>responseStatus other than successful (RFC 6960 §4.2.1); <see cref="OcspClientException.ResponseStatus"/>.</summary>
    NotSuccessful,

    /// <summary>responseType other than id-pkix-ocsp-basic.</summary>
    UnsupportedType,

    /// <summary>Neither the issuer's key nor any included certificate's key verifies the signature.</summary>
    SignatureInvalid,

    /// <summary>The signer is not the issuer nor a delegated responder it authorised (RFC 6960 §4.2.2.2).</summary>
    ResponderNotAuthorised,

    /// <summary>The response's nonce is not the request's (RFC 6960 §4.4.1).</summary>
    NonceMismatch,

    /// <summary>thisUpdate lies in the future beyond the allowed clock skew.</summary>
    ThisUpdateInFuture,

    /// <summary>nextUpdate has passed, or without nextUpdate thisUpdate is too old (RFC 6960 §3.2, §4.2.2.1).</summary>
    Stale,

    /// <summary>No SingleResponse for the requested CertID.</summary>
    NoStatusForCertificate,
}

/// <summary>An OCSP query that gave no usable answer, with the reason as <see cref="OcspClientFailure"/>.</summary>
public sealed class OcspClientException : Exception
{
    public OcspClientException()
    {
    }

    public OcspClientException(string message)
        : base(message)
    {
    }

    public OcspClientException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    internal OcspClientException(OcspClientFailure failure, Exception? innerException = null)
        : base($"OCSP: {failure}", innerException)
    {
        Failure = failure;
    }

    internal OcspClientException(OcspClientFailure failure, int httpStatusCode)
        : this(failure)
    {
        HttpStatusCode = httpStatusCode;
    }

    internal OcspClientException(OcspClientFailure failure, OcspResponseStatus responseStatus)
        : this(failure)
    {
        ResponseStatus = responseStatus;
    }

    public OcspClientFailure Failure { get; }

    public int? HttpStatusCode { get; }

    public OcspResponseStatus? ResponseStatus { get; }
}
