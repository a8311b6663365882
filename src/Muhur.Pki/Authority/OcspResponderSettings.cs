namespace Muhur.Pki.Authority;

public sealed record OcspResponderSettings
{
    public CaSubjectName Subject { get; init; } = CaSubjectName.DefaultOcspResponder;

    /// <summary>Short-lived because id-pkix-ocsp-nocheck makes the certificate unrevocable in practice (RFC 6960 §4.2.2.2.1).</summary>
    public TimeSpan Validity { get; init; } = TimeSpan.FromDays(30);
}
