using System.Globalization;
using Scraper.Simulator.World;

namespace Scraper.Simulator.Rendering;

/// <summary>Fills the templates with the world's values. Pure: a snapshot of the world and a time in, bytes out.</summary>
internal sealed class PageRenderer(PageTemplates templates, string site)
{
    /// <summary>A subreddit's "hide scores" window: younger posts show "•" (their data-score is still exact).</summary>
    public static readonly TimeSpan ScoreHiddenFor = TimeSpan.FromHours(1);

    // Where ads go among a page's things: the real /r/China_irl page had them 4th and 16th.
    private static readonly int[] AdPositions = [3, 15];

    // account: the account the page is rendered for (logged in), or null (logged out).
    public void Listing(
        PageWriter w, WorldState world, SubredditState subreddit, ListingQuery query, DateTimeOffset now, bool showAds, string? account = null)
    {
        var slice = ListingSlice.Of(subreddit, world.Posts, query);
        ListingPage(w, templates.Listing, new ListingContext(this, world, subreddit, subreddit.Name, slice, query, now, showAds, account));
    }

    /// <summary>A combined listing, <c>/r/a+b+c/new/</c>: the listing page without any one subreddit's sidebar,
    /// named <paramref name="name"/> (the members found, joined by <c>+</c>), listing the posts of
    /// <paramref name="shown"/> merged newest first, each thing naming its own subreddit.</summary>
    public void CombinedListing(
        PageWriter w, WorldState world, string name, IReadOnlyList<SubredditState> shown, ListingQuery query, DateTimeOffset now,
        bool showAds, string? account = null)
    {
        var slice = ListingSlice.Merged(shown, world.Posts, query);
        ListingPage(w, templates.CombinedListing, new ListingContext(this, world, null, name, slice, query, now, showAds, account));
    }

    private static void ListingPage(PageWriter w, Template<ListingHole> template, ListingContext context) =>
        template.Render(w, context, static (w, hole, c) =>
        {
            switch (hole)
            {
                case ListingHole.Site:
                    w.Text(c.Renderer.Site);
                    break;
                case ListingHole.Subreddit:
                    w.Text(c.Name);
                    break;
                case ListingHole.Title:
                    w.Raw("newest submissions : "u8);
                    w.Text(c.Name);
                    break;
                case ListingHole.BodyClass:
                    LoggedInClass(w, c.Account);
                    w.Raw("listing-page new-page"u8);
                    break;
                case ListingHole.UserBar:
                    UserBar(w, c.Renderer.Site, c.Account);
                    break;
                case ListingHole.Logged:
                    Logged(w, c.Account);
                    break;
                case ListingHole.ServerTime:
                    ServerTime(w, c.Now);
                    break;
                case ListingHole.Things:
                    c.Renderer.Things(w, c);
                    break;
                case ListingHole.NavButtons:
                    c.Renderer.NavButtons(w, c);
                    break;
            }
        });

    // account: the account the page is rendered for (logged in), or null (logged out).
    // root: the comment (its index) whose "continue this thread" page this is; null for the submission's page.
    public void Submission(PageWriter w, SubredditState subreddit, SimulatedPost post, DateTimeOffset now, string? account = null, int? root = null)
    {
        var context = new ThingContext(this, subreddit, post, null, true, now, account, root);
        templates.Page.Render(w, context, static (w, hole, c) =>
        {
            var post = c.Post;
            switch (hole)
            {
                case PageHole.Site:
                    w.Text(c.Renderer.Site);
                    break;
                case PageHole.Subreddit:
                    w.Text(post.Subreddit);
                    break;
                case PageHole.Id:
                    w.Text(post.Id);
                    break;
                case PageHole.Slug:
                    w.Text(post.Slug);
                    break;
                case PageHole.SlugEncoded:
                    w.Text(Uri.EscapeDataString(post.Slug));
                    break;
                case PageHole.Title:
                    w.Text(post.Title);
                    break;
                case PageHole.Description:
                    var body = Expectations.Body(post).Text;
                    w.Text(body.Length == 0 ? post.Title : body.Length > 200 ? body[..200] + "..." : body);
                    break;
                case PageHole.BodyClass:
                    LoggedInClass(w, c.Account);
                    BodyClass(w, post, c.Now);
                    break;
                case PageHole.UserBar:
                    UserBar(w, c.Renderer.Site, c.Account);
                    break;
                case PageHole.Logged:
                    Logged(w, c.Account);
                    break;
                case PageHole.ServerTime:
                    ServerTime(w, c.Now);
                    break;
                case PageHole.Thing:
                    Thing(w, c, c.Renderer.Templates.PageThing);
                    break;
                case PageHole.SubmittedIso:
                    w.Raw(Fragments.Iso(post.CreatedUtc));
                    break;
                case PageHole.SubmittedDate:
                    w.Raw(post.CreatedUtc.UtcDateTime.ToString("d MMM yyyy", CultureInfo.InvariantCulture));
                    break;
                case PageHole.Points:
                    w.Raw(post.Score.ToString("N0", CultureInfo.InvariantCulture));
                    break;
                case PageHole.PointsWord:
                    w.Raw(post.Score == 1 ? "point"u8 : "points"u8);
                    break;
                case PageHole.UpvotePercent:
                    w.Number(post.UpvotePercent);
                    break;
                case PageHole.CommentsHeader:
                    CommentsHeader(w, post.CommentCount);
                    break;
                case PageHole.Comments:
                    c.Renderer.Comments(w, c);
                    break;
            }
        });
    }

