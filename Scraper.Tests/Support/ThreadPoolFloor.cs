using System.Runtime.CompilerServices;

namespace Scraper.Tests.Support;

/// <summary>The test host reads the output of every process the tests start (the app's processes, redis-server,
/// postgres, influxd), and on Linux a pipe read holds a thread-pool thread for as long as the process lives. With the
/// pool's floor at one thread per core, three worker processes take every thread, and the simulator, whose arrival
/// stamps judge the request gate, waits hundreds of milliseconds for the pool to grow before it reads a request.</summary>
internal static class ThreadPoolFloor
{
    [ModuleInitializer]
    internal static void Raise()
    {
        ThreadPool.GetMinThreads(out var workers, out var completions);
        ThreadPool.SetMinThreads(Math.Max(workers, 64), completions);
    }
}
