using Lottopar.GrainInterfaces.Integrity;
using Lottopar.GrainInterfaces.Vault;

namespace Lottopar.Grains.Integrity.Rules;

/// <summary>
/// Rule 7: an operator that breaks the file-transfer process. One rule per kind of the vault's
/// events, so each has its own alert, severity and switch.
/// </summary>
public abstract class VaultEventRule(string kind) : OperatorVaultRule
{
    public string Kind { get; } = kind;

    public override string Id => "vault_" + Kind;

    public override RuleHit? Evaluate(VaultEvent vaultEvent, RuleSetting setting) =>
        vaultEvent.Kind == Kind ? new RuleHit(vaultEvent.Message, [Evidence.Of(vaultEvent)]) : null;
}

public sealed class VaultMissingHourRule() : VaultEventRule(VaultStreams.MissingHour)
{
    public override string Title => "Hora sem arquivo no cofre";

    public override string Description => "Passou o prazo de uma hora e o cofre não recebeu o arquivo dela (nem vazio).";

    public override RuleSeverity DefaultSeverity => RuleSeverity.Medium;
}

public sealed class VaultLateFileRule() : VaultEventRule(VaultStreams.LateFile)
{
    public override string Title => "Arquivo do cofre atrasado";

    public override string Description => "Um arquivo chegou depois do prazo da sua hora.";

    public override RuleSeverity DefaultSeverity => RuleSeverity.Low;
}

public sealed class VaultSequenceGapRule() : VaultEventRule(VaultStreams.SequenceGap)
{
    public override string Title => "Lacuna na sequência do cofre";

    public override string Description => "Um arquivo aceito pulou números de sequência.";

    public override RuleSeverity DefaultSeverity => RuleSeverity.Medium;
}

public sealed class VaultInvalidFileRule() : VaultEventRule(VaultStreams.InvalidFile)
{
    public override string Title => "Arquivo inválido no cofre";

    public override string Description => "Um arquivo foi recusado por formato, conteúdo, ordem ou totais (o recibo diz por quê).";

    public override RuleSeverity DefaultSeverity => RuleSeverity.High;
}

public sealed class VaultSecurityViolationRule() : VaultEventRule(VaultStreams.SecurityViolation)
{
    public override string Title => "Violação de segurança no cofre";

    public override string Description => "Um arquivo com assinatura ou certificado inválido, ou cifrado fora do padrão.";

    public override RuleSeverity DefaultSeverity => RuleSeverity.Critical;
}

/// <summary>Rule 5 in the vault: a daily wallet whose closing balance is not its opening balance plus its movements.</summary>
public sealed class VaultWalletMismatchRule() : VaultEventRule(VaultStreams.WalletMismatch)
{
    public override string Title => "Carteira diária que não fecha";

    public override string Description =>
        "Um arquivo aceito traz registros daily_wallet cujo saldo final não é o inicial mais depósitos, menos saques e apostas, mais ganhos e bônus (docs/vault-format.md 6.9).";

    public override RuleSeverity DefaultSeverity => RuleSeverity.Medium;
}
