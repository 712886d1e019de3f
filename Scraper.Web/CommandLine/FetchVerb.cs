using System.CommandLine;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Scraper.Jobs.Fetching;
using Scraper.Jobs.OldReddit;
using Scraper.Web.Hosting;
using Scraper.Web.Hosting.Logging;
using Serilog;

namespace Scraper.Web.CommandLine;

/// <summary><c>fetch &lt;subreddit&gt; [--pages N] [--submissions M]</c>: reads the newest listing pages and some
/// submission pages through the real client (rate limit, retries, shared Redis gate and all) and prints one JSON
/// line per page. Settings come from configuration as for the app (<c>Reddit__BaseUrl</c>,
/// <c>ConnectionStrings__Redis</c>, …).</summary>
internal static class FetchVerb
{
    public const int NamedOutcome = 2;

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static Command Build(TextWriter output, TextWriter error)
    {
        var subreddit = new Argument<string>("subreddit") { Description = "The subreddit, without r/." };
        var pages = new Option<int>("--pages") { Description = "Listing pages to read (default 1).", DefaultValueFactory = _ => 1 };
        var submissions = new Option<int>("--submissions")
        {
            Description = "Submission pages to read, the newest first (default 0).",
        };
        var command = new Command("fetch", "Fetch a subreddit's newest pages through the real client; one JSON line per page.")
        {
            subreddit, pages, submissions,
        };
        command.SetAction((result, cancellationToken) => RunAsync(
            result.GetRequiredValue(subreddit), result.GetValue(pages), result.GetValue(submissions), output, error, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(
        string subreddit, int pages, int submissions, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (!RedditUrls.IsValidSubredditName(subreddit))
        {
            await error.WriteLineAsync("not a valid subreddit name: " + subreddit);
            return 1;
        }

        using var host = await StartClientHostAsync(error, cancellationToken);
        if (host is null)
        {
            return 1;
        }

        var client = host.Services.GetRequiredService<RedditPages>();
        var allRead = true;
        try
        {
            string? after = null;
            var ids = new List<string>();
            for (var page = 0; page < pages; page++)
            {
                var fetched = await client.GetNewListingAsync(subreddit, after, ids.Count, cancellationToken);
                var listing = fetched.Result.Page;
                await PrintAsync(output, fetched, listing?.Submissions.Count());
                allRead &= fetched.Result.Kind.IsSuccess();
                ids.AddRange(listing?.Submissions.Select(s => s.Id) ?? []);
                after = listing?.After;
                if (after is null)
                {
                    break;
                }
            }

            foreach (var id in ids.Take(submissions))
            {
                var fetched = await client.GetSubmissionAsync(subreddit, id, cancellationToken: cancellationToken);
                await PrintAsync(output, fetched, fetched.Result.Page is null ? 0 : 1);
                allRead &= fetched.Result.Kind.IsSuccess();
            }
        }
        catch (RedditUnavailableException e)
        {
            await error.WriteLineAsync(e.Message);
            return 1;
        }
        catch (AccessPausedException e)
        {
            // The message names the outcome and never the session.
            await error.WriteLineAsync(e.Message);
            return NamedOutcome;
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }

        return allRead ? 0 : NamedOutcome;
    }

    private static Task PrintAsync<TPage>(TextWriter output, Fetched<TPage> fetched, int? submissions)
        where TPage : class =>
        output.WriteLineAsync(JsonSerializer.Serialize(
            new
            {
                Url = fetched.Url,
                Status = (int)fetched.Status,
                Kind = PageKindNames.Of(fetched.Result.Kind),
                fetched.Result.Reason,
                fetched.Result.LoggedInAs,
                DurationMs = Math.Round(fetched.Duration.TotalMilliseconds, 1),
                fetched.Bytes,
                Submissions = submissions,
            },
            Json));

    /// <summary>A host with the real client and the app's configuration (Redis included, for the shared gate and
    /// pause), started; null, having said why on <paramref name="error"/>, when the configuration is invalid.</summary>
    internal static async Task<IHost?> StartClientHostAsync(TextWriter error, CancellationToken cancellationToken)
    {
        HostApplicationBuilder builder;
        ConnectionStringsOptions connections;
        try
        {
            builder = VerbHost.CreateBuilder();
            connections = Settings.Read<ConnectionStringsOptions>(builder.Configuration, ConnectionStringsOptions.SectionName);
        }
        catch (OptionsValidationException e)
        {
            await VerbHost.WriteInvalidAsync(error, e);
            return null;
        }

        // Output is JSON on stdout; whatever the libraries log (warnings and errors) goes to stderr, through
        // Serilog as in the app, text or JSON as Logging:Json says.
        builder.Logging.ClearProviders();
        builder.Services.AddSerilog(
            new LoggerConfiguration().MinimumLevel.Warning().WriteToConsole(builder.Configuration, standardError: true).CreateLogger(),
            dispose: true);
        builder.Services.AddRedditClient();
        if (connections.HasRedis)
        {
            builder.Services.AddRedisConnection(connections.Redis);
        }

        var host = builder.Build();
        try
        {
            await host.StartAsync(cancellationToken);
            return host;
        }
        catch (OptionsValidationException e)
        {
            await VerbHost.WriteInvalidAsync(error, e);
            host.Dispose();
            return null;
        }
    }
}
