using Scraper.Jobs.OldReddit;

namespace Scraper.Benchmarks.OldReddit;

/// <summary><see cref="ListingParser.Parse"/> on each real listing page: one call is one page.</summary>
public class ListingParserBenchmarks() : ParserBenchmark<ListingPage>(
    (html, url) => ListingParser.Parse(html, url), PageKind.Listing, "https://old.reddit.com/r/benchmark/", "listing-", "legacy2017-listing-");
