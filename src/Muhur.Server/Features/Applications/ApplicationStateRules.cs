namespace Muhur.Server.Features.Applications;

/// <summary>The result of asking whether an event may happen to an application in a state.</summary>
/// <param name="Allowed">Whether the event may happen.</param>
/// <param name="NewState">The state after the event; the current state when refused.</param>
/// <param name="RefusalId">A stable identifier of why it was refused (its Turkish text is <c>ApplicationRefusal_{id}</c>).</param>
internal sealed record ApplicationTransition(bool Allowed, ApplicationState NewState, string? RefusalId)
{
    public static ApplicationTransition To(ApplicationState state) => new(true, state, null);

    public static ApplicationTransition Refuse(ApplicationState current, string refusalId) => new(false, current, refusalId);
}

/// <summary>
/// The application's one state machine (seed 000 §3, R-APP-1 … R-APP-10, R-EONAY-2), for first
/// applications, renewals and lost, stolen or faulty cards alike. Pure: the action that applies a
/// transition writes it and its audit record together, with the actor.
/// </summary>
internal static class ApplicationStateRules
{
    public const string RefusedFinished = "finished";
    public const string RefusedAlreadyAtCentre = "already_at_centre";
    public const string RefusedAlreadyDecided = "already_decided";
    public const string RefusedOutOfOrder = "out_of_order";

    /// <summary>Cancelled, rejected and delivered applications never change again.</summary>
    public static bool IsFinal(ApplicationState state) =>
        state is ApplicationState.Delivered or ApplicationState.Cancelled or ApplicationState.Rejected;

    /// <summary>
    /// R-APP-1, R-APP-7: the access password opens the form until the form is signed. A printed wet form
    /// is not signed yet as far as the system knows, and the seed's correction path ("yeni bir form giriş
    /// sayfasından girilerek tekrar oluşturulur") needs the login, so it works until the paper is forwarded.
    /// </summary>
    public static bool AcceptsApplicantLogin(ApplicationState state) => state is
        ApplicationState.PasswordSent or ApplicationState.FormConfirmed or ApplicationState.PhoneApproved or ApplicationState.WetFormPrinted;

    /// <summary>
    /// R-APP-11: after the form is signed the access password still opens a read-only status session, until the
    /// application is finished and <see cref="StatusAfterFinish"/> has passed: the state, its history and the
    /// shipment's tracking number, and no form or signing page (<see cref="AcceptsApplicantLogin"/> stays the form's rule).
    /// A cancelled application was perhaps never signed, so it is not among them.
    /// </summary>
    public static bool AcceptsStatusLogin(ApplicationState state, DateTimeOffset updatedAt, DateTimeOffset now) => state switch
    {
        ApplicationState.ESigned or ApplicationState.EApproved or ApplicationState.ForwardedToCentre or ApplicationState.ReceivedByCentre
            or ApplicationState.Approved or ApplicationState.CardProduced or ApplicationState.Shipped => true,
        ApplicationState.Delivered or ApplicationState.Rejected => now - updatedAt <= StatusAfterFinish,
        _ => false,
    };

    /// <summary>How long a delivered or rejected application's status can still be looked up by its applicant.</summary>
    public static readonly TimeSpan StatusAfterFinish = TimeSpan.FromDays(30);

    /// <summary>The institution may resend the access password while the applicant may still log in.</summary>
    public static bool AcceptsNewAccessPassword(ApplicationState state) =>
        state is ApplicationState.Registered || AcceptsApplicantLogin(state);

    /// <summary>R-APP-10: the states in which the centre's officer decides.</summary>
    public static bool AwaitsCentreDecision(ApplicationState state) => state is
        ApplicationState.ReceivedByCentre or ApplicationState.ESigned or ApplicationState.EApproved;

