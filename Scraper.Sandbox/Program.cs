using Scraper.Sandbox;
using Scraper.Web.Hosting;

// The app as Scraper.Web runs it, inside a simulated old.reddit of its own (Sandbox); the arguments are
// configuration, as they are for the app.
return await App.RunAsync(args, async builder => await Sandbox.StartAsync(builder));
