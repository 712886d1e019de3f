using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;

namespace Scraper.Simulator.Rendering;

internal enum ListingHole
{
    UserBar,
    Logged,
    Site,
    Subreddit,
    Title,
    BodyClass,
    ServerTime,
    Things,
    NavButtons,
}

/// <summary>The holes of a post thing; the listing's and the submission page's share them (the listing's has no
/// <see cref="Expando"/>, the page's no <see cref="ExpandoButton"/>).</summary>
internal enum ThingHole
{
    Site,
    Id,
    Classes,
    AuthorAttributes,
    IsGallery,
    Subreddit,
    SubredditFullname,
    Timestamp,
    Url,
    Permalink,
    Domain,
    Rank,
    CommentsCount,
    Score,
    Nsfw,
    Spoiler,
    Oc,
    Scores,
    Thumbnail,
    TitleLine,
    ExpandoButton,
    Tagline,
    FirstButtons,
    Expando,
}

internal enum AdHole
{
    Site,
    Id,
    Advertiser,
    Timestamp,
    Url,
    Permalink,
    Domain,
    Title,
    Thumbnail,
}

internal enum PageHole
{
    UserBar,
    Logged,
    Site,
    Subreddit,
    Id,
    Slug,
    SlugEncoded,
    Title,
    Description,
    BodyClass,
    ServerTime,
    Thing,
    SubmittedIso,
    SubmittedDate,
    Points,
    PointsWord,
    UpvotePercent,
    CommentsHeader,
    Comments,
}

internal enum SelftextHole
{
    Id,
    Selftext,
}

internal enum CommentHole
{
    Site,
    Id,
    Subreddit,
    SubredditFullname,
    AuthorAttributes,
    Author,
    PostPath,
    PostTitle,
    Scores,
    Time,
    Body,
    Replies,
}

internal enum GateHole
{
    Site,
    Title,
    Gate,
}

/// <summary>The real pages embedded as <c>Templates.*</c> (see TEMPLATES.md), cut once per process into templates
/// with holes where each post's values go. Everything around the holes is served as the real page had it.</summary>
internal sealed partial class PageTemplates
{
    // Absolute links point at the simulator: {{Site}} is its base URL without the trailing slash.
    private const string OldReddit = "https://old.reddit.com";
    private static readonly Lazy<PageTemplates> Loaded = new(() => new PageTemplates());

    private PageTemplates()
    {
        (Listing, CombinedListing, ListingThing) = CutListing(Read("listing-r-rstats-hot-2023.html"));
        Ad = CutAd(Read("listing-r-python-hot-2024.html"));
        (Page, PageThing, Selftext, Comment) = CutSubmissionPage(Read("submission-selfpost-r-china_irl-z0oio5.html"));
        (Gate, Over18Gate) = CutGate(Read("edge-over18-interstitial.html"));
        Blocked = Encoding.UTF8.GetBytes(Read("edge-blocked-network-policy.html"));
        NetworkSecurityBlock = Encoding.UTF8.GetBytes(Read("edge-network-security-block-2026-www-dom.html"));
    }

    public static PageTemplates Instance => Loaded.Value;

    public Template<ListingHole> Listing { get; }

    /// <summary>The listing page of a combination (<c>/r/a+b+c/</c>): the same page without the subreddit's
    /// title box (its description and join button) and its moderator list, which belong to no combination.</summary>
    public Template<ListingHole> CombinedListing { get; }

    public Template<ThingHole> ListingThing { get; }

    public Template<AdHole> Ad { get; }

    public Template<PageHole> Page { get; }

    public Template<ThingHole> PageThing { get; }

    public Template<SelftextHole> Selftext { get; }

    public Template<CommentHole> Comment { get; }

    /// <summary>The over-18 page, with the gate itself and the title as holes: the private-community gate and
    /// the "page not found" page are the same page with another gate.</summary>
    public Template<GateHole> Gate { get; }

    /// <summary>The over-18 gate exactly as the real page has it.</summary>
    public string Over18Gate { get; }

    /// <summary>The block page, byte for byte.</summary>
    public byte[] Blocked { get; }

    /// <summary>www.reddit.com's 2026 "blocked by network security" page, as a browser saved it.</summary>
    public byte[] NetworkSecurityBlock { get; }


