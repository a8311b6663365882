using System.Net.Sockets;

namespace Muhur.Signer;

/// <summary>
/// Says in Turkish why an HTTP request to an OCSP responder or a caIssuers address failed. .NET's own messages are
/// English and name sockets; the holder needs to know whether their network is down or the server is.
/// </summary>
internal static class NetworkFailure
{
    public static string Describe(HttpRequestException failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        var socket = failure.InnerException as SocketException;
        return (failure.HttpRequestError, socket?.SocketErrorCode) switch
        {
            (HttpRequestError.NameResolutionError, _) => "sunucunun adı çözülemedi (internet bağlantısı yok ya da ad yanlış)",
            (_, SocketError.NetworkDown or SocketError.NetworkUnreachable) => "ağ bağlantısı yok",
            (_, SocketError.HostUnreachable or SocketError.HostDown) => "sunucuya ağ üzerinden ulaşılamıyor",
            (_, SocketError.ConnectionRefused) => "sunucu bağlantıyı reddetti (yanıtlayıcı çalışmıyor)",
            (_, SocketError.TimedOut) => "bağlantı zaman aşımına uğradı",
            (HttpRequestError.SecureConnectionError, _) => "güvenli (TLS) bağlantı kurulamadı",
            (HttpRequestError.ResponseEnded or HttpRequestError.InvalidResponse, _) => "sunucu yanıtı yarıda kesti ya da bozuk yanıt verdi",
            _ => $"bağlantı kurulamadı ({failure.Message})",
        };
    }
}
