using System.Diagnostics;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Muhur.Server.Data;

namespace Muhur.Server.Features.Home;

/// <summary>
/// Every error a person sees: status codes and unhandled exceptions alike. Never a stack trace; a
/// reference the call centre can find in the logs instead.
/// </summary>
[AllowAnonymous]
[IgnoreAntiforgeryToken]
internal sealed class ErrorModel : PageModel
{
    public string TitleKey { get; private set; } = "Error_Title";

    public string TextKey { get; private set; } = "Error_Text";

    public string? RequestId { get; private set; }

    public void OnGet(int? code) => Describe(code);

    public void OnPost(int? code) => Describe(code);

    private void Describe(int? code)
    {
        var failure = HttpContext.Features.Get<IExceptionHandlerFeature>()?.Error;
        if (failure is not null)
        {
            RequestId = Activity.Current?.TraceId.ToString() ?? HttpContext.TraceIdentifier;
            if (failure is DatabaseUnavailableException || DatabaseStartup.IsConnectionFailure(failure))
            {
                (TitleKey, TextKey) = ("Error_UnavailableTitle", "Error_UnavailableText");
                Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            }
            else if (failure is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge })
            {
                // A file over a form's request limit (RequestSizeLimit): the form never sees it, so it is said here.
                (TitleKey, TextKey) = ("Error_TooLargeTitle", "Error_TooLargeText");
                Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
                RequestId = null;
            }

            return;
        }

        (TitleKey, TextKey) = code switch
        {
            403 => ("Error_ForbiddenTitle", "Error_ForbiddenText"),
            404 => ("Error_NotFoundTitle", "Error_NotFoundText"),
            413 => ("Error_TooLargeTitle", "Error_TooLargeText"),
            429 => ("Error_TooManyTitle", "Error_TooManyText"),
            _ => ("Error_Title", "Error_Text"),
        };
        if (code is >= 400 and < 600 && Response.StatusCode == StatusCodes.Status200OK)
        {
            Response.StatusCode = code.Value;
        }
    }
}
