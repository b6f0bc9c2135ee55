using Lottopar.GrainInterfaces.Integrity;
using Lottopar.GrainInterfaces.Lottery;
using Lottopar.Grains.Common;

namespace Lottopar.Grains.Integrity.Rules;

/// <summary>Rule 10: a rule on a lottery provider's sales, judged at each ticket with the provider's windows (the ticket folded in).</summary>
public abstract class LotteryRule : IntegrityRule
{
    public abstract RuleHit? Evaluate(TicketSold ticket, LotteryWindows windows, LotteryCatalog catalog, RuleSetting setting);

    protected static AlertEvidence EvidenceOf(TicketSold ticket, string detail) =>
        new("lottery_ticket", ticket.TicketNumber, ticket.SoldAt, detail);
}

/// <summary>A ticket sold after the closing time of one of its draws (the turn refuses such sales: this is the record's own check).</summary>
public sealed class LotterySaleAfterClosingRule : LotteryRule
{
    public override string Id => "lottery_sale_after_closing";

    public override string Title => "Venda de loteria após o encerramento";

    public override string Description => "Um bilhete vendido depois do horário de encerramento de um dos seus sorteios, no dia da venda (horário de Brasília).";

    public override SubjectKind Subject => SubjectKind.Operator;

    public override RuleSeverity DefaultSeverity => RuleSeverity.Critical;

    public override RuleHit? Evaluate(TicketSold ticket, LotteryWindows windows, LotteryCatalog catalog, RuleSetting setting)
    {
        var late = ticket.Lines.Select(l => catalog.FindDraw(l.DrawCode)).OfType<DrawDefinition>()
            .FirstOrDefault(d => ticket.SoldAt > BrasiliaTime.Instant(ticket.SaleDate, d.ClosingTime));
        return late is null ? null : new RuleHit(
            $"Bilhete {ticket.TicketNumber} vendido às {Evidence.Instant(ticket.SoldAt)}, depois do encerramento do sorteio {late.Code} ({late.ClosingTime:HH\\:mm})",
            [EvidenceOf(ticket, $"POS {ticket.PosCode}, sorteio {late.Code}")]);
    }
}

/// <summary>A terminal selling more tickets in a day than LOTTOPAR finds usual.</summary>
public sealed class LotteryTerminalVolumeRule : LotteryRule
{
    public const string MaxTicketsPerDay = "max_tickets_per_day";

    public override string Id => "lottery_terminal_volume";

    public override string Title => "Concentração de vendas num terminal";

    public override string Description => "Um terminal (POS) vende num dia mais bilhetes que o máximo; cada bilhete a mais conta no alerta do terminal.";

    public override SubjectKind Subject => SubjectKind.Terminal;

    public override RuleSeverity DefaultSeverity => RuleSeverity.Medium;

    public override IReadOnlyList<RuleParameterView> Parameters =>
    [
        Parameter(MaxTicketsPerDay, "bilhetes", 500, 1, 1_000_000, "Bilhetes de um terminal num dia de venda."),
    ];

    public override RuleHit? Evaluate(TicketSold ticket, LotteryWindows windows, LotteryCatalog catalog, RuleSetting setting)
    {
        var count = windows.TicketsOf(ticket.PosCode, ticket.SaleDate);
        return count <= setting[MaxTicketsPerDay] ? null : new RuleHit(
            $"Terminal {ticket.PosCode} vendeu {count} bilhetes em {Evidence.Day(ticket.SaleDate)} (máximo {setting[MaxTicketsPerDay]})",
            [EvidenceOf(ticket, $"bilhete {count} do dia")]);
    }
}

/// <summary>One number taking too large a share of a provider's sales for a draw and day.</summary>
public sealed class LotteryNumberConcentrationRule : LotteryRule
{
    public const string MaxSharePercent = "max_share_percent";
    public const string MinDrawSales = "min_draw_sales";

    public override string Id => "lottery_number_concentration";

    public override string Title => "Concentração de vendas num número";

    public override string Description =>
        "Um número recebe mais que max_share_percent das vendas do provedor para um sorteio num dia, quando essas vendas já somam ao menos min_draw_sales.";

    public override SubjectKind Subject => SubjectKind.Operator;

    public override RuleSeverity DefaultSeverity => RuleSeverity.Medium;

