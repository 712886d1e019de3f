using Microsoft.Extensions.Options;
using Scraper.Jobs.Storage;
using Scraper.Web.Hosting;

namespace Scraper.Web.CommandLine;

/// <summary>The configuration of the verbs that read it, as the app reads it: the app's own
/// <c>appsettings.json</c> wherever the verb is started from, then the environment; an unknown key in one of
/// Scraper's sections refused (<see cref="Settings.CheckKnownKeys"/>).</summary>
internal static class VerbHost
{
    /// <exception cref="OptionsValidationException">An unknown key; the failures name it.</exception>
    public static HostApplicationBuilder CreateBuilder()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = AppContext.BaseDirectory });
        Settings.CheckKnownKeys(builder.Configuration);
        return builder;
    }

    /// <summary>Runs a verb that reads the store: invalid configuration or an unusable
    /// <c>ConnectionStrings:Submissions</c> ends it with one line on <paramref name="error"/> and exit code 1;
    /// otherwise the output is flushed and the exit code is 0.</summary>
    public static async Task<int> RunWithStoreAsync(Func<Task> verb, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        try
        {
            await verb();
        }
        catch (SubmissionStoreConfigurationException e)
        {
            await error.WriteLineAsync(e.Message);
            return 1;
        }
        catch (OptionsValidationException e)
        {
            await WriteInvalidAsync(error, e);
            return 1;
        }

        await output.FlushAsync(cancellationToken);
        return 0;
    }

    /// <summary>The one line a verb writes for invalid configuration.</summary>
    public static Task WriteInvalidAsync(TextWriter error, OptionsValidationException e) =>
        error.WriteLineAsync("invalid configuration: " + string.Join("; ", e.Failures));
}