    /// <summary>The over-18 gate of an NSFW subreddit, as reddit serves it.</summary>
    public void Over18(PageWriter w) => Gate(w, "reddit.com: over 18?", templates.Over18Gate);

    /// <summary>The private-community gate: the real gate page with the image and heading reddit's templates give
    /// a private subreddit (its exact modern wording is not in any saved page).</summary>
    public void Private(PageWriter w, string subreddit)
    {
        var name = System.Net.WebUtility.HtmlEncode(subreddit);
        Gate(w, "reddit.com: private", "<div class=\"interstitial\"><img class=\"interstitial-image\" "
            + "src=\"//www.redditstatic.com/interstitial-image-private.png\" alt=\"private\" height=\"150\" width=\"150\">"
            + "<div class=\"interstitial-message md-container\"><div class=\"md\"><h3>r/" + name + " is a private community</h3>"
            + "<p>The moderators of r/" + name + " have set this community to private. Only approved members can view "
            + "and take part in its discussions.</p></div></div></div>");
    }

    /// <summary>reddit's 404: <c>#classy-error</c> and "page not found" in the title.</summary>
    public void NotFound(PageWriter w) => Gate(w, "reddit.com: page not found",
        "<div id=\"classy-error\"><img src=\"//www.redditstatic.com/reddit404b.png\" alt=\"\" /><h1>page not found</h1>"
        + "<div class=\"errorpage-message\">the page you requested does not exist</div></div>");

    public void Blocked(PageWriter w) => w.Raw(templates.Blocked);

    public void NetworkSecurityBlock(PageWriter w) => w.Raw(templates.NetworkSecurityBlock);

    /// <summary>The sign-in page the login wall lands on. Only its title and the redirect to it are confirmed
    /// (STRUCTURE.md §7: the real page is ~320 KB of new-reddit markup, with no #siteTable and no listing body);
    /// this stands in with the same title and a sign-in form.</summary>
    public static void SignIn(PageWriter w) => w.Raw(
        "<!DOCTYPE html><html lang=\"en-US\"><head><title>Welcome to Reddit</title></head><body><shreddit-app pagetype=\"login\">"u8
        + "<h1>Log In</h1><form method=\"post\" action=\"/svc/shreddit/account/login\"><input name=\"username\"/><input name=\"password\" type=\"password\"/>"u8
        + "<button type=\"submit\">Log In</button></form></shreddit-app></body></html>"u8);

    private string Site => site;

    private PageTemplates Templates => templates;

    private void Gate(PageWriter w, string title, string gate) =>
        templates.Gate.Render(w, (Site: site, Title: title, Gate: gate), static (w, hole, c) =>
        {
            switch (hole)
            {
                case GateHole.Site:
                    w.Text(c.Site);
                    break;
                case GateHole.Title:
                    w.Text(c.Title);
                    break;
                case GateHole.Gate:
                    w.Raw(c.Gate);
                    break;
            }
        });

