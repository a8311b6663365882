namespace Muhur.Server.Features.ApplicationSigning;

/// <summary>What the e-signed and the consent pages show for muhur-imza: the code, the exact command, the downloads.</summary>
internal sealed record SignCodeView(string Code, DateTimeOffset ExpiresAt, string Command, IReadOnlyList<SignerDownload> Downloads, string StatusUrl)
{
    /// <summary>The command the holder runs (R-APP-8): it signs the code on the card and posts it to <paramref name="submitUrl"/>.</summary>
    public static string CommandFor(string code, string submitUrl) => $"muhur-imza sign-code {code} --gonder {submitUrl}";
}
