using System.CommandLine;
using System.Globalization;

namespace Scraper.Web.CommandLine;

/// <summary><c>health [--url http://127.0.0.1:8080/health/live] [--timeout 3]</c>: asks a running app whether it
/// is healthy, for the container's HEALTHCHECK (the ASP.NET runtime image has no curl or wget). Exit 0 on a 2xx
/// answer, 1 on anything else, with one line saying which.</summary>
internal static class HealthVerb
{
    public const string DefaultUrl = "http://127.0.0.1:8080/health/live";

    public static Command Build(TextWriter output, TextWriter error)
    {
        var url = new Option<string>("--url") { Description = "What to ask (default " + DefaultUrl + ").", DefaultValueFactory = _ => DefaultUrl };
        // Below Docker's HEALTHCHECK --timeout (5 s in deploy/Dockerfile), so a hung app is reported by this line,
        // not by Docker killing the check.
        var timeout = new Option<int>("--timeout") { Description = "Seconds to wait for an answer (default 3).", DefaultValueFactory = _ => 3 };
        timeout.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 1 or > 60)
            {
                result.AddError("--timeout must be 1..60 seconds.");
            }
        });
        var command = new Command("health", "Ask a running app for its health; exit 0 on a 2xx answer, 1 otherwise.") { url, timeout };
        command.SetAction((result, cancellationToken) => RunAsync(
            result.GetRequiredValue(url), TimeSpan.FromSeconds(result.GetValue(timeout)), output, error, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(string urlText, TimeSpan timeout, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(urlText, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            await error.WriteLineAsync("unhealthy: --url must be an absolute http(s) URL, e.g. " + DefaultUrl);
            return 1;
        }

        // The app is on this host: a proxy from the environment must not stand between them.
        using var handler = new SocketsHttpHandler { UseProxy = false, ConnectTimeout = timeout };
        using var client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            using var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
            var status = ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
            if (response.IsSuccessStatusCode)
            {
                await output.WriteLineAsync("healthy: " + status + " from " + url);
                return 0;
            }

            await error.WriteLineAsync("unhealthy: " + status + " from " + url);
            return 1;
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            await error.WriteLineAsync("unhealthy: no answer within " + timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture) + " s from " + url);
            return 1;
        }
        catch (HttpRequestException e)
        {
            // "Connection refused (127.0.0.1:8080)" and the like: one line, what Docker shows in the health log.
            await error.WriteLineAsync("unhealthy: " + url + " unreachable: " + e.Message);
            return 1;
        }
    }
}
