using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.StackExchangeRedis;
using Microsoft.Extensions.Options;
using Scraper.Web.Hosting.Logging;
using StackExchange.Redis;

namespace Scraper.Web.Hosting.Dashboard;

/// <summary>The data-protection key ring, kept on purpose where the app's state lives (see
/// <see cref="KeyRingOptions"/>), under one application name so that restarts and replicas share it: a dashboard
/// page served by one process can press its buttons on another, or after a restart.</summary>
internal static class KeyRingRegistration
{
    public const string ApplicationName = "Scraper";

    /// <summary>The Redis list holding the keys (beside Hangfire's <c>scraper:hangfire:</c> keys).</summary>
    public const string RedisKey = "scraper:data-protection:keys";

    public static void AddScraperKeyRing(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSettings<KeyRingOptions>(KeyRingOptions.SectionName);
        var options = Settings.Read<KeyRingOptions>(builder.Configuration, KeyRingOptions.SectionName);
        var inRedis = Settings.Read<ConnectionStringsOptions>(builder.Configuration, ConnectionStringsOptions.SectionName).HasRedis;

        var protection = services.AddDataProtection().SetApplicationName(ApplicationName);
        // Relative to the working directory, as the SQLite store's file is: the app's data stays where it is
        // started, its settings come from its own folder (the content root).
        var where = inRedis ? "Redis key " + RedisKey : Path.GetFullPath(options.KeysFolder);
        if (inRedis)
        {
            // What PersistKeysToStackExchangeRedis does, with the app's one connection (made later, by DI).
            services.AddOptions<KeyManagementOptions>().Configure<IConnectionMultiplexer>((keys, redis) =>
                keys.XmlRepository = new RedisXmlRepository(() => redis.GetDatabase(), RedisKey));
        }
        else
        {
            protection.PersistKeysToFileSystem(new DirectoryInfo(where));
        }

        var encrypted = options.Certificate.Length > 0;
        if (encrypted)
        {
            protection.ProtectKeysWithCertificate(LoadCertificate(options));
        }

        // Data protection loads the key ring as the host starts; with Redis not up yet that would block the
        // start and log an error. Loaded on the dashboard's first page instead (the only user of the keys).
        var warmUp = services.Where(d => d.ServiceType == typeof(IHostedService)
            && d.ImplementationType?.FullName == "Microsoft.AspNetCore.DataProtection.Internal.DataProtectionHostedService").ToList();
        foreach (var descriptor in warmUp)
        {
            services.Remove(descriptor);
        }

        services.AddHostedService(provider => new KeyRingReport(provider.GetRequiredService<ILogger<KeyRingReport>>(), where, encrypted));
    }

    private static X509Certificate2 LoadCertificate(KeyRingOptions options)
    {
        try
        {
            var certificate = X509CertificateLoader.LoadPkcs12FromFile(options.Certificate, options.CertificatePassword);
            return certificate.HasPrivateKey
                ? certificate
                : throw Invalid(options.Certificate, "the file holds no private key, which decrypting the keys needs");
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw Invalid(options.Certificate, e.Message);
        }
    }

    private static OptionsValidationException Invalid(string path, string problem) =>
        new(KeyRingOptions.SectionName, typeof(KeyRingOptions),
            [KeyRingOptions.SectionName + ":Certificate (" + path + ") cannot be used: " + problem + ". Expected a PKCS#12 (.pfx) file with its private key; its password in DataProtection:CertificatePassword."]);

    /// <summary>Says once, at start, where the keys are and whether they are encrypted (data protection's own
    /// "no XML encryptor" warning names no setting, so it is quieted in <see cref="LoggingRegistration"/>).</summary>
    private sealed class KeyRingReport(ILogger<KeyRingReport> logger, string where, bool encrypted) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            if (encrypted)
            {
                HostingLog.KeyRingEncrypted(logger, where);
            }
            else
            {
                HostingLog.KeyRingUnencrypted(logger, where);
            }

            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
