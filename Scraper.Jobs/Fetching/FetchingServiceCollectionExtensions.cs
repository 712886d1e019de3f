using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly.Timeout;
using Scraper.Jobs.Metrics;
using StackExchange.Redis;

namespace Scraper.Jobs.Fetching;

public static class FetchingServiceCollectionExtensions
{
    /// <summary>Registers <see cref="RedditPages"/> and its <see cref="RedditClient"/> with its options (validated on start), the process-wide
    /// request gate, and the resilience pipeline: total timeout → retry (jittered exponential backoff, honouring
    /// Retry-After) → circuit breaker → attempt timeout → the gate.</summary>
    public static IServiceCollection AddRedditClient(this IServiceCollection services)
    {
        services.AddOptions<RedditOptions>()
            .BindConfiguration(RedditOptions.SectionName)
            .PostConfigure(options => options.ResolveSession())
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RedditOptions>, RedditOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddScraperInstruments();
        services.TryAddSingleton<LocalRequestGate>();
        services.TryAddSingleton<RedditAccess>();
        // One gate per process; shared through Redis when the app has a Redis connection.
        services.TryAddSingleton<IRequestGate>(provider => provider.GetService<IConnectionMultiplexer>() is null
            ? provider.GetRequiredService<LocalRequestGate>()
            : ActivatorUtilities.CreateInstance<RedisRequestGate>(provider));
        services.AddTransient<PoliteRequestHandler>();
        services.TryAddTransient<RedditPages>();

        services.AddHttpClient<RedditClient>((provider, http) =>
            {
                var options = provider.GetRequiredService<IOptions<RedditOptions>>().Value;
                // reddit's own recommended form ("linux:app:1.0 (by /u/name)") is not an RFC product token,
                // so it is sent as written; the options validation has ruled out line breaks.
                http.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", options.UserAgent);
                // reddit serves NSFW subreddits' pages only to clients that said they are over 18, and since July
                // 2026 old.reddit only to logged-in ones. The header is never logged (only the request line is).
                http.DefaultRequestHeaders.Add("Cookie", options.CookieHeader);
                // The resilience pipeline owns timeouts.
                http.Timeout = Timeout.InfiniteTimeSpan;
            })
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                AutomaticDecompression = DecompressionMethods.All,
                UseCookies = false,
                // A redirect is an outcome to classify (the login wall), not a page to fetch: RedditClient reads it.
                AllowAutoRedirect = false,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                // Tells the gate when each request is written (the next one's spacing counts from then).
                PlaintextStreamFilter = (context, _) => ValueTask.FromResult<Stream>(new TurnSignallingStream(context.PlaintextStream)),
            })
            .AddStandardResilienceHandler()
            .Configure((HttpStandardResilienceOptions resilience, IServiceProvider provider) =>
            {
                var options = provider.GetRequiredService<IOptions<RedditOptions>>().Value;
                resilience.AttemptTimeout.Timeout = options.Timeout;
                resilience.Retry.MaxRetryAttempts = options.MaxRetries;
                resilience.Retry.Delay = options.RetryBaseDelay;
                resilience.Retry.MaxDelay = TimeSpan.FromMinutes(1);
                var metrics = provider.GetRequiredService<ScraperMetrics>();
                resilience.Retry.OnRetry = args =>
                {
                    metrics.HttpRetry(RetryReason(args.Outcome.Result, args.Outcome.Exception));
                    return ValueTask.CompletedTask;
                };
                // Retry-After waits can be long; the total still ends the request.
                resilience.TotalRequestTimeout.Timeout = options.Timeout * (options.MaxRetries + 1) + TimeSpan.FromMinutes(2);
                resilience.CircuitBreaker.SamplingDuration = options.Timeout * 2 + TimeSpan.FromSeconds(30);
                // The breaker is for reddit being down (5xx, timeouts, resets), not for being asked to slow
                // down: 429s are the gate's business.
                resilience.CircuitBreaker.FailureRatio = 0.5;
                resilience.CircuitBreaker.MinimumThroughput = 20;
                resilience.CircuitBreaker.ShouldHandle = args => ValueTask.FromResult(
                    args.Outcome.Result?.StatusCode != HttpStatusCode.TooManyRequests
                    && HttpClientResiliencePredicates.IsTransient(args.Outcome));
            });

        // Added after the resilience handler, so it sits inside it: every attempt passes the gate.
        services.AddHttpClient<RedditClient>().AddHttpMessageHandler<PoliteRequestHandler>();
        return services;
    }

    private static string RetryReason(HttpResponseMessage? response, Exception? exception) => (response, exception) switch
    {
        ({ } r, _) => ((int)r.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture),
        (_, TimeoutRejectedException) => "timeout",
        (_, HttpRequestException) => "connection",
        (_, { } e) => e.GetType().Name,
        _ => "unknown",
    };
}
