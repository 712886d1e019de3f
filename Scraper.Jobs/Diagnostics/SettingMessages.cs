namespace Scraper.Jobs.Diagnostics;

/// <summary>The problem and the expected form of a setting's bad value, as the options classes' attributes say it.
/// Settings puts the key (and the value, unless it is a secret) in front: <c>Reddit:UserAgent: "" is missing or
/// empty</c>. (The generated validators ignore a <c>[Range]</c>'s ErrorMessage; Settings words its failure.)</summary>
public static class SettingMessages
{
    public const string Missing = "is missing or empty";
}
