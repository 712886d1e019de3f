using System.Globalization;
using Scraper.Simulator.World;

namespace Scraper.Simulator.Rendering;

/// <summary>The small pieces of a post thing that differ from post to post, written in the markup the real pages
/// use. Each is copied from a page in testdata/oldreddit (named beside it) or, where no page has one, from reddit's
/// own r2 templates (<c>link.html</c>, <c>printable.html</c>).</summary>
internal static class Fragments
{
    /// <summary>The user bar of a logged-out page, as in listing-r-rstats-hot-2023.html (and every logged-out
    /// fixture): the templates cut it out so that a logged-in one can stand in its place.</summary>
    public const string LoggedOutUserBar =
        "<span class=\"user\">Want to join?&#32;<a href=\"https://www.reddit.com/login\" class=\"login-required login-link\" >Log in</a>&#32;or&#32;<a href=\"https://www.reddit.com/login\" class=\"login-required\" >sign up</a>&#32;in seconds.</span>";

    /// <summary>A logged-in page's user bar, from loggedin-listing-r-games-hot-2025-reindented-cut.html (the name, its
    /// karma, messages, preferences and the logout form whose <c>uh</c> is the modhash; the modhash here is made up).
    /// It stands where the logged-out one was, so the separator and the language menu that follow stay.</summary>
    public const string LoggedInUserBar =
        "<span class=\"user\"><a href=\"{{Site}}/user/{{Account}}/\" >{{Account}}</a>&nbsp;(<span class=\"userkarma\" title=\"post karma\">1</span>)</span>"
        + "<span class=\"separator\">|</span><a title=\"no new mail\" href=\"{{Site}}/message/inbox/\" class=\"nohavemail\" id=\"mail\" >messages</a>"
        + "<span class=\"separator\">|</span><form method=\"post\" action=\"{{Site}}/logout\" class=\"logout hover\" >"
        + "<input type=\"hidden\" name=\"uh\" value=\"sim0modhash0000000000000000000000000000000000000000\"/><input type=\"hidden\" name=\"top\" value=\"off\"/>"
        + "<a href=\"javascript:void(0)\" onclick=\"$(this).parent().submit()\" >logout</a></form>";

    /// <summary>The class attribute after <c>thing id-t3_x</c>: r2's order, e.g.
    /// <c>over18 linkflair linkflair-daily-thread odd&amp;#32; stickied locked link self</c>
    /// (listing-r-python-hot-2024.html).</summary>
    public static void Classes(PageWriter w, SimulatedPost post, bool nsfw, bool odd)
    {
        if (nsfw)
        {
            w.Raw("over18 "u8);
        }

        if (post.LinkFlair is { } flair)
        {
            w.Raw("linkflair "u8);
            if (flair.CssClass is { } css)
            {
                w.Raw("linkflair-"u8);
                w.Text(css);
                w.Raw(" "u8);
            }
        }

        w.Raw(odd ? "odd&#32;"u8 : "even&#32;"u8);
        if (post.IsStickied)
        {
            w.Raw(" stickied"u8);
        }

        if (post.IsLocked)
        {
            w.Raw(" locked"u8);
        }

        // r2's thing_css_rowclass marks a deleted thing "deleted".
        if (post.State == PostState.Deleted)
        {
            w.Raw(" deleted"u8);
        }

        w.Raw(post.Kind == PostKind.Self ? " link self"u8 : " link "u8);
    }

    /// <summary><c>data-author</c> and <c>data-author-fullname</c>, absent for a deleted author
    /// (submission-link-r-games-1lqa2hj-prettified.html); then <c>data-kind='video'</c> in single quotes, as
    /// listing-frontpage-hot-2025.html writes it.</summary>
    public static void AuthorAttributes(PageWriter w, SimulatedPost post)
    {
        if (post.State != PostState.Deleted)
        {
            w.Raw("data-author=\""u8);
            w.Text(post.Author);
            w.Raw("\" data-author-fullname=\""u8);
            w.Text(UserFullname(post.Author));
            w.Raw("\" "u8);
        }

        if (post.Kind == PostKind.Video)
        {
            w.Raw("data-kind='video' "u8);
        }
    }

    /// <summary>The three score divs; <c>&amp;bull;</c> without titles while the subreddit hides a young post's
    /// score (listing-r-rstats-hot-2023.html); abbreviated from 10,000 (listing-frontpage-hot-2025.html).</summary>
    public static void PostScores(PageWriter w, long score, bool hidden)
    {
        if (hidden)
        {
            w.Raw("<div class=\"score likes\">&bull;</div><div class=\"score unvoted\">&bull;</div><div class=\"score dislikes\">&bull;</div>"u8);
            return;
        }

        ScoreDiv(w, "dislikes", score - 1);
        ScoreDiv(w, "unvoted", score);
        ScoreDiv(w, "likes", score + 1);
    }

