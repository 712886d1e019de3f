using System.Reflection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Scraper.Jobs.Discovery;
using Scraper.Jobs.Fetching;
using Scraper.Web.Metrics;
using Scraper.Web.Metrics.Influx;
using Scraper.Web.Hosting.Dashboard;

namespace Scraper.Web.Hosting;

/// <summary>The one way settings are read: each section Scraper owns has one options class, bound and validated
/// (data annotations and <see cref="System.ComponentModel.DataAnnotations.IValidatableObject"/>, through the
/// validator generated for the class, <c>[OptionsValidator]</c>, where it has rules) the same way, for the container
/// (<see cref="AddSettings{T}"/>, validated on start) and for registration code that needs a value before the
/// container exists (<see cref="Read{T}"/>). <see cref="CheckKnownKeys"/> refuses a key that none of them has.</summary>
internal static class Settings
{
    /// <summary>The sections Scraper owns, each with the one class that binds it. Others (Serilog, Logging's
    /// framework keys, ASP.NET Core's) are left alone.</summary>
    public static readonly IReadOnlyDictionary<string, Type> Sections = new Dictionary<string, Type>(StringComparer.OrdinalIgnoreCase)
    {
        [RedditOptions.SectionName] = typeof(RedditOptions),
        [ScraperOptions.SectionName] = typeof(ScraperOptions),
        [InfluxOptions.SectionName] = typeof(InfluxOptions),
        [SamplingOptions.SectionName] = typeof(SamplingOptions),
        [DashboardAccessOptions.SectionName] = typeof(DashboardAccessOptions),
        [KeyRingOptions.SectionName] = typeof(KeyRingOptions),
        [ConnectionStringsOptions.SectionName] = typeof(ConnectionStringsOptions),
    };

    /// <summary>The generated validator of each class that has rules (the others have nothing to check).</summary>
    private static readonly Dictionary<Type, object> Rules = new()
    {
        [typeof(RedditOptions)] = new RedditOptionsValidator(),
        [typeof(ScraperOptions)] = new ScraperOptionsValidator(),
        [typeof(InfluxOptions)] = new InfluxOptionsValidator(),
        [typeof(SamplingOptions)] = new SamplingOptionsValidator(),
        [typeof(DashboardAccessOptions)] = new DashboardAccessOptionsValidator(),
    };

    /// <summary>Registers <typeparamref name="T"/> bound to <paramref name="section"/>, validated when the host
    /// starts.</summary>
    public static OptionsBuilder<T> AddSettings<T>(this IServiceCollection services, string section)
        where T : class
    {
        if (RulesOf<T>() is { } rules)
        {
            services.TryAddEnumerable(ServiceDescriptor.Singleton(rules));
        }

        return services.AddOptions<T>()
            .BindConfiguration(section)
            .PostConfigure<IConfiguration>(Complete)
            .ValidateOnStart();
    }

    /// <summary>The section as the container will see it, for registration code (whether Redis is configured, the
    /// role, …); validated as on start.</summary>
    /// <exception cref="OptionsValidationException">The section is invalid; the failures name the keys.</exception>
    public static T Read<T>(IConfiguration configuration, string section)
        where T : class, new()
    {
        var options = new T();
        configuration.GetSection(section).Bind(options);
        Complete(options, configuration);
        var result = RulesOf<T>()?.Validate(Options.DefaultName, options) ?? ValidateOptionsResult.Skip;
        return result.Failed ? throw new OptionsValidationException(Options.DefaultName, typeof(T), result.Failures) : options;
    }

    /// <summary>Stops the app on a key that no property of its section's class has (a misspelt key would otherwise
    /// be ignored without a word), naming the nearest known key. Configuration is case-insensitive, and so is this;
    /// a list's items (<c>Scraper:Subreddits:0</c>) and nested keys belong to their known parent.</summary>
    /// <exception cref="OptionsValidationException">One failure per unknown key.</exception>
    public static void CheckKnownKeys(IConfiguration configuration)
    {
        var failures = new List<string>();
        foreach (var (section, type) in Sections)
        {
            var known = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Where(p => p.SetMethod?.IsPublic == true)
                .Select(p => p.Name)
                .ToList();
            foreach (var child in configuration.GetSection(section).GetChildren())
            {
                if (!known.Contains(child.Key, StringComparer.OrdinalIgnoreCase))
                {
                    failures.Add("unknown setting " + child.Path + " — did you mean " + section + ":" + Nearest(child.Key, known) + "?");
                }
            }
        }

        if (failures.Count > 0)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(Settings), failures);
        }
    }

    /// <summary>The known name closest to <paramref name="key"/> (Levenshtein distance, case-insensitive).</summary>
    internal static string Nearest(string key, IReadOnlyCollection<string> known) =>
        known.MinBy(name => Distance(key.ToUpperInvariant(), name.ToUpperInvariant())) ?? string.Empty;

    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j], current[j - 1]) + 1);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }

    private static IValidateOptions<T>? RulesOf<T>()
        where T : class =>
        Rules.GetValueOrDefault(typeof(T)) as IValidateOptions<T>;

    // What binding alone does not do, the same for the container and for Read.
    private static void Complete<T>(T options, IConfiguration configuration)
    {
        if (options is ScraperOptions scraper)
        {
            // A list in configuration has no value of its own (its items are children); a value is the
            // environment's form, one name or several separated by commas, which the binder leaves out of a list.
            var raw = configuration[ScraperOptions.SectionName + ":" + nameof(ScraperOptions.Subreddits)];
            if (!string.IsNullOrWhiteSpace(raw))
            {
                scraper.Subreddits = [.. raw.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
            }
        }
    }
}
