using System.Reflection;
using System.Text.RegularExpressions;
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
internal static partial class Settings
{
    /// <summary>The sections Scraper owns, each with the one class that binds it and that class's generated
    /// validator (null: nothing to check). Others (Serilog, Logging's framework keys, ASP.NET Core's) are left
    /// alone.</summary>
    private static readonly IReadOnlyList<Section> All =
    [
        Section.Of(RedditOptions.SectionName, new RedditOptionsValidator()),
        Section.Of(ScraperOptions.SectionName, new ScraperOptionsValidator()),
        Section.Of(InfluxOptions.SectionName, new InfluxOptionsValidator()),
        Section.Of(SamplingOptions.SectionName, new SamplingOptionsValidator()),
        Section.Of(DashboardAccessOptions.SectionName, new DashboardAccessOptionsValidator()),
        Section.Of<KeyRingOptions>(KeyRingOptions.SectionName, rules: null),
        Section.Of(ConnectionStringsOptions.SectionName, new ConnectionStringsOptionsValidator()),
    ];

    /// <summary>Registers <typeparamref name="T"/> bound to <paramref name="section"/>, validated when the host
    /// starts.</summary>
    public static OptionsBuilder<T> AddSettings<T>(this IServiceCollection services, string section)
        where T : class
    {
        // A class outside the table would escape the start-up check (unknown keys, bad values): a wiring mistake.
        if (!All.Any(s => s.Options == typeof(T)))
        {
            throw new InvalidOperationException(typeof(T).Name + " is bound to " + section + " but is not one of Settings.All's sections.");
        }

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
        var failures = Failures<T>(configuration, section).ToList();
        if (failures.Count > 0)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(T), failures);
        }

        var options = new T();
        configuration.GetSection(section).Bind(options);
        Complete(options, configuration);
        return options;
    }

    /// <summary>Everything wrong with the settings, checked before the host is built so that a bad value stops the
    /// app with one line (and not a second time, with a stack trace, when the host starts): unknown keys
    /// (<see cref="CheckKnownKeys"/>), values that do not convert to their property's type, and each class's
    /// rules. Each failure names its key, the problem and the expected form.</summary>
    /// <exception cref="OptionsValidationException">The failures of every section.</exception>
    public static void Check(IConfiguration configuration)
    {
        CheckKnownKeys(configuration);
        var failures = All.SelectMany(section => section.Failures(configuration, section.Name)).ToList();
        if (failures.Count > 0)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(Settings), failures);
        }
    }

    /// <summary>Stops the app on a key that no property of its section's class has (a misspelt key would otherwise
    /// be ignored without a word), naming the nearest known key. Configuration is case-insensitive, and so is this;
    /// a list's items (<c>Scraper:Subreddits:0</c>) and nested keys belong to their known parent.</summary>
    /// <exception cref="OptionsValidationException">One failure per unknown key.</exception>
    public static void CheckKnownKeys(IConfiguration configuration)
    {
        var failures = new List<string>();
        foreach (var (section, type, _, _) in All)
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

    /// <summary>The section's failures: each value the binder cannot convert (the binder itself would stop at the
    /// first, with an exception), else the class's rules.</summary>
    private static IEnumerable<string> Failures<T>(IConfiguration configuration, string section)
        where T : class, new()
    {
        var conversions = ConversionFailures(configuration.GetSection(section), typeof(T)).ToList();
        if (conversions.Count > 0)
        {
            return conversions;
        }

        var options = new T();
        configuration.GetSection(section).Bind(options);
        Complete(options, configuration);
        var result = RulesOf<T>()?.Validate(Options.DefaultName, options) ?? ValidateOptionsResult.Skip;
        return result.Failed ? result.Failures.Select(f => Describe(f, section, configuration)) : [];
    }

    // Each value bound on its own, by the binder itself, so that what fails here is what would fail at start.
    private static IEnumerable<string> ConversionFailures(IConfigurationSection section, Type type)
    {
        foreach (var child in section.GetChildren().Where(c => c.Value is not null))
        {
            var property = type.GetProperty(child.Key, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
            if (property is null || property.PropertyType == typeof(string))
            {
                continue;
            }

            var alone = new ConfigurationBuilder()
                .AddInMemoryCollection([new KeyValuePair<string, string?>(child.Key, child.Value)])
                .Build();
            string? failure = null;
            try
            {
                alone.Bind(Activator.CreateInstance(type)!);
            }
            catch (InvalidOperationException)
            {
                failure = section.Path + ":" + property.Name + ": \"" + child.Value + "\" is not " + Expected(property.PropertyType) + ".";
            }

            if (failure is not null)
            {
                yield return failure;
            }
        }
    }

    private static string Expected(Type type) => (Nullable.GetUnderlyingType(type) ?? type) switch
    {
        var t when t == typeof(TimeSpan) => "a duration (expected [d.]hh:mm:ss, e.g. 00:00:30 or 1.00:00:00)",
        var t when t == typeof(int) || t == typeof(long) => "a whole number (expected e.g. 10)",
        var t when t == typeof(bool) => "a boolean (expected true or false)",
        var t when t == typeof(Uri) => "a URL (expected e.g. https://old.reddit.com/)",
        var t when t.IsEnum => "one of " + string.Join(", ", Enum.GetNames(t)),
        var t => "a " + t.Name,
    };

    /// <summary>A generated validator's failure (<c>Member: message</c>) as one line naming the key: a rule's own
    /// message names it already; an attribute's gets the key and, unless it may be a secret, the value.</summary>
    private static string Describe(string failure, string section, IConfiguration configuration)
    {
        var colon = failure.IndexOf(": ", StringComparison.Ordinal);
        var message = colon < 0 ? failure : failure[(colon + 2)..];
        if (message.StartsWith(section + ":", StringComparison.OrdinalIgnoreCase) || colon < 0)
        {
            return message;
        }

        var member = failure[..colon].Split(',')[0].Trim();
        var key = section + ":" + member;
        var secret = member.Contains("Password", StringComparison.OrdinalIgnoreCase)
            || member.Contains("Cookie", StringComparison.OrdinalIgnoreCase)
            || section == ConnectionStringsOptions.SectionName;
        var value = configuration[key];
        if (OutOfRange().Match(message) is { Success: true } range)
        {
            // The generated validators' [Range] ignores the attribute's ErrorMessage and says "The field X must be
            // between A and B.".
            var (low, high) = (range.Groups["low"].Value, range.Groups["high"].Value);
            message = "is out of range (expected " + low + ".." + high + (low.Contains(':', StringComparison.Ordinal) ? ", as [d.]hh:mm:ss" : "") + ")";
        }

        return key + ": " + (value is null || secret ? "" : "\"" + value + "\" ") + message.TrimEnd('.') + ".";
    }

    [GeneratedRegex(@"^The field \S+ must be between (?<low>\S+) and (?<high>\S+)\.$")]
    private static partial Regex OutOfRange();

    private static IValidateOptions<T>? RulesOf<T>()
        where T : class =>
        All.FirstOrDefault(s => s.Options == typeof(T))?.Rules as IValidateOptions<T>;

    // What binding alone does not do, the same for the container and for Read.
    private static void Complete<T>(T options, IConfiguration configuration)
    {
        if (options is RedditOptions reddit)
        {
            // As the container's PostConfigure does: the session is read from its value or its file.
            reddit.ResolveSession();
        }

        if (options is ScraperOptions scraper)
        {
            // A list in configuration has no value of its own (its items are children); a value is the
            // environment's form, one name or several separated by commas, which the binder leaves out of a list.
            var raw = configuration[ScraperOptions.SectionName + ":" + nameof(ScraperOptions.Subreddits)];
            if (!string.IsNullOrWhiteSpace(raw))
            {
                scraper.Subreddits = [.. raw.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
            }

            scraper.ResolveSubredditsFile();
        }
    }

    /// <summary>A section: its name, its class, the class's validator and its check (<see cref="Failures{T}"/>).</summary>
    private sealed record Section(string Name, Type Options, object? Rules, Func<IConfiguration, string, IEnumerable<string>> Failures)
    {
        public static Section Of<T>(string name, IValidateOptions<T>? rules)
            where T : class, new() => new(name, typeof(T), rules, Failures<T>);
    }
}
