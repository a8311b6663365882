namespace Muhur.Pki.Tests.Support;

public static class X509TimeForTests
{
    public static DateTimeOffset Truncate(DateTimeOffset value)
    {
        DateTimeOffset utc = value.ToUniversalTime();
        return utc.AddTicks(-(utc.Ticks % TimeSpan.TicksPerSecond));
    }
}
