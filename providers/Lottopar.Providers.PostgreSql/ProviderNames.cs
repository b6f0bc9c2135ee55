namespace Lottopar.Providers.PostgreSql;

/// <summary>The names under which the platform registers its providers with Orleans.</summary>
public static class ProviderNames
{
    /// <summary>The ADO.NET invariant of Npgsql, for Orleans' clustering and reminder providers.</summary>
    public const string NpgsqlInvariant = "Npgsql";
}