    public override IReadOnlyList<RuleParameterView> Parameters =>
    [
        Parameter(MaxSharePercent, "%", 20, 1, 100, "Parte máxima de um número nas vendas do sorteio no dia."),
        Parameter(MinDrawSales, "centavos", 100_000, 1, 1_000_000_000_000, "Vendas do sorteio no dia a partir das quais a parte é julgada."),
    ];

    public override RuleHit? Evaluate(TicketSold ticket, LotteryWindows windows, LotteryCatalog catalog, RuleSetting setting)
    {
        foreach (var line in ticket.Lines)
        {
            var total = windows.SalesOf(line.DrawCode, ticket.SaleDate);
            var number = windows.SalesOf(line.DrawCode, ticket.SaleDate, line.Type, line.Number);
            if (total >= setting[MinDrawSales] && number * 100 > total * setting[MaxSharePercent])
            {
                return new RuleHit(
                    $"Número {line.Number} com {Evidence.Money(number)} de {Evidence.Money(total)} do sorteio {line.DrawCode} em {Evidence.Day(ticket.SaleDate)}",
                    [EvidenceOf(ticket, $"POS {ticket.PosCode}, {line.Number}: {Evidence.Money(line.SoldCents)}")]);
            }
        }

        return null;
    }
}

/// <summary>Rule 10: a rule on a lottery turn's numbers across providers, judged at each ticket with the turn's exposure (the ticket folded in) and the quotas in force.</summary>
public abstract class DrawExposureRule : IntegrityRule
{
    public override SubjectKind Subject => SubjectKind.Draw;

    public abstract RuleHit? Evaluate(TicketSold ticket, DrawExposure exposure, LotterySettings settings, RuleSetting setting);
}

/// <summary>
/// A number whose sales for a draw and day, across providers, reach a share of its quota: the
/// state lottery's exposure on it (its sales times the pay table's multiplier) close to the most it allows.
/// </summary>
public sealed class LotteryNumberExposureRule : DrawExposureRule
{
    public const string QuotaPercent = "quota_percent";

    public override string Id => "lottery_number_exposure";

    public override string Title => "Exposição num número perto da cota";

    public override string Description =>
        "As vendas de um número num sorteio e dia, somados todos os provedores, chegam a quota_percent da cota do número (por tipo de número e sorteio, " +
        "como a LOTTOPAR a configura); a exposição é o prêmio que o número pagaria se sorteado (vendas vezes o multiplicador da tabela de prêmios).";

    public override RuleSeverity DefaultSeverity => RuleSeverity.Medium;

    public override IReadOnlyList<RuleParameterView> Parameters =>
        [Parameter(QuotaPercent, "% da cota", 90, 1, 100, "Parte da cota de um número vendida a partir da qual se sinaliza.")];

    public override RuleHit? Evaluate(TicketSold ticket, DrawExposure exposure, LotterySettings settings, RuleSetting setting)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        ArgumentNullException.ThrowIfNull(exposure);
        ArgumentNullException.ThrowIfNull(settings);
        var evidence = new List<AlertEvidence>();
        foreach (var line in ticket.Lines)
        {
            var quota = settings.QuotaOf(line.DrawCode).For(line.Type);
            var sold = exposure.SoldOn(line.DrawCode, line.Type, line.Number);
            if (line.SoldCents > 0 && quota > 0 && sold * 100 >= quota * setting[QuotaPercent])
            {
                var prize = sold * settings.Catalog.PayTable.MultiplierFor(line.Type);
                evidence.Add(new AlertEvidence(AlertEvidence.LotteryNumber, $"{line.DrawCode}:{line.Type}:{line.Number}", ticket.SoldAt,
                    $"Número {line.Number} ({TypeName(line.Type)}) do sorteio {line.DrawCode}: {Evidence.Money(sold)} vendidos, {sold * 100 / quota}% da cota de {Evidence.Money(quota)}; " +
                    $"prêmio se sorteado {Evidence.Money(prize)}; bilhete {ticket.TicketNumber} (provedor {ticket.ProviderCode}, POS {ticket.PosCode})"));
            }
        }

        return evidence.Count == 0 ? null : new RuleHit(
            $"{evidence.Count} número(s) com vendas a partir de {setting[QuotaPercent]}% da cota em {Evidence.Day(ticket.SaleDate)}", evidence, AcrossOperators: true);
    }

    private static string TypeName(NumberType type) => type switch
    {
        NumberType.Triple => "triplo",
        NumberType.Terminal => "terminal",
        NumberType.TripleZodiac => "triplo com signo",
        _ => "terminal com signo",
    };
}
