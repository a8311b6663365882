namespace Muhur.Server.Features.CentreIncoming;

/// <summary>The centre's receipt of the institutions' batches of paper forms (R-APP-9) under <c>/merkez/gelen-evrak</c>.</summary>
internal static class CentreIncomingModule
{
    public static IServiceCollection AddCentreIncoming(this IServiceCollection services) =>
        services.AddScoped<ReceiveBatchForm>().AddScoped<FinishBatchReceipt>();
}
