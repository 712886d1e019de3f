using BenchmarkDotNet.Running;
using Scraper.Benchmarks.Pipeline;

// "pipeline [redis]" runs the end-to-end throughput run; anything else goes to BenchmarkDotNet.
if (args is ["pipeline", ..])
{
    return await PipelineThroughput.RunAsync(args.Length > 1 ? args[1] : null);
}

BenchmarkSwitcher.FromAssembly(typeof(PipelineThroughput).Assembly).Run(args);
return 0;
