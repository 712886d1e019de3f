namespace Scraper.Web.Hosting.Dashboard;

/// <summary>Where the data-protection key ring lives. Section <c>DataProtection</c>. The keys sign the dashboard's
/// antiforgery tokens (its buttons: trigger, requeue, delete), nothing else. With <c>ConnectionStrings:Redis</c>
/// set they live in Redis, shared by every process and kept across restarts; otherwise in
/// <see cref="KeysFolder"/>.</summary>
internal sealed class KeyRingOptions
{
    public const string SectionName = "DataProtection";

    /// <summary>The key ring's folder when Redis is not configured (default <c>data-protection-keys</c>, relative
    /// to the working directory like the default SQLite file; the image sets <c>/data/data-protection-keys</c>).</summary>
    public string KeysFolder { get; set; } = "data-protection-keys";

    /// <summary>A PKCS#12 (.pfx) file whose certificate encrypts the keys at rest (default none: stored
    /// unencrypted, readable to whoever can read Redis or the folder).</summary>
    public string Certificate { get; set; } = string.Empty;

    /// <summary>The password of <see cref="Certificate"/>'s file (default none).</summary>
    public string CertificatePassword { get; set; } = string.Empty;
}
