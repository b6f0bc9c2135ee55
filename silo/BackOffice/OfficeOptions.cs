namespace Lottopar.Silo.BackOffice;

/// <summary>The back office's settings (<c>Lottopar:BackOffice</c>).</summary>
public sealed class OfficeOptions
{
    public const string SectionName = "Lottopar:BackOffice";

    /// <summary>How often an open page re-checks its staff session (ended, expired, account disabled).</summary>
    public TimeSpan SessionRecheckInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the pages with live numbers (the home page) read them again.</summary>
    public TimeSpan LiveRefreshInterval { get; set; } = TimeSpan.FromSeconds(5);
}
