namespace Lottopar.Silo.CpfChecks;

/// <summary>
/// The tax registry the CPF checks ask (docs/integracao-cpf.md, "Cadastro"): in homologation the
/// sandbox's, in production the configured one. Bound from "Lottopar:TaxRegistry".
/// </summary>
public sealed class TaxRegistryOptions
{
    public const string SectionName = "Lottopar:TaxRegistry";

    /// <summary>The registry's base address ("https://host/tax-registry/"); empty: no registry, every check answers 503.</summary>
    public string BaseUrl { get; set; } = "";

    /// <summary>The bearer token the registry expects.</summary>
    public string Token { get; set; } = "";

    /// <summary>One attempt's limit; a failed attempt is retried twice (a lookup is safe to repeat).</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(2);
}

/// <summary>The homologation sandbox, as the platform drives it; bound from "Lottopar:Sandbox".</summary>
public sealed class SandboxOptions
{
    public const string SectionName = "Lottopar:Sandbox";

    /// <summary>The sandbox's admin token (X-Sandbox-Admin-Token): with it LOTTOPAR admins set the sandbox registry's answers through PUT /admin/sandbox/tax-registry.</summary>
    public string AdminToken { get; set; } = "";
}
