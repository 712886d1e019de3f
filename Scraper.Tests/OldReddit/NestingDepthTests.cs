using System.Text;
using Scraper.Jobs.OldReddit;
using Scraper.Tests.Support;

namespace Scraper.Tests.OldReddit;

/// <summary>The linear scan that keeps pages too deep for reddit away from the parser: real pages pass far under
/// the limit, markup that opens no element is not counted, a deep page is cut at the limit.</summary>
public class NestingDepthTests
{
    private static readonly Uri PageUrl = new("https://old.reddit.com/r/test/");

    public static TheoryData<string> Pages() => [.. Fixtures.AllPages()];

    [Theory]
    [MemberData(nameof(Pages))]
    public void Measure_RealPage_IsAFifthOfTheLimitAtMostAndThePageParsesAsWithoutTheGuard(string fileName)
    {
        var html = Fixtures.Read(fileName);

        var depth = NestingDepth.Measure(html, int.MaxValue);
        var expected = fileName.Contains("submission", StringComparison.Ordinal) ? PageKind.Submission : PageKind.Listing;
        var read = expected == PageKind.Submission
            ? SubmissionPageParser.Parse(html, PageUrl).Kind
            : ListingParser.Parse(html, PageUrl).Kind;

        // The deepest real page measures 39 (see NestingDepth.Limit).
        Assert.InRange(depth, 3, NestingDepth.Limit / 5);
        Assert.NotEqual(PageKind.TooDeep, read);
    }

    [Fact]
    public void Measure_RealPages_DeepestIsThirtyNine()
    {
        Assert.Equal(39, Fixtures.AllPages().Max(name => NestingDepth.Measure(Fixtures.Read(name), int.MaxValue)));
    }

    [Theory]
    [InlineData("<div><br><img src=x><input name=a><hr><meta charset=utf-8><link rel=x><wbr><source><track><col><area><base><embed></div>", 1)]
    [InlineData("<div><span/><p /><x-a/></div>", 1)]
    [InlineData("<div><!-- <div><div> --><!----></div>", 1)]
    [InlineData("<!DOCTYPE html><?xml version=\"1.0\"?><![CDATA[<div>]]><div></div>", 1)]
    [InlineData("<div><script>if (a<b) { document.write('<div><div><div>'); }</script></div>", 1)]
    [InlineData("<div><style>div > p { }</style><textarea><div><div></textarea><title><b><i></title></div>", 1)]
    [InlineData("<div title=\"a > b <div>\" class='<p>'><a href=x>1 < 2</a></div>", 2)]
    [InlineData("</div></div></div><div><div></div></div>", 2)]
    [InlineData("<DIV><Script>'<div>'</SCRIPT ></DIV>", 1)]
    [InlineData("", 0)]
    public void Measure_MarkupThatOpensNoElement_IsNotCounted(string html, int depth)
    {
        Assert.Equal(depth, NestingDepth.Measure(html));
    }

    [Fact]
    public void Measure_PageDeeperThanTheLimit_StopsOnePastIt()
    {
        var html = Nested(200_000);

        Assert.Equal(NestingDepth.Limit + 1, NestingDepth.Measure(html));
        Assert.Equal(200_002, NestingDepth.Measure(html, int.MaxValue));
    }

    [Fact]
    public void Parse_PageDeeperThanTheLimit_IsTooDeepNamingTheLimit()
    {
        var result = SubmissionPageParser.Parse(Nested(NestingDepth.Limit), PageUrl);

        Assert.Equal(PageKind.TooDeep, result.Kind);
        Assert.Contains(NestingDepth.Limit.ToString(System.Globalization.CultureInfo.InvariantCulture), result.Reason, StringComparison.Ordinal);
        Assert.False(result.Kind.IsTransient());
    }

    [Fact]
    public void Parse_PageJustUnderTheLimit_IsParsed()
    {
        // html and body count: the divs reach the limit exactly.
        var result = ListingParser.Parse(Nested(NestingDepth.Limit - 2), PageUrl);

        Assert.Equal(PageKind.MarkupChanged, result.Kind);
    }

    [Fact]
    public void Parse_TokenCancelledPartWay_EndsTheParseWithOperationCanceled()
    {
        var page = new StringBuilder("<html><head></head><body class=\"listing-page\">");
        for (var i = 0; i < 200_000; i++)
        {
            page.Append("<div class=\"thing\"><p>filler</p></div>\n");
        }

        var html = page.Append("</body></html>").ToString();
        using var bound = new CancellationTokenSource(TimeSpan.FromMilliseconds(20));

        // Seconds of parsing, cut off after 20 ms: AngleSharp checks the token while it builds the tree.
        Assert.ThrowsAny<OperationCanceledException>(() => ListingParser.Parse(html, PageUrl, bound.Token));
    }

    private static string Nested(int depth) =>
        "<html><head><title>deep</title></head><body>" + new StringBuilder(depth * 11).Insert(0, "<div>", depth).Insert(depth * 5, "</div>", depth) + "</body></html>";
}
