namespace Muhur.Server.Localization;

/// <summary>
/// The marker type of the user-facing texts: <c>SharedResource.resx</c> holds Turkish (the neutral
/// language, R-X-1), <c>SharedResource.en.resx</c> English.
/// </summary>
#pragma warning disable CA1052 // A marker for IStringLocalizer<T>; never instantiated.
internal sealed class SharedResource
#pragma warning restore CA1052
{
}
