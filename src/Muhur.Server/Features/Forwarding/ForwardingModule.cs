namespace Muhur.Server.Features.Forwarding;

/// <summary>The institution's forwarding of signed paper forms to the centre (R-APP-9) under <c>/kurum/evrak</c>.</summary>
internal static class ForwardingModule
{
    public static IServiceCollection AddForwarding(this IServiceCollection services) =>
        services
            .AddScoped<MarkFormReceived>()
            .AddScoped<CreateForwardingBatch>()
            .AddScoped<SendForwardingBatch>()
            .AddScoped<CancelForwardingBatch>();
}
