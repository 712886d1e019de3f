using BenchmarkDotNet.Attributes;
using Scraper.Benchmarks.Support;
using Scraper.Tests.Support;
using Scraper.Jobs.OldReddit;

namespace Scraper.Benchmarks.OldReddit;

/// <summary><see cref="ListingParser.Parse"/> on each real listing page: one call is one page.</summary>
[Config(typeof(ParserBenchmarkConfig))]
public class ListingParserBenchmarks
{
    private static readonly Uri PageUrl = new("https://old.reddit.com/r/benchmark/");

    private string html = string.Empty;

    public static IEnumerable<string> Pages => Fixtures.Named("listing-", "legacy2017-listing-");

    [ParamsSource(nameof(Pages))]
    public string Page { get; set; } = string.Empty;

    [GlobalSetup]
    public void ReadPage()
    {
        html = Fixtures.Read(Page);

        // A page that stopped parsing would measure the failure path and look fast.
        var result = ListingParser.Parse(html, PageUrl);
        if (result.Kind != PageKind.Listing)
        {
            throw new InvalidOperationException(Page + " parses as " + result.Kind + ": " + result.Reason);
        }
    }

    [Benchmark]
    public ParseResult<ListingPage> Parse() => ListingParser.Parse(html, PageUrl);
}
