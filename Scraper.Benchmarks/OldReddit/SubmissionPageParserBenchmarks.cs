using Scraper.Jobs.OldReddit;

namespace Scraper.Benchmarks.OldReddit;

/// <summary><see cref="SubmissionPageParser.Parse"/> on each real submission page: one call is one page.</summary>
public class SubmissionPageParserBenchmarks() : ParserBenchmark<SubmissionPage>(
    (html, url) => SubmissionPageParser.Parse(html, url),
    PageKind.Submission,
    "https://old.reddit.com/r/benchmark/comments/abc123/benchmark/",
    "submission-", "legacy2017-submission-");