    private static (Template<ListingHole>, Template<ListingHole>, Template<ThingHole>) CutListing(string html)
    {
        var page = new TemplateText("listing-r-rstats-hot-2023.html", html);
        const string table = "<div id=\"siteTable\" class=\"sitetable linklisting\">";
        var (tableStart, tableEnd) = page.Div(table);
        var thing = new TemplateText("listing-r-rstats-hot-2023.html#t3_122zf2k", page.Slice(page.Div("<div class=\" thing id-t3_122zf2k ")) + ClearLeft);

        // The table's things, the tracking pixels between them and the next link all become two holes.
        page.Replace((tableStart, tableEnd), table + "{{Things}}{{NavButtons}}</div>")
            .Once("<title>The Statistical Computing with R subreddit</title>", "<title>{{Title}}</title>")
            .Once("<body class=\"listing-page hot-page\" >", "<body class=\"{{BodyClass}}\" >")
            .Once(Fragments.LoggedOutUserBar, "{{UserBar}}")
            .Once("\"logged\": false", "\"logged\": {{Logged}}")
            .Once(ServerTime(), "\"server_time\": {{ServerTime}}")
            .All(OldReddit, "{{Site}}")
            .All("rstats", "{{Subreddit}}")
            .Without("122zf2k", "t3_11yjjum");

        // The combination's page keeps the sidebar's empty spacers around the boxes it drops, as reddit's pages
        // have empty spacers wherever a box is not shown.
        var combined = new TemplateText("listing-r-rstats-hot-2023.html (combined)", page.Text);
        combined.Replace(combined.Div("<div class=\"titlebox\">"), string.Empty)
            .Replace(combined.Div("<div class=\"sidecontentbox \" >"), string.Empty)
            .Without("PLEASE READ THIS BEFORE POSTING", "MODERATORS", "message the mods");

        CutThing(thing, sampleId: "122zf2k", sampleSubreddit: "rstats")
            .Without("rstats", "122zf2k", "IndependenceNo5424", "old.reddit.com", "Beginner Rstudio");
        return (Template<ListingHole>.Parse(page.Text), Template<ListingHole>.Parse(combined.Text), Template<ThingHole>.Parse(thing.Text));
    }

    private static Template<AdHole> CutAd(string html)
    {
        var page = new TemplateText("listing-r-python-hot-2024.html", html);
        var ad = new TemplateText("listing-r-python-hot-2024.html#t3_179gq0a", page.Slice(page.Div("<div class=\" thing id-t3_179gq0a ")) + ClearLeft);
        var url = DataUrl().Match(ad.Text).Groups[1].Value;
        ad.All(url, "{{Url}}")
            .Once("data-timestamp=\"1697490337000\"", "data-timestamp=\"{{Timestamp}}\"")
            .Once("data-permalink=\"/user/RedditforBusiness/comments/179gq0a/my_boss_wanted_me_to_make_an_infographic_howd_i_do/\"",
                "data-permalink=\"{{Permalink}}\"")
            .Once("My boss wanted me to make an infographic. How’d I do?", "{{Title}}")
            .Once("//a.thumbs.redditmedia.com/RCLoA25y-PU-GPLZtZ5BrkSkpuVLTLOEjGaAfZ7dy04.jpg", "{{Thumbnail}}")
            .All("RedditforBusiness", "{{Advertiser}}")
            .All("redditforbusiness.com", "{{Domain}}")
            .All("179gq0a", "{{Id}}")
            .All(OldReddit, "{{Site}}")
            .Without("old.reddit.com", "my_boss", "RCLoA25y");
        return Template<AdHole>.Parse(ad.Text);
    }

