namespace Muhur.Server.Features.Applications;

/// <summary>Why a certificate is applied for (seed 000 §2, §3; first seed §12 for lost cards).</summary>
internal enum ApplicationKind
{
    /// <summary>The person's first qualified certificate from this institution.</summary>
    First,

    /// <summary>R-REN-1: a new certificate for a holder whose current one ends within two months.</summary>
    Renewal,

    /// <summary>R-LOST-1: the card was lost or stolen; its certificate is revoked.</summary>
    LostOrStolen,

    /// <summary>R-MAL-1: the card does not work.</summary>
    FaultyCard,
}

/// <summary>Who pays for the certificate (R-ELIG-1, R-ELIG-4).</summary>
internal enum PaymentMode
{
    Institution,

    /// <summary>Bireysel ödemeli: recorded with the receipt (dekont).</summary>
    Individual,
}

/// <summary>How the application form and undertaking are signed (R-APP-6).</summary>
internal enum SigningMethod
{
    /// <summary>Islak imzalı: the printed form with its barcode, forwarded by the institution (R-APP-7, R-APP-9).</summary>
    WetSigned,

    /// <summary>E-imzalı: a verification code signed with a valid qualified certificate of ours (R-APP-8).</summary>
    ESigned,

    /// <summary>E-onaylı: completed after login and SMS by a holder who gave consent (R-EONAY-2).</summary>
    EOnay,
}

/// <summary>
/// Where an application stands, from the institution's registration to the card in the holder's hand
/// (seed 000 §3, R-APP-1 … R-APP-10). The stored value is the name, so the order here is free.
/// </summary>
internal enum ApplicationState
{
    /// <summary>The institution authority registered the person and opened the application.</summary>
    Registered,

    /// <summary>R-APP-1: the access password and the link went to the corporate e-mail.</summary>
    PasswordSent,

    /// <summary>R-APP-4: the applicant completed the form and pressed "Formu Onayla".</summary>
    FormConfirmed,

    /// <summary>R-APP-5: the SMS code sent to the form's mobile number was entered.</summary>
    PhoneApproved,

    /// <summary>R-APP-7: the wet-signed form with its barcode was made; it awaits the institution's forwarding.</summary>
    WetFormPrinted,

    /// <summary>R-APP-8: signed with a qualified certificate; it is at the centre.</summary>
    ESigned,

    /// <summary>R-EONAY-2: completed with E-Onay consent; it is at the centre.</summary>
    EApproved,

    /// <summary>R-APP-9: the institution sent the signed paper form to the centre in a batch.</summary>
    ForwardedToCentre,

    /// <summary>R-APP-9: the centre marked the paper form received by its barcode.</summary>
    ReceivedByCentre,

    /// <summary>R-APP-10: the centre's officer approved it; it awaits card production.</summary>
    Approved,

    /// <summary>R-CARD-1: the card and its certificate exist.</summary>
    CardProduced,

    /// <summary>R-APP-10: the card is with the courier.</summary>
    Shipped,

    /// <summary>The card reached the holder; the application is closed.</summary>
    Delivered,

    /// <summary>Withdrawn by the institution or the applicant before a card was made.</summary>
    Cancelled,

    /// <summary>R-APP-10: refused by the centre's officer with a reason.</summary>
    Rejected,
}

/// <summary>What happens to an application; each is one action class and one audited transition.</summary>
internal enum ApplicationEvent
{
    SendAccessPassword,
    ConfirmForm,
    ApprovePhone,
    PrintWetForm,
    ESign,
    EApprove,
    Forward,
    Receive,
    Approve,
    Reject,
    ProduceCard,
    Ship,
    ReturnShipment,
    Deliver,
    Cancel,
}