    private void Things(PageWriter w, ListingContext c)
    {
        var slice = c.Slice;
        if (slice.Stickied.Count + slice.Items.Count == 0)
        {
            w.Raw("<p id=\"noresults\" class=\"error\">there doesn't seem to be anything here</p>"u8);
            return;
        }

        var things = slice.Stickied.Select(p => (Post: p, Rank: (int?)null))
            .Concat(slice.Items.Select((p, i) => (Post: p, Rank: (int?)(slice.FirstRank + i))))
            .ToList();
        var ads = c.ShowAds ? c.World.Ads : [];
        for (var i = 0; i < things.Count; i++)
        {
            // Ads sit between posts, never last (a next link's cursor is always a post).
            var slot = Array.IndexOf(AdPositions, i);
            if (slot >= 0 && ads.Length > 0)
            {
                Ad(w, ads[(slice.FirstRank + slot) % ads.Length]);
            }

            // A combined listing's things each carry their own subreddit's values (data-subreddit-fullname…).
            var post = things[i].Post;
            var thing = new ThingContext(this, c.Subreddit ?? c.World.Subreddits[post.Subreddit], post, things[i].Rank, i % 2 == 0, c.Now);
            Thing(w, thing, templates.ListingThing);
        }
    }

    private void NavButtons(PageWriter w, ListingContext c)
    {
        var slice = c.Slice;
        if (slice.Items.Count == 0 || !(slice.HasNext || slice.HasPrevious))
        {
            return;
        }

        w.Raw("<div class=\"nav-buttons\"><span class=\"nextprev\">view more:&#32;"u8);
        if (slice.HasPrevious)
        {
            w.Raw("<span class=\"prev-button\"><a href=\""u8);
            PageLink(w, c, slice.FirstRank, "before", slice.Items[0].Id);
            w.Raw("\" rel=\"nofollow prev\" >&lsaquo; prev</a></span>"u8);
        }

        if (slice.HasPrevious && slice.HasNext)
        {
            w.Raw("<span class=\"separator\"></span>"u8);
        }

        if (slice.HasNext)
        {
            w.Raw("<span class=\"next-button\"><a href=\""u8);
            PageLink(w, c, slice.NextCount, "after", slice.Items[^1].Id);
            w.Raw("\" rel=\"nofollow next\" >next &rsaquo;</a></span>"u8);
        }

        w.Raw("</span></div>"u8);
    }

    /// <summary><c>{site}/r/{sub}/new/?count=25&amp;after=t3_x</c> (<c>{sub}</c> is <c>a+b+c</c> on a combined
    /// listing); a limit the client gave is kept, as reddit keeps
    /// the page's own query.</summary>
    private void PageLink(PageWriter w, ListingContext c, int count, string direction, string id)
    {
        w.Text(Site);
        w.Raw("/r/"u8);
        w.Text(c.Name);
        w.Raw("/new/?"u8);
        if (c.Query.LimitGiven)
        {
            w.Raw("limit="u8);
            w.Number(c.Query.Limit);
            w.Raw("&amp;"u8);
        }

        w.Raw("count="u8);
        w.Number(count);
        w.Raw("&amp;"u8);
        w.Raw(direction);
        w.Raw("=t3_"u8);
        w.Text(id);
    }

    private static void Thing(PageWriter w, ThingContext c, Template<ThingHole> template) =>
        template.Render(w, c, static (w, hole, c) =>
        {
            var post = c.Post;
            var nsfw = Expectations.IsNsfw(post, c.Subreddit);
            switch (hole)
            {
                case ThingHole.Site:
                    w.Text(c.Renderer.Site);
                    break;
                case ThingHole.Id:
                    w.Text(post.Id);
                    break;
                case ThingHole.Classes:
                    Fragments.Classes(w, post, nsfw, c.Odd);
                    break;
                case ThingHole.AuthorAttributes:
                    Fragments.AuthorAttributes(w, post);
                    break;
                case ThingHole.IsGallery:
                    Bool(w, post.Kind == PostKind.Gallery);
                    break;
                case ThingHole.Subreddit:
                    w.Text(post.Subreddit);
                    break;
                case ThingHole.SubredditFullname:
                    w.Text(c.Subreddit.Fullname);
                    break;
                case ThingHole.Timestamp:
                    w.Number(post.CreatedUtc.ToUnixTimeMilliseconds());
                    break;
                case ThingHole.Url:
                    w.Text(post.TargetUrl ?? post.PermalinkPath);
                    break;
                case ThingHole.Permalink:
                    w.Text(post.PermalinkPath);
                    break;
                case ThingHole.Domain:
                    w.Text(post.Domain);
                    break;
                case ThingHole.Rank:
                    if (c.Rank is { } rank)
                    {
                        w.Number(rank);
                    }

                    break;
                case ThingHole.CommentsCount:
                    w.Number(post.CommentCount);
                    break;
                case ThingHole.Score:
                    w.Number(post.Score);
                    break;
                case ThingHole.Nsfw:
                    Bool(w, nsfw);
                    break;
                case ThingHole.Spoiler:
                    Bool(w, post.IsSpoiler);
                    break;
                case ThingHole.Oc:
                    Bool(w, post.IsOriginalContent);
                    break;
                case ThingHole.Scores:
                    Fragments.PostScores(w, post.Score, c.Now - post.CreatedUtc < ScoreHiddenFor);
                    break;
                case ThingHole.Thumbnail:
                    Fragments.Thumbnail(w, post, Expectations.ThumbnailImage(post, c.Subreddit), nsfw);
                    break;
                case ThingHole.TitleLine:
                    Fragments.TitleLine(w, post);
                    break;
                case ThingHole.ExpandoButton:
                    Fragments.ExpandoButton(w, post);
                    break;
                case ThingHole.Tagline:
                    Fragments.Tagline(w, post, c.Now, c.Renderer.Site);
                    break;
                case ThingHole.FirstButtons:
                    Fragments.FirstButtons(w, post, nsfw, c.Renderer.Site);
                    break;
                case ThingHole.Expando:
                    c.Renderer.SelftextExpando(w, post);
                    break;
            }
        });