    public static ApplicationTransition Decide(ApplicationState current, ApplicationEvent @event)
    {
        if (IsFinal(current))
        {
            return ApplicationTransition.Refuse(current, RefusedFinished);
        }

        return @event switch
        {
            // A new password voids the old one; the state says only that one was sent (R-APP-1).
            ApplicationEvent.SendAccessPassword when AcceptsNewAccessPassword(current) =>
                ApplicationTransition.To(current == ApplicationState.Registered ? ApplicationState.PasswordSent : current),

            // R-APP-3 "Önceki Başvuru", R-APP-7: a correction is a confirmed form again; it needs a new SMS
            // approval and voids a printed form's barcode.
            ApplicationEvent.ConfirmForm when AcceptsApplicantLogin(current) => ApplicationTransition.To(ApplicationState.FormConfirmed),
            ApplicationEvent.ApprovePhone when current == ApplicationState.FormConfirmed => ApplicationTransition.To(ApplicationState.PhoneApproved),

            // R-APP-6: the method is chosen after the phone approval. Printing again keeps the same form.
            ApplicationEvent.PrintWetForm when current is ApplicationState.PhoneApproved or ApplicationState.WetFormPrinted =>
                ApplicationTransition.To(ApplicationState.WetFormPrinted),
            ApplicationEvent.ESign when current == ApplicationState.PhoneApproved => ApplicationTransition.To(ApplicationState.ESigned),
            ApplicationEvent.EApprove when current == ApplicationState.PhoneApproved => ApplicationTransition.To(ApplicationState.EApproved),

            // R-APP-9: only paper travels.
            ApplicationEvent.Forward when current == ApplicationState.WetFormPrinted => ApplicationTransition.To(ApplicationState.ForwardedToCentre),
            ApplicationEvent.Receive when current == ApplicationState.ForwardedToCentre => ApplicationTransition.To(ApplicationState.ReceivedByCentre),

            // R-APP-10: decided once.
            ApplicationEvent.Approve when AwaitsCentreDecision(current) => ApplicationTransition.To(ApplicationState.Approved),
            ApplicationEvent.Reject when AwaitsCentreDecision(current) || current == ApplicationState.ForwardedToCentre =>
                ApplicationTransition.To(ApplicationState.Rejected),
            ApplicationEvent.Approve or ApplicationEvent.Reject when current is
                ApplicationState.Approved or ApplicationState.CardProduced or ApplicationState.Shipped =>
                ApplicationTransition.Refuse(current, RefusedAlreadyDecided),

            ApplicationEvent.ProduceCard when current == ApplicationState.Approved => ApplicationTransition.To(ApplicationState.CardProduced),
            ApplicationEvent.Ship when current == ApplicationState.CardProduced => ApplicationTransition.To(ApplicationState.Shipped),

            // A returned parcel is back at the centre with its card, to be sent again.
            ApplicationEvent.ReturnShipment when current == ApplicationState.Shipped => ApplicationTransition.To(ApplicationState.CardProduced),
            ApplicationEvent.Deliver when current == ApplicationState.Shipped => ApplicationTransition.To(ApplicationState.Delivered),

            // Once a card exists its certificate is what is revoked, not the application.
            ApplicationEvent.Cancel when current is not (ApplicationState.CardProduced or ApplicationState.Shipped) =>
                ApplicationTransition.To(ApplicationState.Cancelled),

            // Changing the form or the method of an application the centre already has.
            ApplicationEvent.ConfirmForm or ApplicationEvent.ApprovePhone or ApplicationEvent.PrintWetForm or ApplicationEvent.ESign or ApplicationEvent.EApprove
                when current is ApplicationState.ESigned or ApplicationState.EApproved or ApplicationState.ForwardedToCentre or ApplicationState.ReceivedByCentre or ApplicationState.Approved =>
                ApplicationTransition.Refuse(current, RefusedAlreadyAtCentre),

            _ => ApplicationTransition.Refuse(current, RefusedOutOfOrder),
        };
    }
}
