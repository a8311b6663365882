using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace Muhur.Server.Logging;

internal sealed class MaskingConsoleFormatterOptions : ConsoleFormatterOptions
{
    /// <summary>One JSON object per line (for log collectors) instead of one readable line.</summary>
    public bool Json { get; set; }
}

/// <summary>
/// The console log format of Mühür: structured (JSON lines in production, a readable line in
/// development) and with personal data masked in the message, its properties and exceptions (R-X-3).
/// </summary>
internal sealed class MaskingConsoleFormatter(IOptionsMonitor<MaskingConsoleFormatterOptions> options)
    : ConsoleFormatter(FormatterName)
{
    public const string FormatterName = "muhur";

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        ArgumentNullException.ThrowIfNull(textWriter);
        var message = PersonalDataMasker.Mask(logEntry.Formatter?.Invoke(logEntry.State, logEntry.Exception));
        var exception = logEntry.Exception is null ? null : PersonalDataMasker.Mask(logEntry.Exception.ToString());
        var time = DateTimeOffset.UtcNow;

        if (!options.CurrentValue.Json)
        {
            textWriter.Write(time.ToString("HH:mm:ss ", System.Globalization.CultureInfo.InvariantCulture));
            textWriter.Write(ShortLevel(logEntry.LogLevel));
            textWriter.Write(' ');
            textWriter.Write(logEntry.Category);
            textWriter.Write(": ");
            textWriter.WriteLine(message);
            if (exception is not null)
            {
                textWriter.WriteLine(exception);
            }

            return;
        }

        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            json.WriteStartObject();
            json.WriteString("time", time);
            json.WriteString("level", logEntry.LogLevel.ToString());
            json.WriteString("category", logEntry.Category);
            json.WriteNumber("eventId", logEntry.EventId.Id);
            json.WriteString("message", message);
            if (logEntry.State is IReadOnlyList<KeyValuePair<string, object?>> properties)
            {
                json.WriteStartObject("properties");
                foreach (var (name, value) in properties)
                {
                    if (name == "{OriginalFormat}")
                    {
                        continue;
                    }

                    json.WriteString(name, PersonalDataMasker.MaskProperty(name, value));
                }

                json.WriteEndObject();
            }

            if (exception is not null)
            {
                json.WriteString("exception", exception);
            }

            json.WriteEndObject();
        }

        textWriter.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
    }

    private static string ShortLevel(LogLevel level) => level switch
    {
        LogLevel.Trace => "trce",
        LogLevel.Debug => "dbug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "fail",
        LogLevel.Critical => "crit",
        _ => "none",
    };
}
