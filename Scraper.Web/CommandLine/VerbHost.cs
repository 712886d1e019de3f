using Microsoft.Extensions.Options;
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

    /// <summary>The one line a verb writes for invalid configuration.</summary>
    public static Task WriteInvalidAsync(TextWriter error, OptionsValidationException e) =>
        error.WriteLineAsync("invalid configuration: " + string.Join("; ", e.Failures));
}