    /// <summary>a.thumbnail: an image (listing-r-rstats-hot-2023.html, with the duration overlay of
    /// listing-frontpage-hot-2025.html for videos), or the self / default / nsfw / spoiler placeholder; none at
    /// all for a deleted post (submission-link-r-games-1lqa2hj-prettified.html).</summary>
    public static void Thumbnail(PageWriter w, SimulatedPost post, string? image, bool nsfw)
    {
        if (post.State == PostState.Deleted)
        {
            return;
        }

        var href = post.TargetUrl ?? post.PermalinkPath;
        if (image is null)
        {
            var placeholder = nsfw ? "nsfw" : post.IsSpoiler ? "spoiler" : post.Kind == PostKind.Self ? "self" : "default";
            w.Raw("<a class=\"thumbnail invisible-when-pinned "u8);
            w.Raw(placeholder);
            w.Raw(" may-blank \" data-event-action=\"thumbnail\" href=\""u8);
            w.Text(href);
            w.Raw("\" ></a>"u8);
            return;
        }

        w.Raw("<a class=\"thumbnail invisible-when-pinned may-blank outbound\" data-event-action=\"thumbnail\" href=\""u8);
        Outbound(w, href);
        w.Raw(" ><img src=\""u8);
        w.Text(image);
        w.Raw("\" width='70' height='70' alt=\"\">"u8);
        if (post.VideoDuration is { } duration)
        {
            w.Raw("<div class=\"duration-overlay\">"u8);
            w.Text(duration);
            w.Raw("</div>"u8);
        }

        w.Raw("</a>"u8);
    }

    /// <summary>p.title's content: link flair, the title link and the domain (listing-r-rstats-hot-2023.html;
    /// richtext flair from submission-selfpost-r-china_irl-z0oio5.html).</summary>
    public static void TitleLine(PageWriter w, SimulatedPost post)
    {
        if (post.LinkFlair is { } flair)
        {
            Flair(w, flair, "flairrichtext flaircolorlight linkflairlabel ", "linkflairlabel ", "background-color: #0266b3; border-color: #0266b3;");
        }

        if (post.TargetUrl is { } target)
        {
            w.Raw("<a class=\"title may-blank outbound\" data-event-action=\"title\" href=\""u8);
            w.Text(target);
            w.Raw("\" tabindex=\"1\" data-href-url=\""u8);
            w.Text(target);
            w.Raw("\" data-outbound-url=\""u8);
            w.Text(target);
            w.Raw("\" data-outbound-expiration=\"0\" rel=\"nofollow ugc\" >"u8);
        }
        else
        {
            w.Raw("<a class=\"title may-blank \" data-event-action=\"title\" href=\""u8);
            w.Text(post.PermalinkPath);
            w.Raw("\" tabindex=\"1\" >"u8);
        }

        w.Text(post.Title);
        w.Raw("</a>&#32;<span class=\"domain\">(<a href=\""u8);
        if (post.Kind == PostKind.Self)
        {
            w.Raw("/r/"u8);
            w.Text(post.Subreddit);
            w.Raw("/"u8);
        }
        else
        {
            w.Raw("/domain/"u8);
            w.Text(post.Domain);
            w.Raw("/"u8);
        }

        w.Raw("\">"u8);
        w.Text(post.Domain);
        w.Raw("</a>)</span>"u8);
    }

    /// <summary>r2 shows the expando button only where there is something to expand.</summary>
    public static void ExpandoButton(PageWriter w, SimulatedPost post)
    {
        if (post.Kind == PostKind.Self)
        {
            if (!post.Selftext.IsEmpty)
            {
                w.Raw("<div class=\"expando-button collapsed hide-when-pinned selftext\"></div>"u8);
            }
        }
        else if (post.Kind != PostKind.Link)
        {
            w.Raw("<div class=\"expando-button collapsed hide-when-pinned video\"></div>"u8);
        }
    }

