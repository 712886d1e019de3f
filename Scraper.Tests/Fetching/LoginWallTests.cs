using Microsoft.Extensions.DependencyInjection;
using Scraper.Jobs.Fetching;
using Scraper.Jobs.OldReddit;
using Scraper.Simulator;
using Scraper.Tests.Support;

namespace Scraper.Tests.Fetching;

/// <summary>The login wall as old.reddit has raised it since July 2026, over loopback against the simulator: what
/// the client makes of a redirect, a logged-in page, an expired session and a network block, and how one such
/// page stops every later request of the process until the probe finds access back.</summary>
public sealed class LoginWallTests
{
    private const string Session = "t2-session-LoginWallTests-7f3a";

    [Fact]
    public async Task NoSession_WallUp_TheRedirectIsTheLoginWallAndPausesFetching()
    {
        await using var reddit = await StartAsync();
        using var host = new FetcherHost(reddit.BaseUrl);

        var wall = await Assert.ThrowsAsync<AccessPausedException>(() => host.Client.GetNewListingAsync("alpha"));
        var next = await Assert.ThrowsAsync<AccessPausedException>(() => host.Client.GetSubmissionAsync("alpha", "abc1"));

        Assert.Equal(PageKind.LoginWall, wall.Loss.Kind);
        Assert.Contains("/login/", wall.Loss.Reason, StringComparison.Ordinal);
        Assert.Equal(PageKind.LoginWall, next.Loss.Kind);
        // The second request never left: only the first reached reddit.
        var only = Assert.Single(reddit.Requests.Requests);
        Assert.Equal(302, only.Status);
        Assert.False(only.SessionSent);
    }

    [Fact]
    public async Task WithTheSession_PagesComeLoggedInAsTheAccount()
    {
        await using var reddit = await StartAsync();
        using var host = new FetcherHost(reddit.BaseUrl, new() { ["Reddit:SessionCookie"] = Session });

        var listing = await host.Client.GetNewListingAsync("alpha");
        var id = listing.Result.Page!.Submissions.First().Id;
        var submission = await host.Client.GetSubmissionAsync("alpha", id);

        Assert.Equal(PageKind.Listing, listing.Result.Kind);
        Assert.Equal("scraper_ci_account", listing.Result.LoggedInAs);
        Assert.Equal(reddit.World.ListedIds("alpha").Take(25), listing.Result.Page.Submissions.Select(s => s.Id));
        Assert.Equal("scraper_ci_account", submission.Result.LoggedInAs);
        Assert.Equal(id, submission.Result.Page!.Submission.Id);
        Assert.All(reddit.Requests.Requests, r => Assert.True(r.SessionSent && r.LoggedIn));
    }

    [Fact]
    public async Task SessionExpired_TheWallWithASessionSentIsSessionExpired()
    {
        await using var reddit = await StartAsync();
        using var host = new FetcherHost(reddit.BaseUrl, new() { ["Reddit:SessionCookie"] = Session });
        await host.Client.GetNewListingAsync("alpha");

        reddit.Session.Expire();
        var expired = await Assert.ThrowsAsync<AccessPausedException>(() => host.Client.GetNewListingAsync("alpha"));

        Assert.Equal(PageKind.SessionExpired, expired.Loss.Kind);
        Assert.DoesNotContain(Session, expired.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SessionSent_PageServedLoggedOut_IsSessionExpired()
    {
        // No wall: reddit serves the page, but not to the account the session belongs to.
        await using var reddit = await SimulatedReddit.StartAsync(World());
        using var host = new FetcherHost(reddit.BaseUrl, new() { ["Reddit:SessionCookie"] = Session });

        var expired = await Assert.ThrowsAsync<AccessPausedException>(() => host.Client.GetNewListingAsync("alpha"));

        Assert.Equal(PageKind.SessionExpired, expired.Loss.Kind);
    }

    [Fact]
    public async Task NetworkBlock_IsItsOwnOutcomeAndPausesFetching()
    {
        await using var reddit = await StartAsync();
        reddit.Session.NetworkBlock = true;
        using var host = new FetcherHost(reddit.BaseUrl, new() { ["Reddit:SessionCookie"] = Session });

        var blocked = await Assert.ThrowsAsync<AccessPausedException>(() => host.Client.GetNewListingAsync("alpha"));

        Assert.Equal(PageKind.NetworkSecurityBlock, blocked.Loss.Kind);
        Assert.Equal(403, Assert.Single(reddit.Requests.Requests).Status);
    }

    [Fact]
    public async Task Probe_AfterANewSessionIsAccepted_LetsRequestsGoAgain()
    {
        await using var reddit = await StartAsync();
        using var host = new FetcherHost(reddit.BaseUrl, new() { ["Reddit:SessionCookie"] = Session });
        reddit.Session.Expire();
        await Assert.ThrowsAsync<AccessPausedException>(() => host.Client.GetNewListingAsync("alpha"));
        var access = host.Services.GetRequiredService<RedditAccess>();

        // Still refused: the probe gets through the pause, meets the wall again, and the pause stays.
        await Assert.ThrowsAsync<AccessPausedException>(() => host.Client.ProbeAsync("alpha"));
        Assert.NotNull(await access.CurrentAsync());
        reddit.Session.Renew(Session);
        var probe = await host.Client.ProbeAsync("alpha");
        await access.ResumeAsync(probe.Result.LoggedInAs!);
        var listing = await host.Client.GetNewListingAsync("alpha");

        Assert.Null(await access.CurrentAsync());
        Assert.Equal(PageKind.Listing, listing.Result.Kind);
        Assert.Equal(["/login/", "/login/", null, null], reddit.Requests.Requests.Select(r => r.Status == 302 ? "/login/" : null));
    }

    private static SimulatedWorld World()
    {
        var world = new SimulatedWorld(seed: 77) { ShowAds = false };
        world.AddSubreddit("alpha", 25, TimeSpan.FromDays(1));
        return world;
    }

    private static async Task<SimulatedReddit> StartAsync()
    {
        var reddit = await SimulatedReddit.StartAsync(World());
        reddit.Session.Require(Session, "scraper_ci_account");
        return reddit;
    }
}
