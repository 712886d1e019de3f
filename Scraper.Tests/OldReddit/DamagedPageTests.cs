using Scraper.Jobs.OldReddit;
using Scraper.Tests.Support;

namespace Scraper.Tests.OldReddit;

/// <summary>Bad input never crashes or hangs the parsers: thousands of damaged real pages all end in a page or a
/// named outcome.</summary>
public class DamagedPageTests
{
    private const int MutationsPerPage = 150;

    // A guard against a hang, not a speed bound: a healthy parse of these pages takes milliseconds.
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(30);

    private static readonly Uri PageUrl = new("https://old.reddit.com/r/test/");

    public static TheoryData<string> Pages() => [.. Fixtures.AllPages()];

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Parse_ThousandsOfDamagedCopies_EachEndsInAPageOrANamedOutcome(string fileName)
    {
        var original = Fixtures.Read(fileName);
        var mutator = new PageMutator(seed: fileName.GetHashCode(StringComparison.Ordinal) ^ 20261124);
        var outcomes = new HashSet<PageKind>();

        await Task.Run(() =>
        {
            for (var i = 0; i < MutationsPerPage; i++)
            {
                var damaged = mutator.Mutate(original, out var description);
                var listing = Parse(() => ListingParser.Parse(damaged, PageUrl), fileName, i, description);
                var submission = Parse(() => SubmissionPageParser.Parse(damaged, PageUrl), fileName, i, description);
                AssertConsistent(listing, fileName, description);
                AssertConsistent(submission, fileName, description);
                outcomes.Add(listing.Kind);
                outcomes.Add(submission.Kind);
            }
        }).WaitAsync(HangGuard);

        // The mutations must reach past the truncation check, or this test proves little.
        Assert.Contains(outcomes, kind => kind != PageKind.Truncated);
    }

    [Fact]
    public void Parse_SavedCopyThatStopsBeforeItsEnd_IsReportedTruncatedAsItIs()
    {
        // The copy in its source repository ends inside the report form, with no </html>: its damaged copies still
        // reach past the truncation check (a cut that closes the document again), so the theory above covers it.
        var html = Fixtures.Read("loggedin-listing-r-games-hot-2025-reindented-cut.html");

        Assert.Equal(PageKind.Truncated, ListingParser.Parse(html, PageUrl).Kind);
        Assert.Equal(PageKind.Truncated, SubmissionPageParser.Parse(html, PageUrl).Kind);
    }

    [Fact]
    public void Parse_CutOffListing_IsReportedTruncatedNotHalfRead()
    {
        var html = Fixtures.Read("listing-r-rstats-hot-2023.html");

        var result = ListingParser.Parse(html[..(html.Length / 2)], PageUrl);

        Assert.Equal(PageKind.Truncated, result.Kind);
        Assert.Null(result.Page);
    }

    [Fact]
    public void Parse_CutOffSubmissionPage_IsReportedTruncated()
    {
        var html = Fixtures.Read("submission-link-r-china_irl-z2bhbm.html");

        var result = SubmissionPageParser.Parse(html[..40_000], PageUrl);

        Assert.Equal(PageKind.Truncated, result.Kind);
    }

    [Fact]
    public void Parse_EmptyBody_IsReportedTruncated()
    {
        Assert.Equal(PageKind.Truncated, ListingParser.Parse(string.Empty, PageUrl).Kind);
    }

    private static ParseResult<T> Parse<T>(Func<ParseResult<T>> parse, string fileName, int index, string description)
        where T : class
    {
        try
        {
            return parse();
        }
        catch (Exception e)
        {
            Assert.Fail($"{fileName} mutation {index} ({description}) threw {e.GetType().Name}: {e.Message}");
            throw;
        }
    }

    private static void AssertConsistent<T>(ParseResult<T> result, string fileName, string description)
        where T : class
    {
        Assert.True(Enum.IsDefined(result.Kind), fileName + ": " + description);
        if (result.Kind.IsSuccess())
        {
            Assert.NotNull(result.Page);
            Assert.Null(result.Reason);
        }
        else
        {
            Assert.Null(result.Page);
            Assert.False(string.IsNullOrWhiteSpace(result.Reason), fileName + ": " + description);
        }
    }
}