    /// <summary>p.tagline's content: times (edited time from listing-r-rstats-hot-2023.html), author or
    /// <c>&lt;span&gt;[deleted]&lt;/span&gt;</c>, author flair, and the stickied tagline
    /// (listing-r-python-hot-2024.html).</summary>
    public static void Tagline(PageWriter w, SimulatedPost post, DateTimeOffset now, string site)
    {
        w.Raw("submitted&#32;"u8);
        LiveTime(w, post.CreatedUtc, now);
        w.Raw("&#32;"u8);
        if (post.EditedUtc is { } edited)
        {
            w.Raw("<time class=\"edited-timestamp\" title=\"last edited "u8);
            w.Raw(Ago(edited, now));
            w.Raw("\" datetime=\""u8);
            w.Raw(Iso(edited));
            w.Raw("\">*</time>&#32;"u8);
        }

        w.Raw("by&#32;"u8);
        if (post.State == PostState.Deleted)
        {
            w.Raw("<span>[deleted]</span>"u8);
        }
        else
        {
            AuthorLink(w, post.Author, site);
            if (post.AuthorFlair is { } flair)
            {
                Flair(w, flair, "flairrichtext flaircolordark flair ", "flair flair-" + flair.CssClass + " ", "background-color: transparent; border-color: transparent;");
            }
        }

        w.Raw("<span class=\"userattrs\"></span><span class=\"awardings-bar\" data-subredditpath=\"/r/"u8);
        w.Text(post.Subreddit);
        w.Raw("/\" ></span>"u8);
        if (post.IsStickied)
        {
            w.Raw("&#32;-&#32;<span class=\"stickied-tagline\" title=\"selected by this subreddit's moderators\">announcement</span>"u8);
        }
    }

    /// <summary>The NSFW and spoiler stamps (r2 link.html; legacy2017-listing-r-marvelstudios-hot-spoilers.html)
    /// and the comments link: "41 comments", "1 comment", or "comment" with class <c>empty</c>.</summary>
    public static void FirstButtons(PageWriter w, SimulatedPost post, bool nsfw, string site)
    {
        if (nsfw)
        {
            w.Raw("<li class=\"rounded nsfw-stamp stamp\"><acronym title=\"Adult content: Not Safe For Work\">NSFW</acronym></li>"u8);
        }

        if (post.IsSpoiler)
        {
            w.Raw("<li><span class=\"spoiler-stamp stamp\"><span title=\"Spoiler content\">SPOILER</span></span></li>"u8);
        }

        w.Raw("<li class=\"first\"><a href=\""u8);
        w.Text(site);
        w.Text(post.PermalinkPath);
        w.Raw(post.CommentCount == 0
            ? "\" data-event-action=\"comments\" class=\"bylink comments empty may-blank\" rel=\"nofollow\" >comment</a></li>"u8
            : "\" data-event-action=\"comments\" class=\"bylink comments may-blank\" rel=\"nofollow\" >"u8);
        if (post.CommentCount > 0)
        {
            w.Number(post.CommentCount);
            w.Raw(post.CommentCount == 1 ? " comment</a></li>"u8 : " comments</a></li>"u8);
        }
    }

    public static void AuthorLink(PageWriter w, string author, string site)
    {
        w.Raw("<a href=\""u8);
        w.Text(site);
        w.Raw("/user/"u8);
        w.Text(author);
        w.Raw("\" class=\"author may-blank id-"u8);
        w.Text(UserFullname(author));
        w.Raw("\" >"u8);
        w.Text(author);
        w.Raw("</a>"u8);
    }

    /// <summary>"continue this thread": the 2017 television page's <c>morerecursion</c> thing, linking to the page of
    /// the comment whose replies go on there.</summary>
    public static void ContinueThread(PageWriter w, string path, string subreddit)
    {
        w.Raw("<div class=\" thing id-t1__ noncollapsed &#32; morerecursion \" id=\"thing_t1__\" onclick=\"click_thing(this)\" data-fullname=\"t1__\" data-type=\"morerecursion\" ><p class=\"parent\"></p><div class=\"entry unvoted\"><p class=\"tagline\"></p><span class=\"deepthread\"><a href=\""u8);
        w.Text(path);
        w.Raw("\" data-href-url=\""u8);
        w.Text(path);
        w.Raw("\" data-inbound-url=\""u8);
        w.Text(path);
        w.Raw("?utm_medium=continue_thread&amp;utm_source=reddit&amp;utm_name="u8);
        w.Text(subreddit);
        w.Raw("\" >continue this thread</a></span><ul class=\"flat-list buttons\"></ul><div class=\"reportform report-t1__\"></div></div><div class=\"child\" ></div><div class=\"clearleft\"></div></div><div class=\"clearleft\"></div>"u8);
    }

    /// <summary>A comment's three score spans (submission-selfpost-r-china_irl-z0oio5.html).</summary>
    public static void CommentScores(PageWriter w, long score)
    {
        CommentScore(w, "dislikes", score - 1);
        CommentScore(w, "unvoted", score);
        CommentScore(w, "likes", score + 1);
    }

