using System.Globalization;
using System.Text;

namespace Scraper.Simulator.World;

/// <summary>Makes up submissions that look like a subreddit's: titles (some non-ASCII, some with characters HTML
/// must escape), authors, flairs, a mix of self, link, image, gallery and video posts, scores and comment
/// counts with reddit's long tail. Everything comes from the <see cref="Random"/> it is given, so a seed
/// gives the same world every time.</summary>
internal static class ContentGenerator
{
    private static readonly string[] Tools =
    [
        "Python", "R", "Rust", "ggplot2", "pandas", "tidyverse", "PostgreSQL", "Kubernetes", "Emacs", ".NET",
        "Haskell", "NumPy", "Docker", "SQLite", "TypeScript", "Go", "Julia", "C++", "Polars", "Neovim",
    ];

    private static readonly string[] Tasks =
    [
        "merge two data frames", "parse dates", "speed up a loop", "read a 10 GB CSV", "plot a heat map",
        "deploy a web app", "write unit tests", "handle missing values", "profile memory use", "call a REST API",
    ];

    private static readonly string[] Things =
    [
        "budget tracker", "Discord bot", "weather dashboard", "chess engine", "static site generator",
        "package manager", "ray tracer", "habit app", "log viewer", "recipe scraper",
    ];

    // Each pattern is {0} = a tool, {1} = another tool, {2} = a task, {3} = a thing, {4} = a number.
    private static readonly string[] TitlePatterns =
    [
        "How do I {2} with {0}?",
        "{0} {4}.0 released: what's new",
        "Is it still worth learning {0} in 20{4}?",
        "I built a {3} using {0} & {1}",
        "Help: \"cannot find symbol\" when I try to {2} in {0}",
        "TIL about the <{3}> trick in {0}",
        "{0}'s new {3} is surprisingly good",
        "Why does {0} keep crashing when I {2}?",
        "Weekly discussion thread – week {4}",
        "{0} vs {1} for a {3}: which one would you pick?",
        "Finally got my {3} working in {0} 🎉",
        "Größere Änderungen in {0} {4}: lohnt sich das Update?",
        "有人用过{0}做{3}吗？",
        "关于{0}的第{4}个问题",
        "{0}の使い方について質問です（{4}）",
        "Café-style notebooks for {0}? Señor dev asks",
        "[Question] {2} — the fast way?",
        "My first {3} after {4} days of {0}",
    ];

    private static readonly string[] AuthorWords =
    [
        "Proper", "Certain", "Independence", "Quiet", "Lazy", "Brave", "Curious", "Hungry", "Silver", "Random",
        "Bodybuilder", "Comb", "Falcon", "Otter", "Teapot", "Compiler", "Walrus", "Pixel", "Lantern", "Noodle",
    ];

    private static readonly string[] LinkFlairs = ["Question", "Discussion", "News", "Showcase", "Help", "Resource", "Meme"];

    private static readonly (string Text, string Emoji)[] RichtextFlairs =
    [
        ("政治经济", ":speak:"), ("网事趣闻", ":grinning:"), ("Announcement", ":admin:"), ("游戏", ":game:"),
    ];

    private static readonly string[] AuthorFlairs = ["Contributor", "R package author", "Pythonista", "版主", "Data scientist"];

    private static readonly string[] Hosts =
    [
        "github.com", "www.theguardian.com", "arstechnica.com", "www.nature.com", "blog.rust-lang.org",
        "zh.wikipedia.org", "www.zaobao.com.sg", "medium.com",
    ];

    private static readonly string[] Sentences =
    [
        "I have been trying this for a week and nothing works.",
        "Any pointers would be appreciated.",
        "Here is what I tried so far: reinstalling, rebooting & reading the docs.",
        "The error says \"index out of range\" but the list is not empty.",
        "Is there a better way than writing a <for> loop by hand?",
        "今天终于把这个问题解决了，分享一下经验。",
        "Vielen Dank für eure Hilfe!",
        "Edit: solved, see the comments.",
        "It's probably something obvious that I'm missing.",
        "The data has about 2 million rows and 40 columns.",
    ];

