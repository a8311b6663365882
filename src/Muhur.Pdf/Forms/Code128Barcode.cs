using PdfSharp.Drawing;
using ZXing.OneD;

namespace Muhur.Pdf.Forms;

/// <summary>A Code 128 barcode (ISO/IEC 15417) drawn as vector bars, so it scans at any print resolution.</summary>
internal static class Code128Barcode
{
    /// <summary>ISO/IEC 15417 §4.3.2: a quiet zone of at least ten modules on either side.</summary>
    private const int QuietModules = 10;

    /// <summary>The bars of <paramref name="text"/> as modules, quiet zones included.</summary>
    public static bool[] Modules(string text) => new Code128Writer().encode(text);

    /// <summary>Draws the barcode with its top-left corner at (<paramref name="x"/>, <paramref name="y"/>).</summary>
    /// <returns>The width drawn, quiet zones included.</returns>
    public static double Draw(XGraphics graphics, string text, double x, double y, double moduleWidth, double height)
    {
        var modules = Modules(text);
        var start = 0;
        while (start < modules.Length)
        {
            if (!modules[start])
            {
                start++;
                continue;
            }

            var end = start;
            while (end < modules.Length && modules[end])
            {
                end++;
            }

            graphics.DrawRectangle(XBrushes.Black, x + ((start + QuietModules) * moduleWidth), y, (end - start) * moduleWidth, height);
            start = end;
        }

        return (modules.Length + (2 * QuietModules)) * moduleWidth;
    }
}
