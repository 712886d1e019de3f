using Scraper.Tests.Support;

namespace Scraper.Tests.Storage;

/// <summary>The store contract on PostgreSQL: one server for the class, a new database for each test.</summary>
public sealed class PostgresSubmissionStoreTests(PostgresSubmissionStoreTests.Server server)
    : SubmissionStoreContract, IClassFixture<PostgresSubmissionStoreTests.Server>
{
    protected override Task<string> CreateDatabaseAsync() => server.Postgres.CreateDatabaseAsync();

    /// <summary>Starts the class's server once, before its first test.</summary>
    public sealed class Server : IAsyncLifetime
    {
        private PostgresServer? _postgres;

        internal PostgresServer Postgres => _postgres ?? throw new InvalidOperationException("not started");

        public async Task InitializeAsync() => _postgres = await PostgresServer.StartAsync();

        public async Task DisposeAsync()
        {
            if (_postgres is not null)
            {
                await _postgres.DisposeAsync();
            }
        }
    }
}