    private const string Base36Digits = "0123456789abcdefghijklmnopqrstuvwxyz";

    public static SimulatedPost Post(Random random, string id, string subreddit, DateTimeOffset created, DateTimeOffset now)
    {
        var title = Title(random);
        var kind = PickWeighted(random, (45, PostKind.Self), (20, PostKind.Link), (20, PostKind.Image), (7, PostKind.Gallery), (8, PostKind.Video));
        var (target, domain, thumbnail) = Target(random, kind, id, subreddit, title);
        var score = Score(random);
        var edited = kind == PostKind.Self && Chance(random, 0.1)
            ? Min(created.AddSeconds(random.Next(60, 3 * 3600)), now)
            : (DateTimeOffset?)null;

        return new SimulatedPost
        {
            Id = id,
            Subreddit = subreddit,
            Title = title,
            Slug = Slug(title),
            Author = Author(random),
            CreatedUtc = created,
            EditedUtc = edited > created ? edited : null,
            Kind = kind,
            TargetUrl = target,
            Domain = domain,
            Thumbnail = thumbnail,
            VideoDuration = kind == PostKind.Video
                ? random.Next(0, 4).ToString(CultureInfo.InvariantCulture) + ":" + random.Next(0, 60).ToString("00", CultureInfo.InvariantCulture)
                : null,
            AuthorFlair = AuthorFlair(random),
            LinkFlair = LinkFlair(random),
            Score = score,
            CommentCount = CommentCount(random),
            UpvotePercent = score == 0 ? random.Next(30, 60) : random.Next(60, 101),
            Selftext = kind == PostKind.Self && Chance(random, 0.8) ? Selftext(random) : World.Selftext.None,
            IsNsfw = Chance(random, 0.03),
            IsSpoiler = Chance(random, 0.03),
            IsOriginalContent = kind != PostKind.Self && Chance(random, 0.1),
            IsLocked = Chance(random, 0.03),
        };
    }

    public static SimulatedAd Ad(Random random, string id, DateTimeOffset created)
    {
        var advertiser = Pick(random, "RedditforBusiness", "JetBrainsOfficial", "NordVPN_Official", "AcmeCloudHosting");
        var title = Pick(random, "My boss wanted me to make an infographic. How’d I do?", "Deploy in seconds — try it free",
            "The IDE that understands your code", "Ship faster with fewer outages");
        var token = Token(random, 120);
        return new SimulatedAd(
            id,
            advertiser,
            title,
            Slug(title),
            "https://alb.reddit.com/cr?za=" + token[..80] + "&zp=" + token[80..],
            advertiser.ToLowerInvariant().Replace("_official", string.Empty, StringComparison.Ordinal) + ".com",
            "//a.thumbs.redditmedia.com/" + Token(random, 43) + ".jpg",
            created);
    }

    /// <summary>A comment of a generated thread: deterministic from the post and its position, not from the
    /// clock, so the expectation of a page made at any time names the times the page shows. It is written within
    /// an hour of the post (a comment on a post younger than that may be dated a little ahead).</summary>
    public static (string Id, string Author, string Body, long Score, DateTimeOffset Created) Comment(
        SimulatedPost post, int index)
    {
        var random = new Random(StableHash(post.Id) + index);
        var created = post.CreatedUtc.AddSeconds(1 + (random.NextDouble() * 3600));
        return (
            Base36(StableHash(post.Id + "/" + index.ToString(CultureInfo.InvariantCulture)) % 2_000_000_000L + 1_000_000_000L),
            Author(random),
            Sentences[random.Next(Sentences.Length)],
            random.Next(1, 200),
            new DateTimeOffset(created.Ticks - created.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero));
    }

    /// <summary>Whether comment <paramref name="index"/> (from 1) replies to the one before it rather than to the
    /// post: about one in three, so threads of several levels occur.</summary>
    public static bool RepliesToPrevious(SimulatedPost post, int index) =>
        index > 0 && (post.IsThreaded || StableHash(post.Id + "/reply/" + index.ToString(CultureInfo.InvariantCulture)) % 3 == 0);

