using System.Net;
using Scraper.Jobs.OldReddit;

namespace Scraper.Jobs.Fetching;

/// <summary>A fetched and parsed page with the facts of the response that served it.</summary>
/// <param name="Url">What was asked for.</param>
/// <param name="Status">The status of the final attempt.</param>
/// <param name="Duration">From the first attempt to the parsed page, retries and waits included.</param>
/// <param name="Bytes">The body's length in bytes (decompressed).</param>
/// <param name="Result">What the parsers made of it: the page, or a named outcome.</param>
public sealed record Fetched<TPage>(Uri Url, HttpStatusCode Status, TimeSpan Duration, long Bytes, ParseResult<TPage> Result)
    where TPage : class;
