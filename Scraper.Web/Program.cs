using Scraper.Web.CommandLine;
using Scraper.Web.Hosting;

// Verbs (parse, ...) run and exit; anything else starts the app.
if (Verbs.Handles(args))
{
    return await Verbs.InvokeAsync(args);
}

return await App.RunAsync(args);
