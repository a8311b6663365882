namespace Muhur.Server.Features.Audit;

/// <summary>
/// Every action name written to the audit log (R-CA-4). They are stored in the hash-chained entries and read by
/// auditors and queries, so a name never changes once written: a renamed action would split one kind of event
/// into two. New names are added here, never spelled out at the call site.
/// </summary>
internal static class AuditActions
{
    public const string CaRootCreated = "ca.root-created";
    public const string CaIssuingCreated = "ca.issuing-created";
    public const string CaOcspResponderCreated = "ca.ocsp-responder-created";
    public const string CaOcspResponderRotated = "ca.ocsp-responder-rotated";

    public const string CertificateIssued = "certificate.issued";
    public const string CertificateRevoked = "certificate.revoked";
    public const string CertificateSuspended = "certificate.suspended";
    public const string CertificateReinstated = "certificate.reinstated";

    public const string ApplicationOpened = "application.opened";
    public const string ApplicationStateChanged = "application.state-changed";
    public const string ApplicationAccessPasswordSent = "application.access-password-sent";
    public const string ApplicationsImported = "application.csv-imported";
    public const string ApplicationReceiptAccepted = "application.receipt-accepted";
    public const string ApplicationReceiptRefused = "application.receipt-refused";

    public const string ForwardingFormReceived = "forwarding.form-received";
    public const string ForwardingBatchCreated = "forwarding.batch-created";
    public const string ForwardingBatchSent = "forwarding.batch-sent";
    public const string ForwardingBatchCancelled = "forwarding.batch-cancelled";
    public const string ForwardingBatchFormFound = "forwarding.batch-form-found";
    public const string ForwardingBatchFinding = "forwarding.batch-finding";
    public const string ForwardingBatchReceived = "forwarding.batch-received";

    public const string ApplicantSignedIn = "applicant.signed-in";
    public const string ApplicantLoginFailed = "applicant.login-failed";
    public const string ApplicantLoginLinkSent = "applicant.login-link-sent";

    public const string CardProduced = "card.produced";
    public const string CardSecretsDisclosed = "card.secrets_disclosed";

    public const string CodeSigned = "code.signed";

    public const string EOnayConsentGiven = "eonay.consent-given";
    public const string EOnayConsentWithdrawn = "eonay.consent-withdrawn";

    public const string InstitutionCreated = "institution.created";
    public const string PersonRegistered = "person.registered";
    public const string PositionAdded = "position.added";
    public const string PositionEligibilityChanged = "position.eligibility-changed";

    /// <summary>R-APP-11: the call centre checked a caller's identity (matched or not; never the answers).</summary>
    public const string CallerIdentityChecked = "caller.identity-checked";

    /// <summary>R-APP-11: a check refused because the person had too many failed checks in 24 hours.</summary>
    public const string CallerIdentityCheckLimited = "caller.identity-check-limited";

    /// <summary>R-APP-11: the call centre recorded a request to change a holder's surname or institution.</summary>
    public const string PersonChangeRequested = "person.change-requested";

    public const string StaffCreated = "staff.created";
    public const string StaffLogin = "staff.login";
    public const string StaffLoginFailed = "staff.login-failed";
    public const string StaffLockedOut = "staff.locked-out";
}
