using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Muhur.Server.Logging;

namespace Muhur.Server.Tests.Unit;

// R-X-3: the structured log line carries no personal data, in the message nor in its properties.
public class MaskingConsoleFormatterTests
{
    [Fact]
    public void Write_JsonWithPersonalData_MasksMessageAndProperties()
    {
        var formatter = new MaskingConsoleFormatter(new StaticOptions(new MaskingConsoleFormatterOptions { Json = true }));
        var state = new List<KeyValuePair<string, object?>>
        {
            new("NationalId", "10000000146"),
            new("Email", "ayse.yilmaz@ornek.edu.tr"),
            new("{OriginalFormat}", "Registered {NationalId} {Email}"),
        };
        var entry = new LogEntry<IReadOnlyList<KeyValuePair<string, object?>>>(
            LogLevel.Information, "Test", new EventId(7), state, null, (_, _) => "Registered 10000000146 ayse.yilmaz@ornek.edu.tr");
        using var output = new StringWriter();

        formatter.Write(entry, null, output);
        var line = output.ToString();
        using var json = JsonDocument.Parse(line);

        Assert.DoesNotContain("10000000146", line, StringComparison.Ordinal);
        Assert.DoesNotContain("ayse.yilmaz", line, StringComparison.Ordinal);
        Assert.Equal("Registered *********46 a**********@ornek.edu.tr", json.RootElement.GetProperty("message").GetString());
        Assert.Equal("*********46", json.RootElement.GetProperty("properties").GetProperty("NationalId").GetString());
    }

    private sealed class StaticOptions(MaskingConsoleFormatterOptions value) : IOptionsMonitor<MaskingConsoleFormatterOptions>
    {
        public MaskingConsoleFormatterOptions CurrentValue => value;

        public MaskingConsoleFormatterOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<MaskingConsoleFormatterOptions, string?> listener) => null;
    }
}
