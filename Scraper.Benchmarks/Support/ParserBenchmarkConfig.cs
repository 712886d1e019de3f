using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;

namespace Scraper.Benchmarks.Support;

/// <summary>The job and table shared by the parser benchmarks. One operation is one page, so Op/s is pages per
/// second.</summary>
internal sealed class ParserBenchmarkConfig : ManualConfig
{
    public ParserBenchmarkConfig()
    {
        // ShortRun's 3 warm-ups and 3 iterations gave error margins above 100% of the mean on this shared 2-core
        // machine. Its pilot stage also times the parser while a fresh process is still several times slower
        // than in steady state, so iterations come out near 100 ms (BenchmarkDotNet may warn MinIterationTime)
        // and the first ones are still speeding up: 6 warm-ups let that settle before 10 measured iterations.
        // Asking for 1 s iterations silences the warning but doubles the run to 4-5 minutes for the same means.
        AddJob(Job.ShortRun.WithWarmupCount(6).WithIterationCount(10));
        AddDiagnoser(MemoryDiagnoser.Default);
        // The machine is shared: the median shrugs off the iterations another process slowed down.
        AddColumn(StatisticColumn.Median, StatisticColumn.OperationsPerSecond);
        // The file name is the row's label: the default 20 characters cut every one to "legac(...).html".
        SummaryStyle = SummaryStyle.Default.WithMaxParameterColumnWidth(70);
    }
}
