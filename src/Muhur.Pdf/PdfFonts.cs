using System.Collections.Concurrent;
using PdfSharp.Drawing;
using PdfSharp.Fonts;

namespace Muhur.Pdf;

/// <summary>
/// The fonts every PDF of ours is drawn with: DejaVu Sans 2.37 (regular and bold), carried inside this assembly, so
/// that a document comes out the same on Linux and Windows, whatever fonts the machine has. DejaVu Sans covers the
/// Turkish letters (Ç Ğ İ I Ö Ş Ü and their lower case, dotless ı); PDFsharp embeds the glyphs it uses.
/// </summary>
/// <remarks>
/// PDFsharp finds no font by itself on Linux and takes the machine's on Windows: it draws text only through an
/// <see cref="IFontResolver"/>, which <see cref="GlobalFontSettings.FontResolver"/> accepts once per process.
/// <see cref="Register"/> is that one place. Families other than <see cref="Family"/> are not resolved, so PDFsharp
/// refuses them instead of picking whatever a machine has. Italic is slanted by PDFsharp (no oblique face shipped).
/// The font licence (Bitstream Vera; DejaVu changes public domain) is in Fonts/LICENSE-DejaVu.txt.
/// </remarks>
public sealed class PdfFonts : IFontResolver
{
    /// <summary>The family name to give <see cref="XFont"/>.</summary>
    public const string Family = "DejaVu Sans";

    private const string RegularFace = "DejaVuSans";
    private const string BoldFace = "DejaVuSans-Bold";

    private static readonly PdfFonts Instance = new();
    private static readonly Lock RegisterLock = new();

    private readonly ConcurrentDictionary<string, byte[]> _faces = new(StringComparer.Ordinal);

    private PdfFonts()
    {
    }

    /// <summary>Makes PDFsharp draw text with these fonts; safe to call any number of times, from any thread.</summary>
    /// <exception cref="InvalidOperationException">Another font resolver was registered in this process.</exception>
    public static void Register()
    {
        lock (RegisterLock)
        {
            var current = GlobalFontSettings.FontResolver;
            if (ReferenceEquals(current, Instance))
            {
                return;
            }
            if (current is not null)
            {
                throw new InvalidOperationException(
                    $"PDFsharp already has a font resolver ({current.GetType().FullName}); only {nameof(PdfFonts)} may be one.");
            }
            GlobalFontSettings.FontResolver = Instance;
        }
    }

    /// <inheritdoc />
    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic)
    {
        if (!string.Equals(familyName, Family, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        return new FontResolverInfo(bold ? BoldFace : RegularFace, mustSimulateBold: false, mustSimulateItalic: italic);
    }

    /// <summary>The font file itself, for drawing outside PDFsharp (the captcha image is drawn with the same font).</summary>
    public static byte[] FontFile(bool bold) => Instance._faces.GetOrAdd(bold ? BoldFace : RegularFace, Load);

    /// <inheritdoc />
    public byte[]? GetFont(string faceName) => faceName is RegularFace or BoldFace ? _faces.GetOrAdd(faceName, Load) : null;

    private static byte[] Load(string faceName)
    {
        var name = $"Muhur.Pdf.Fonts.{faceName}.ttf";
        using var stream = typeof(PdfFonts).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The font {name} is missing from the assembly.");
        using var bytes = new MemoryStream();
        stream.CopyTo(bytes);
        return bytes.ToArray();
    }
}