    private static (Template<PageHole>, Template<ThingHole>, Template<SelftextHole>, Template<CommentHole>) CutSubmissionPage(string html)
    {
        const string source = "submission-selfpost-r-china_irl-z0oio5.html";
        const string title = "越南数字威权主义的悄然演变";
        const string path = "/r/China_irl/comments/z0oio5/" + title + "/";
        var page = new TemplateText(source, html);

        var thingRange = page.Div("<div class=\" thing id-t3_z0oio5 ");
        var thing = new TemplateText(source + "#t3_z0oio5", page.Slice(thingRange) + ClearLeft);
        page.Replace((thingRange.Start, thingRange.End + ClearLeft.Length), "{{Thing}}");

        const string nested = "<div id=\"siteTable_t3_z0oio5\" class=\"sitetable nestedlisting\">";
        var commentRange = page.Div("<div class=\" thing id-t1_ix6pkgq ");
        var comment = new TemplateText(source + "#t1_ix6pkgq", page.Slice(commentRange) + ClearLeft);
        var replies = comment.Div("<div class=\"child\"><div id=\"siteTable_t1_ix6pkgq\"");
        comment.Replace(replies, "<div class=\"child\">{{Replies}}</div>");
        page.Replace(page.Div(nested), nested + "{{Comments}}</div>");

        // The selftext form inside the post is a template of its own: only self posts with a body have it.
        var expandoRange = thing.Div("<div class=\"expando expando-uninitialized\" data-pin-condition=");
        var selftext = new TemplateText(source + "#selftext", thing.Slice(expandoRange));
        thing.Replace(expandoRange, "{{Expando}}");
        selftext.Once(SelftextBody(), "<div class=\"md\">{{Selftext}}\n</div>")
            .All("z0oio5", "{{Id}}")
            .Without("越南");

        page.Once(ServerTime(), "\"server_time\": {{ServerTime}}")
            .Once("<body class=\"single-page comments-page\" >", "<body class=\"{{BodyClass}}\" >")
            .Once(Fragments.LoggedOutUserBar, "{{UserBar}}")
            .Once("\"logged\": false", "\"logged\": {{Logged}}")
            .Once(Description("name"), "<meta name=\"description\" content=\"{{Description}}\" />")
            .Once(Description("property"), "<meta property=\"og:description\" content=\"{{Description}}\">")
            .Once("<time datetime=\"2022-11-21T03:45:33+00:00\">21 Nov 2022</time>", "<time datetime=\"{{SubmittedIso}}\">{{SubmittedDate}}</time>")
            .Once("<span class=\"number\">37</span>&#32;<span class=\"word\">points</span>&#32;(92% upvoted)",
                "<span class=\"number\">{{Points}}</span>&#32;<span class=\"word\">{{PointsWord}}</span>&#32;({{UpvotePercent}}% upvoted)")
            .Once("<span class=\"title\">all 41 comments</span>", "<span class=\"title\">{{CommentsHeader}}</span>")
            .All(path, "/r/{{Subreddit}}/comments/{{Id}}/{{Slug}}/")
            .All(Uri.EscapeDataString(title) + "/", "{{SlugEncoded}}/")
            .All(title, "{{Title}}")
            .All(OldReddit, "{{Site}}")
            .All("China_irl", "{{Subreddit}}")
            .All("z0oio5", "{{Id}}")
            .Without("越南", "Proper_Bodybuilder_2", "ix6pkgq", "41 comments");

        CutThing(thing, sampleId: "z0oio5", sampleSubreddit: "China_irl")
            .Without("China_irl", "z0oio5", "Proper_Bodybuilder_2", "old.reddit.com", "越南");

        comment.Once("data-permalink=\"" + path + "ix6pkgq/\"", "data-permalink=\"{{PostPath}}{{Id}}/\"")
            .All(path, "{{PostPath}}")
            .Once("data-title=\"" + title + "\"", "data-title=\"{{PostTitle}}\"")
            .Once(AuthorAttributes(), "{{AuthorAttributes}}")
            .Once(AuthorLink(), "{{Author}}")
            .Once(CommentScores(), "{{Scores}}")
            .Once(LiveTime(), "{{Time}}")
            .Once(SelftextBody(), "<div class=\"md\">{{Body}}\n</div>")
            .Once("(1 child)", "(0 children)")
            .Once("data-subreddit-fullname=\"t5_x72uq\"", "data-subreddit-fullname=\"{{SubredditFullname}}\"")
            .All("ix6pkgq", "{{Id}}")
            .All("China_irl", "{{Subreddit}}")
            .All(OldReddit, "{{Site}}")
            .Without("old.reddit.com", "Certain-Comb6656", "z0oio5", "越南", "ix6qbdu");

        return (Template<PageHole>.Parse(page.Text), Template<ThingHole>.Parse(thing.Text),
            Template<SelftextHole>.Parse(selftext.Text), Template<CommentHole>.Parse(comment.Text));
    }