    /// <summary>r2's <c>title_to_url</c>: whitespace to "_", everything not a word character dropped, runs of
    /// "_" collapsed, lower-cased, at most 50 characters cut back to a whole word; "_" when nothing is left.
    /// CJK titles keep their characters, as the real permalinks do.</summary>
    public static string Slug(string title)
    {
        var builder = new StringBuilder(title.Length);
        foreach (var rune in title.EnumerateRunes())
        {
            if (Rune.IsWhiteSpace(rune) || rune.Value == '_')
            {
                if (builder.Length > 0 && builder[^1] != '_')
                {
                    builder.Append('_');
                }
            }
            else if (Rune.IsLetterOrDigit(rune))
            {
                builder.Append(Rune.ToLowerInvariant(rune).ToString());
            }
        }

        var slug = builder.ToString().Trim('_');
        if (slug.Length > 50)
        {
            slug = slug[..50];
            var lastWord = slug.LastIndexOf('_');
            if (lastWord > 0)
            {
                slug = slug[..lastWord];
            }
        }

        return slug.Length == 0 ? "_" : slug;
    }

    public static string Base36(long value)
    {
        Span<char> digits = stackalloc char[16];
        var at = digits.Length;
        do
        {
            digits[--at] = Base36Digits[(int)(value % 36)];
            value /= 36;
        }
        while (value > 0);

        return new string(digits[at..]);
    }

    public static long FromBase36(string text)
    {
        long value = 0;
        foreach (var c in text)
        {
            value = (value * 36) + Base36Digits.IndexOf(c, StringComparison.Ordinal);
        }

        return value;
    }

    /// <summary>FNV-1a: string.GetHashCode differs between processes, and the world must not.</summary>
    public static int StableHash(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (int)(hash & 0x7FFFFFFF);
    }

    private static string Title(Random random)
    {
        var tool = Tools[random.Next(Tools.Length)];
        var other = Tools[random.Next(Tools.Length)];
        return string.Format(
            CultureInfo.InvariantCulture,
            TitlePatterns[random.Next(TitlePatterns.Length)],
            tool,
            other == tool ? "plain old shell scripts" : other,
            Tasks[random.Next(Tasks.Length)],
            Things[random.Next(Things.Length)],
            random.Next(2, 30));
    }

    private static string Author(Random random)
    {
        var first = AuthorWords[random.Next(AuthorWords.Length)];
        var second = AuthorWords[random.Next(AuthorWords.Length)];
        var number = random.Next(1, 10_000).ToString(CultureInfo.InvariantCulture);
        return random.Next(3) switch
        {
            0 => first + "_" + second + "_" + number[..1],
            1 => first + "-" + second + number,
            _ => first + second + number,
        };
    }

    private static (string? Target, string Domain, string? Thumbnail) Target(
        Random random, PostKind kind, string id, string subreddit, string title) => kind switch
        {
            PostKind.Self => (null, "self." + subreddit, null),
            PostKind.Image => ("https://i.redd.it/" + Token36(random, 13) + (Chance(random, 0.5) ? ".png" : ".jpg"), "i.redd.it", Thumb(random)),
            PostKind.Gallery => ("https://www.reddit.com/gallery/" + id, "old.reddit.com", Thumb(random)),
            PostKind.Video => ("https://v.redd.it/" + Token36(random, 13), "v.redd.it", Thumb(random)),
            _ => LinkTarget(random, title),
        };

    private static (string?, string, string?) LinkTarget(Random random, string title)
    {
        var host = Hosts[random.Next(Hosts.Length)];
        var path = "/" + (2015 + random.Next(10)).ToString(CultureInfo.InvariantCulture) + "/" + Uri.EscapeDataString(Slug(title));
        var domain = host.StartsWith("www.", StringComparison.Ordinal) ? host[4..] : host;
        return ("https://" + host + path, domain, Chance(random, 0.7) ? Thumb(random) : null);
    }

    private static string Thumb(Random random) =>
        (Chance(random, 0.5) ? "//b.thumbs.redditmedia.com/" : "//a.thumbs.redditmedia.com/") + Token(random, 43) + ".jpg";

