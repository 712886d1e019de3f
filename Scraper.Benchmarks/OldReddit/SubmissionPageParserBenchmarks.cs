using BenchmarkDotNet.Attributes;
using Scraper.Benchmarks.Support;
using Scraper.Tests.Support;
using Scraper.Jobs.OldReddit;

namespace Scraper.Benchmarks.OldReddit;

/// <summary><see cref="SubmissionPageParser.Parse"/> on each real submission page: one call is one page.</summary>
[Config(typeof(ParserBenchmarkConfig))]
public class SubmissionPageParserBenchmarks
{
    private static readonly Uri PageUrl = new("https://old.reddit.com/r/benchmark/comments/abc123/benchmark/");

    private string html = string.Empty;

    public static IEnumerable<string> Pages => Fixtures.Named("submission-", "legacy2017-submission-");

    [ParamsSource(nameof(Pages))]
    public string Page { get; set; } = string.Empty;

    [GlobalSetup]
    public void ReadPage()
    {
        html = Fixtures.Read(Page);

        // A page that stopped parsing would measure the failure path and look fast.
        var result = SubmissionPageParser.Parse(html, PageUrl);
        if (result.Kind != PageKind.Submission)
        {
            throw new InvalidOperationException(Page + " parses as " + result.Kind + ": " + result.Reason);
        }
    }

    [Benchmark]
    public ParseResult<SubmissionPage> Parse() => SubmissionPageParser.Parse(html, PageUrl);
}
