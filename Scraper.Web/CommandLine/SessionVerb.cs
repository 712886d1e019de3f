using System.CommandLine;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Scraper.Jobs.Discovery;
using Scraper.Jobs.Fetching;
using Scraper.Jobs.OldReddit;
using Scraper.Web.Hosting;

namespace Scraper.Web.CommandLine;

/// <summary><c>session [subreddit]</c>: fetches the smallest listing page of the subreddit (default: the first of
/// <c>Scraper:Subreddits</c>) with the configured session and prints one JSON line: logged in or not, as whom, the
/// outcome otherwise, and the session's expiry when the cookie carries one. Exit 0 only when logged in. The session
/// itself is never printed.</summary>
internal static class SessionVerb
{
    public const int NotLoggedIn = 2;

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static Command Build(TextWriter output, TextWriter error)
    {
        var subreddit = new Argument<string?>("subreddit")
        {
            Description = "The subreddit whose listing to ask for (default: the first configured one).",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var command = new Command("session", "Ask reddit whether the configured session is logged in, and as whom.") { subreddit };
        command.SetAction((result, cancellationToken) => RunAsync(result.GetValue(subreddit), output, error, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(string? subreddit, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        using var host = await FetchVerb.StartClientHostAsync(error, cancellationToken);
        if (host is null)
        {
            return 1;
        }

        try
        {
            subreddit ??= Settings.Read<ScraperOptions>(host.Services.GetRequiredService<IConfiguration>(), ScraperOptions.SectionName)
                .Subreddits.FirstOrDefault() ?? "popular";
        }
        catch (OptionsValidationException e)
        {
            await VerbHost.WriteInvalidAsync(error, e);
            await host.StopAsync(CancellationToken.None);
            return 1;
        }

        if (!RedditUrls.IsValidSubredditName(subreddit))
        {
            await error.WriteLineAsync("not a valid subreddit name: " + subreddit);
            return 1;
        }

        var reddit = host.Services.GetRequiredService<IOptions<RedditOptions>>().Value;
        var expires = reddit.SessionExpires;
        string outcome;
        string? account = null;
        try
        {
            var fetched = await host.Services.GetRequiredService<RedditPages>().ProbeAsync(subreddit, cancellationToken);
            outcome = PageKindNames.Of(fetched.Result.Kind);
            account = fetched.Result.LoggedInAs;
        }
        catch (AccessPausedException e)
        {
            outcome = PageKindNames.Of(e.Loss.Kind);
        }
        catch (RedditUnavailableException e)
        {
            await error.WriteLineAsync(e.Message);
            return 1;
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }

        await output.WriteLineAsync(JsonSerializer.Serialize(
            new
            {
                LoggedIn = account is not null,
                LoggedInAs = account,
                Outcome = outcome,
                SessionConfigured = reddit.HasSession,
                SessionExpires = expires,
            },
            Json));
        return account is null ? NotLoggedIn : 0;
    }
}
