using BenchmarkDotNet.Running;
using Scraper.Benchmarks.Pipeline;

// "pipeline [redis] [--influx url]" runs the end-to-end throughput run; anything else goes to BenchmarkDotNet.
if (args is ["pipeline", ..])
{
    var rest = args.Skip(1).ToList();
    var at = rest.IndexOf("--influx");
    string? influx = null;
    if (at >= 0)
    {
        influx = rest.ElementAtOrDefault(at + 1);
        rest.RemoveRange(at, Math.Min(2, rest.Count - at));
    }

    var redis = rest.FirstOrDefault();
    return await PipelineThroughput.RunAsync(redis, influx);
}

// "budget [plan|per-subreddit] [minutes]": 1,000 subreddits within one request budget, in real time.
if (args is ["budget", ..])
{
    var mode = args.ElementAtOrDefault(1) ?? "plan";
    var minutes = int.Parse(args.ElementAtOrDefault(2) ?? "15", System.Globalization.CultureInfo.InvariantCulture);
    return await BudgetRun.RunAsync(mode, TimeSpan.FromMinutes(minutes));
}

// "record [subreddits] [posts-per-subreddit]": one read of the dashboard's Record page on a filled store.
if (args is ["record", ..])
{
    var subreddits = int.Parse(args.ElementAtOrDefault(1) ?? "1000", System.Globalization.CultureInfo.InvariantCulture);
    var posts = int.Parse(args.ElementAtOrDefault(2) ?? "100", System.Globalization.CultureInfo.InvariantCulture);
    return await Scraper.Benchmarks.Storage.RecordRead.RunAsync(subreddits, posts);
}

BenchmarkSwitcher.FromAssembly(typeof(PipelineThroughput).Assembly).Run(args);
return 0;
