using Microsoft.Extensions.DependencyInjection.Extensions;
using StackExchange.Redis;

namespace Scraper.Web.Hosting;

/// <summary>Redis, when <c>ConnectionStrings:Redis</c> is set: Hangfire's storage, the shared request gate, the
/// data-protection keys, health and sampling all use the one connection.</summary>
internal static class RedisRegistration
{
    public static IHostApplicationBuilder AddScraperRedis(this IHostApplicationBuilder builder)
    {
        var connections = Settings.Read<ConnectionStringsOptions>(builder.Configuration, ConnectionStringsOptions.SectionName);
        if (connections.HasRedis)
        {
            builder.Services.AddRedisConnection(connections.Redis);
        }

        return builder;
    }

    /// <summary>Registers one Redis connection for the process. It connects in the background and keeps
    /// retrying, so an app started before Redis does not fail; whoever needs Redis reports its absence.</summary>
    public static IServiceCollection AddRedisConnection(this IServiceCollection services, string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var configuration = ConfigurationOptions.Parse(connectionString);
        configuration.AbortOnConnectFail = false;
        services.TryAddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(configuration));
        return services;
    }
}