    /// <summary>Turns a real post thing into a template: every value a parser reads becomes a hole, the markup
    /// between them stays. The regexes match what varies between posts (the scores, the thumbnail, the title line,
    /// the tagline) as whole elements, written per post by <c>PageRenderer</c>.</summary>
    private static TemplateText CutThing(TemplateText thing, string sampleId, string sampleSubreddit)
    {
        thing.Once(ThingClasses(sampleId), "<div class=\" thing id-t3_" + sampleId + " {{Classes}}\"")
            .Once(AuthorAttributes(), "{{AuthorAttributes}}")
            .Once(Attribute("is-gallery"), "data-is-gallery=\"{{IsGallery}}\"")
            .Once(Attribute("subreddit-prefixed"), "data-subreddit-prefixed=\"r/{{Subreddit}}\"")
            .Once(Attribute("subreddit-fullname"), "data-subreddit-fullname=\"{{SubredditFullname}}\"")
            .Once(Attribute("subreddit"), "data-subreddit=\"{{Subreddit}}\"")
            .Once(Attribute("timestamp"), "data-timestamp=\"{{Timestamp}}\"")
            .Once(Attribute("url"), "data-url=\"{{Url}}\"")
            .Once(Attribute("permalink"), "data-permalink=\"{{Permalink}}\"")
            .Once(Attribute("domain"), "data-domain=\"{{Domain}}\"")
            .Once(Attribute("rank"), "data-rank=\"{{Rank}}\"")
            .Once(Attribute("comments-count"), "data-comments-count=\"{{CommentsCount}}\"")
            .Once(Attribute("score"), "data-score=\"{{Score}}\"")
            .Once(Attribute("nsfw"), "data-nsfw=\"{{Nsfw}}\"")
            .Once(Attribute("spoiler"), "data-spoiler=\"{{Spoiler}}\"")
            .Once(Attribute("oc"), "data-oc=\"{{Oc}}\"")
            .Once(RankSpan(), "<span class=\"rank\">{{Rank}}</span>")
            .Once(PostScores(), "{{Scores}}")
            .Once(Thumbnail(), "{{Thumbnail}}")
            .Once(TitleLine(), "<p class=\"title\">{{TitleLine}}</p>")
            .Once(ExpandoButton(), "{{ExpandoButton}}", optional: true)
            .Once(Tagline(), "<p class=\"tagline \">{{Tagline}}</p>")
            .Once(FirstButton(), "{{FirstButtons}}")
            .All(sampleId, "{{Id}}")
            .All("/r/" + sampleSubreddit + "/", "/r/{{Subreddit}}/", optional: true)
            .All(OldReddit, "{{Site}}", optional: true);
        return thing;
    }

    private static (Template<GateHole>, string) CutGate(string html)
    {
        var page = new TemplateText("edge-over18-interstitial.html", html);
        var gate = page.Div("<div class=\"interstitial\"><img class=\"interstitial-image\"");
        var over18 = page.Slice(gate);
        page.Replace(gate, "{{Gate}}")
            .Once("<title>reddit.com: over 18?</title>", "<title>{{Title}}</title>")
            .All(OldReddit, "{{Site}}");
        return (Template<GateHole>.Parse(page.Text), over18);
    }

    private static string Read(string file)
    {
        using var stream = typeof(PageTemplates).Assembly.GetManifestResourceStream("Templates." + file)
            ?? throw new InvalidOperationException("Template " + file + " is not embedded in " + Assembly.GetExecutingAssembly().GetName().Name + ".");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    private const string ClearLeft = "<div class=\"clearleft\"></div>";

    private static Regex ThingClasses(string id) => new("<div class=\" thing id-t3_" + id + " [^\"]*\"");

    private static Regex Attribute(string name) => new("data-" + name + "=\"[^\"]*\"");

    [GeneratedRegex("data-author=\"[^\"]*\" data-author-fullname=\"[^\"]*\" ")]
    private static partial Regex AuthorAttributes();

    [GeneratedRegex("<span class=\"rank\">[^<]*</span>")]
    private static partial Regex RankSpan();

    [GeneratedRegex("(<div class=\"score (likes|unvoted|dislikes)\"[^>]*>[^<]*</div>){3}")]
    private static partial Regex PostScores();

    [GeneratedRegex("<a class=\"thumbnail [^>]*>(<img [^>]*>)?</a>")]
    private static partial Regex Thumbnail();

    [GeneratedRegex("<p class=\"title\">.*?</p>")]
    private static partial Regex TitleLine();

    [GeneratedRegex("<div class=\"expando-button [^\"]*\"></div>")]
    private static partial Regex ExpandoButton();

    [GeneratedRegex("<p class=\"tagline \">.*?</p>")]
    private static partial Regex Tagline();

    [GeneratedRegex("<li class=\"first\">.*?</li>")]
    private static partial Regex FirstButton();

    [GeneratedRegex("<a href=\"https://old.reddit.com/user/[^\"]*\" class=\"author [^\"]*\" >[^<]*</a>")]
    private static partial Regex AuthorLink();

    [GeneratedRegex("(<span class=\"score (likes|unvoted|dislikes)\"[^>]*>[^<]*</span>){3}")]
    private static partial Regex CommentScores();

    [GeneratedRegex("<time title=\"[^\"]*\" datetime=\"[^\"]*\" class=\"live-timestamp\">[^<]*</time>")]
    private static partial Regex LiveTime();

    [GeneratedRegex("<div class=\"md\">.*?\n</div>", RegexOptions.Singleline)]
    private static partial Regex SelftextBody();

    [GeneratedRegex("\"server_time\": [0-9.]+")]
    private static partial Regex ServerTime();

    [GeneratedRegex("data-url=\"([^\"]*)\"")]
    private static partial Regex DataUrl();

    private static Regex Description(string attribute) =>
        new("<meta " + attribute + "=\"(description|og:description)\" content=\"[^\"]*\"( /)?>");
}