    private void SelftextExpando(PageWriter w, SimulatedPost post)
    {
        // A title-only self post has no expando at all; link posts show no body.
        var body = Expectations.Body(post);
        if (body.IsEmpty)
        {
            return;
        }

        templates.Selftext.Render(w, (post.Id, body.Html), static (w, hole, c) =>
        {
            if (hole == SelftextHole.Id)
            {
                w.Text(c.Id);
            }
            else
            {
                // Already markup, in the form the parser writes back out.
                w.Raw(c.Html);
            }
        });
    }

    private void Ad(PageWriter w, SimulatedAd ad) =>
        templates.Ad.Render(w, (Site, Ad: ad), static (w, hole, c) =>
        {
            var ad = c.Ad;
            switch (hole)
            {
                case AdHole.Site:
                    w.Text(c.Site);
                    break;
                case AdHole.Id:
                    w.Text(ad.Id);
                    break;
                case AdHole.Advertiser:
                    w.Text(ad.Advertiser);
                    break;
                case AdHole.Timestamp:
                    w.Number(ad.CreatedUtc.ToUnixTimeMilliseconds());
                    break;
                case AdHole.Url:
                    w.Text(ad.Url);
                    break;
                case AdHole.Permalink:
                    w.Text(ad.PermalinkPath);
                    break;
                case AdHole.Domain:
                    w.Text(ad.Domain);
                    break;
                case AdHole.Title:
                    w.Text(ad.Title);
                    break;
                case AdHole.Thumbnail:
                    w.Text(ad.Thumbnail);
                    break;
            }
        });

    private void Comments(PageWriter w, ThingContext c)
    {
        var layout = Expectations.Layout(c.Post, c.Root);
        for (var position = 0; position < layout.Shown.Count; position++)
        {
            // A reply is written inside the comment before it (see Comment), not here.
            if (layout.Shown[position].Depth == 0)
            {
                Comment(w, c, layout, position);
            }
        }
    }