    private static FlairStyle? LinkFlair(Random random)
    {
        if (Chance(random, 0.15))
        {
            var (text, emoji) = RichtextFlairs[random.Next(RichtextFlairs.Length)];
            return new FlairStyle(text, emoji, null);
        }

        if (Chance(random, 0.45))
        {
            var text = LinkFlairs[random.Next(LinkFlairs.Length)];
            return new FlairStyle(text, null, text.ToLowerInvariant());
        }

        return null;
    }

    private static FlairStyle? AuthorFlair(Random random)
    {
        if (Chance(random, 0.05))
        {
            return new FlairStyle("Python 3", ":py:", null);
        }

        return Chance(random, 0.15) ? new FlairStyle(AuthorFlairs[random.Next(AuthorFlairs.Length)], null, "contrib") : null;
    }

    private static long Score(Random random)
    {
        var roll = random.NextDouble();
        return roll switch
        {
            < 0.85 => (long)Math.Exp(random.NextDouble() * 7.5) - 1,
            < 0.95 => random.Next(1_000, 10_000),
            _ => random.Next(10_000, 80_000),
        };
    }

    private static int CommentCount(Random random)
    {
        var roll = random.NextDouble();
        return roll switch
        {
            < 0.2 => 0,
            < 0.9 => (int)Math.Exp(random.NextDouble() * 5),
            _ => random.Next(150, 1_500),
        };
    }

    private static Selftext Selftext(Random random)
    {
        var html = new List<string>();
        var text = new List<string>();
        var blocks = random.Next(1, 5);
        for (var b = 0; b < blocks; b++)
        {
            if (b > 0 && Chance(random, 0.2))
            {
                var items = new[] { Tools[random.Next(Tools.Length)], Tasks[random.Next(Tasks.Length)] };
                html.Add("<ul>\n" + string.Concat(items.Select(i => "<li>" + EscapeText(i) + "</li>\n")) + "</ul>");
                text.AddRange(items);
                continue;
            }

            var sentences = Enumerable.Range(0, random.Next(1, 4)).Select(_ => Sentences[random.Next(Sentences.Length)]).ToList();
            var paragraph = string.Join(' ', sentences);
            var markup = EscapeText(paragraph);
            if (Chance(random, 0.25))
            {
                var tool = Tools[random.Next(Tools.Length)];
                markup += " See <a href=\"https://github.com/search?q=" + Uri.EscapeDataString(tool) + "\">" + EscapeText(tool) + "</a>.";
                paragraph += " See " + tool + ".";
            }
            else if (Chance(random, 0.2))
            {
                markup += " <strong>Update:</strong> <code>x &lt;- 1</code>";
                paragraph += " Update: x <- 1";
            }

            html.Add("<p>" + markup + "</p>");
            text.Add(paragraph);
        }

        return new Selftext(string.Join("\n\n", html), string.Join('\n', text));
    }

    /// <summary>Text-node escaping exactly as AngleSharp writes it back out: quotes stay as they are.</summary>
    internal static string EscapeText(string text) =>
        text.Replace("&", "&amp;", StringComparison.Ordinal)
            .Replace("<", "&lt;", StringComparison.Ordinal)
            .Replace(">", "&gt;", StringComparison.Ordinal);

    private static string Token(Random random, int length)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        return string.Create(length, random, static (span, r) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = alphabet[r.Next(alphabet.Length)];
            }
        });
    }

    private static string Token36(Random random, int length) => string.Create(length, random, static (span, r) =>
    {
        for (var i = 0; i < span.Length; i++)
        {
            span[i] = Base36Digits[r.Next(36)];
        }
    });

    private static bool Chance(Random random, double probability) => random.NextDouble() < probability;

    private static T Pick<T>(Random random, params T[] values) => values[random.Next(values.Length)];

    private static T PickWeighted<T>(Random random, params (int Weight, T Value)[] weighted)
    {
        var roll = random.Next(weighted.Sum(w => w.Weight));
        foreach (var (weight, value) in weighted)
        {
            if (roll < weight)
            {
                return value;
            }

            roll -= weight;
        }

        return weighted[^1].Value;
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
