using BenchmarkDotNet.Attributes;
using Scraper.Benchmarks.Support;
using Scraper.Jobs.OldReddit;
using Scraper.Tests.Support;

namespace Scraper.Benchmarks.OldReddit;

/// <summary>One parser on each real page of a kind: one call is one page. A subclass gives the parser, the kind
/// the pages must parse as, the URL they are parsed as and the prefixes of the saved pages' names.</summary>
/// <remarks>A page that stopped parsing would measure the failure path and look fast: each must parse as
/// <c>kind</c> before it is measured.</remarks>
[Config(typeof(ParserBenchmarkConfig))]
public abstract class ParserBenchmark<TPage>(
    Func<string, Uri, ParseResult<TPage>> parse, PageKind kind, string pageUrl, params string[] pages)
    where TPage : class
{
    private readonly Uri _pageUrl = new(pageUrl);

    private string _html = string.Empty;

    [ParamsSource(nameof(Pages))]
    public string Page { get; set; } = string.Empty;

    /// <summary>The saved pages the benchmark runs on, one row each.</summary>
    public IEnumerable<string> Pages => Fixtures.Named(pages);

    [GlobalSetup]
    public void ReadPage()
    {
        _html = Fixtures.Read(Page);
        var result = parse(_html, _pageUrl);
        if (result.Kind != kind)
        {
            throw new InvalidOperationException(Page + " parses as " + result.Kind + ": " + result.Reason);
        }
    }

    [Benchmark]
    public ParseResult<TPage> Parse() => parse(_html, _pageUrl);
}