    /// <summary>The comment at <paramref name="position"/> of the page's layout, with the reply that follows it (and
    /// that reply's own) in its <c>div.child</c>, as the template page nests
    /// <c>div#siteTable_t1_&lt;id&gt;.sitetable.listing</c>; past the depth limit, "continue this thread" there.</summary>
    private void Comment(PageWriter w, ThingContext c, CommentLayout layout, int position)
    {
        var post = c.Post;
        var (index, depth) = layout.Shown[position];
        var comment = ContentGenerator.Comment(post, index);
        templates.Comment.Render(w, (Site, Post: post, Comment: comment, c.Subreddit, c.Now, Context: c, Layout: layout, Position: position, Index: index, Depth: depth), static (w, hole, s) =>
        {
            switch (hole)
            {
                case CommentHole.Site:
                    w.Text(s.Site);
                    break;
                case CommentHole.Id:
                    w.Text(s.Comment.Id);
                    break;
                case CommentHole.Subreddit:
                    w.Text(s.Post.Subreddit);
                    break;
                case CommentHole.SubredditFullname:
                    w.Text(s.Subreddit.Fullname);
                    break;
                case CommentHole.AuthorAttributes:
                    w.Raw("data-author=\""u8);
                    w.Text(s.Comment.Author);
                    w.Raw("\" data-author-fullname=\""u8);
                    w.Text(Fragments.UserFullname(s.Comment.Author));
                    w.Raw("\" "u8);
                    break;
                case CommentHole.Author:
                    Fragments.AuthorLink(w, s.Comment.Author, s.Site);
                    break;
                case CommentHole.PostPath:
                    w.Text(s.Post.PermalinkPath);
                    break;
                case CommentHole.PostTitle:
                    w.Text(s.Post.Title);
                    break;
                case CommentHole.Scores:
                    Fragments.CommentScores(w, s.Comment.Score);
                    break;
                case CommentHole.Time:
                    Fragments.LiveTime(w, s.Comment.Created, s.Now);
                    break;
                case CommentHole.Body:
                    w.Raw("<p>"u8);
                    w.Text(s.Comment.Body);
                    w.Raw("</p>"u8);
                    break;
                case CommentHole.Replies:
                    var next = s.Position + 1;
                    var replied = next < s.Layout.Shown.Count && s.Layout.Shown[next].Depth == s.Depth + 1;
                    if (replied || s.Layout.Continued.Contains(s.Index))
                    {
                        w.Raw("<div id=\"siteTable_t1_"u8);
                        w.Text(s.Comment.Id);
                        w.Raw("\" class=\"sitetable listing\">"u8);
                        if (replied)
                        {
                            s.Context.Renderer.Comment(w, s.Context, s.Layout, next);
                        }
                        else
                        {
                            Fragments.ContinueThread(w, Expectations.ThreadPath(s.Post, s.Comment.Id), s.Post.Subreddit);
                        }

                        w.Raw("</div>"u8);
                    }

                    break;
            }
        });
    }

    /// <summary>r2's comments pane title: "no comments (yet)", "all N comments" (also for one), or
    /// "top 200 comments" past the limit.</summary>
    private static void CommentsHeader(PageWriter w, int count)
    {
        if (count == 0)
        {
            w.Raw("no comments (yet)"u8);
        }
        else if (count <= Expectations.CommentLimit)
        {
            w.Raw("all "u8);
            w.Number(count);
            w.Raw(" comments"u8);
        }
        else
        {
            w.Raw("top "u8);
            w.Number(Expectations.CommentLimit);
            w.Raw(" comments"u8);
        }
    }

    private static void BodyClass(PageWriter w, SimulatedPost post, DateTimeOffset now)
    {
        w.Raw("single-page comments-page"u8);
        var age = now - post.CreatedUtc;
        if (age < TimeSpan.FromHours(24))
        {
            w.Raw(" post-under-24h-old"u8);
        }

        if (age < TimeSpan.FromHours(6))
        {
            w.Raw(" post-under-6h-old"u8);
        }

        if (post.LinkFlair?.CssClass is { } css)
        {
            w.Raw(" post-linkflair-"u8);
            w.Text(css);
        }
    }

    private static void ServerTime(PageWriter w, DateTimeOffset now)
    {
        w.Number(now.ToUnixTimeSeconds());
        w.Raw(".0"u8);
    }

    private static void LoggedInClass(PageWriter w, string? account)
    {
        if (account is not null)
        {
            w.Raw("loggedin "u8);
        }
    }

    private static void UserBar(PageWriter w, string site, string? account)
    {
        if (account is null)
        {
            w.Raw(Fragments.LoggedOutUserBar);
            return;
        }

        w.Raw(Fragments.LoggedInUserBar.Replace("{{Site}}", site, StringComparison.Ordinal).Replace("{{Account}}", account, StringComparison.Ordinal));
    }

    // The config script's "logged": the account's name in quotes, or false.
    private static void Logged(PageWriter w, string? account)
    {
        if (account is null)
        {
            w.Raw("false"u8);
            return;
        }

        w.Raw("\""u8);
        w.Text(account);
        w.Raw("\""u8);
    }

    private static void Bool(PageWriter w, bool value) => w.Raw(value ? "true"u8 : "false"u8);

    private sealed record ListingContext(
        PageRenderer Renderer,
        WorldState World,
        SubredditState? Subreddit,
        string Name,
        ListingSlice Slice,
        ListingQuery Query,
        DateTimeOffset Now,
        bool ShowAds,
        string? Account);

    private sealed record ThingContext(
        PageRenderer Renderer,
        SubredditState Subreddit,
        SimulatedPost Post,
        int? Rank,
        bool Odd,
        DateTimeOffset Now,
        string? Account = null,
        int? Root = null);
}