    /// <summary><c>&lt;time title="Mon Nov 21 03:45:33 2022 UTC" datetime="2022-11-21T03:45:33+00:00"
    /// class="live-timestamp"&gt;1 day ago&lt;/time&gt;</c>: the day is not zero-padded.</summary>
    public static void LiveTime(PageWriter w, DateTimeOffset time, DateTimeOffset now)
    {
        w.Raw("<time title=\""u8);
        w.Raw(time.UtcDateTime.ToString("ddd MMM d HH:mm:ss yyyy 'UTC'", CultureInfo.InvariantCulture));
        w.Raw("\" datetime=\""u8);
        w.Raw(Iso(time));
        w.Raw("\" class=\"live-timestamp\">"u8);
        w.Raw(Ago(time, now));
        w.Raw("</time>"u8);
    }

    public static string Iso(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'+00:00'", CultureInfo.InvariantCulture);

    /// <summary>r2's <c>timesince</c>: "just now", "1 minute ago", "5 hours ago", "3 days ago", "2 months ago".</summary>
    public static string Ago(DateTimeOffset time, DateTimeOffset now)
    {
        var age = now - time;
        return age.TotalSeconds switch
        {
            < 60 => "just now",
            < 3600 => Plural((int)age.TotalMinutes, "minute"),
            < 86400 => Plural((int)age.TotalHours, "hour"),
            < 86400 * 30 => Plural((int)age.TotalDays, "day"),
            < 86400 * 365 => Plural((int)(age.TotalDays / 30), "month"),
            _ => Plural((int)(age.TotalDays / 365), "year"),
        };
    }

    /// <summary>"t2_" and a base36 number: stable per name, like reddit's account fullnames.</summary>
    public static string UserFullname(string author) =>
        "t2_" + ContentGenerator.Base36(ContentGenerator.StableHash(author) % 2_000_000_000L + 100_000_000L);

    /// <summary>The visible score: exact below 10,000, then "48.9k".</summary>
    public static string DisplayScore(long score) => score >= 10_000
        ? (score / 1000.0).ToString("0.0", CultureInfo.InvariantCulture) + "k"
        : score.ToString(CultureInfo.InvariantCulture);

    private static void ScoreDiv(PageWriter w, string which, long score)
    {
        w.Raw("<div class=\"score "u8);
        w.Raw(which);
        w.Raw("\" title=\""u8);
        w.Number(score);
        w.Raw("\">"u8);
        w.Raw(DisplayScore(score));
        w.Raw("</div>"u8);
    }

    private static void CommentScore(PageWriter w, string which, long score)
    {
        w.Raw("<span class=\"score "u8);
        w.Raw(which);
        w.Raw("\" title=\""u8);
        w.Number(score);
        w.Raw("\">"u8);
        w.Number(score);
        w.Raw(score == 1 ? " point</span>"u8 : " points</span>"u8);
    }

    private static void Outbound(PageWriter w, string href)
    {
        w.Text(href);
        w.Raw("\" data-href-url=\""u8);
        w.Text(href);
        w.Raw("\" data-outbound-url=\""u8);
        w.Text(href);
        w.Raw("\" data-outbound-expiration=\"0\" rel=\"nofollow ugc\""u8);
    }

    /// <summary>A flair: plain (<c>title</c> = text), or richtext whose <c>title</c> leads with the emoji code
    /// and whose emoji is a span of its own.</summary>
    private static void Flair(PageWriter w, FlairStyle flair, string richtextClass, string plainClass, string richtextStyle)
    {
        if (flair.Emoji is { } emoji)
        {
            w.Raw("<span class=\""u8);
            w.Raw(richtextClass);
            w.Raw("\" title=\""u8);
            w.Text(emoji + " " + flair.Text);
            w.Raw("\" style=\""u8);
            w.Raw(richtextStyle);
            w.Raw("\"><span class=\"flairemoji\" title=\""u8);
            w.Text(emoji);
            w.Raw("\" style=\"background-image: url(https://emoji.redditmedia.com/n0w2qfsdwxp81_t5_x72uq/"u8);
            w.Text(emoji.Trim(':'));
            w.Raw(")\"></span><span> "u8);
            w.Text(flair.Text);
            w.Raw("</span></span>"u8);
            return;
        }

        w.Raw("<span class=\""u8);
        w.Text(plainClass);
        w.Raw("\" title=\""u8);
        w.Text(flair.Text);
        w.Raw("\">"u8);
        w.Text(flair.Text);
        w.Raw("</span>"u8);
    }

    private static string Plural(int n, string unit) =>
        n.ToString(CultureInfo.InvariantCulture) + " " + unit + (n == 1 ? string.Empty : "s") + " ago";
}
