using System.Globalization;
using System.Text;

namespace Lottopar.Client;

/// <summary>
/// Sports, tournaments, teams and markets for the generated legs: enough variety that the events read
/// like a Brazilian operator's, with stable identifiers derived from the names.
/// </summary>
internal static class SportsCatalog
{
    private sealed record Market(string Id, string Name, bool HasDraw, string[]? FixedSelections = null);

    private sealed record Tournament(string Id, string Name, string[] Teams);

    private sealed record Sport(string Id, string Name, Tournament[] Tournaments, Market[] Markets);

    private static readonly Sport[] Sports =
    [
        new("66", "Futebol",
            [
                new("tourn_brasileirao_serie_a", "Campeonato Brasileiro Série A",
                    ["Flamengo", "Palmeiras", "Athletico-PR", "Coritiba", "Corinthians", "Santos", "São Paulo", "Grêmio",
                     "Internacional", "Cruzeiro", "Atlético-MG", "Fluminense", "Botafogo", "Vasco da Gama", "Bahia", "Fortaleza"]),
                new("tourn_paranaense", "Campeonato Paranaense",
                    ["Athletico-PR", "Coritiba", "Operário-PR", "Londrina", "Cascavel", "Maringá", "Cianorte", "Paraná Clube"]),
                new("tourn_copa_libertadores", "Copa Libertadores",
                    ["Flamengo", "Palmeiras", "Boca Juniors", "River Plate", "Peñarol", "Nacional", "Olimpia", "LDU Quito"]),
            ],
            [
                new("mkt_winner", "Vencedor do encontro", HasDraw: true),
                new("mkt_over_2_5", "Mais de 2.5 gols", HasDraw: false, ["Sim", "Não"]),
                new("mkt_btts", "Ambas marcam", HasDraw: false, ["Sim", "Não"]),
            ]),
        new("18", "Basquete",
            [
                new("tourn_nba", "NBA",
                    ["Lakers", "Warriors", "Celtics", "Bulls", "Knicks", "Heat", "Nuggets", "Bucks"]),
                new("tourn_nbb", "NBB",
                    ["Franca", "Flamengo", "Minas", "Sesi Franca", "Pinheiros", "Bauru", "Corinthians", "Paulistano"]),
            ],
            [
                new("mkt_match_winner", "Vencedor do jogo", HasDraw: false),
            ]),
        new("91", "Vôlei",
            [
                new("tourn_superliga", "Superliga Masculina",
                    ["Sada Cruzeiro", "Minas", "Praia Clube", "Sesi-SP", "Vôlei Renata", "Joinville"]),
            ],
            [
                new("mkt_match_winner", "Vencedor do jogo", HasDraw: false),
            ]),
    ];

    /// <summary>
    /// <paramref name="count"/> open legs on distinct matches. Live legs started within the last 80 minutes;
    /// the others start between 30 minutes and 3 days from now, on the quarter hour.
    /// </summary>
    public static List<BetLeg> PickLegs(Random random, int count, bool live, DateTimeOffset now, Func<string> nextLegId, Func<decimal> nextOdds)
    {
        var legs = new List<BetLeg>(count);
        var usedEvents = new HashSet<string>(StringComparer.Ordinal);
        while (legs.Count < count)
        {
            var sport = Sports[random.Next(Sports.Length)];
            var tournament = sport.Tournaments[random.Next(sport.Tournaments.Length)];
            var home = tournament.Teams[random.Next(tournament.Teams.Length)];
            var away = tournament.Teams[random.Next(tournament.Teams.Length)];
            var start = StartTime(random, live, now);
            var eventId = $"evt_{Slug(home)}_{Slug(away)}_{start:yyyyMMdd}";
            if (home == away || !usedEvents.Add(eventId))
            {
                continue;
            }

            var market = sport.Markets[random.Next(sport.Markets.Length)];
            var selection = PickSelection(random, market, home, away);
            legs.Add(new BetLeg
            {
                LegId = nextLegId(),
                Odds = nextOdds(),
                SportId = sport.Id,
                SportName = sport.Name,
                EventId = eventId,
                EventName = $"{home} vs. {away}",
                TournamentId = tournament.Id,
                TournamentName = tournament.Name,
                MarketId = market.Id,
                MarketName = market.Name,
                SelectionId = $"sel_{Slug(selection)}",
                SelectionName = selection,
                EventStartTime = start,
                LegState = LegStates.Open,
            });
        }

        return legs;
    }

    private static string PickSelection(Random random, Market market, string home, string away)
    {
        if (market.FixedSelections is { } fixedSelections)
        {
            return fixedSelections[random.Next(fixedSelections.Length)];
        }

        string[] choices = market.HasDraw ? [home, "Empate", away] : [home, away];
        return choices[random.Next(choices.Length)];
    }

    private static DateTimeOffset StartTime(Random random, bool live, DateTimeOffset now)
    {
        var wholeMinute = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, TimeSpan.Zero);
        if (live)
        {
            return wholeMinute - TimeSpan.FromMinutes(random.Next(5, 81));
        }

        var wholeHour = wholeMinute.AddMinutes(-now.Minute);
        return wholeHour + TimeSpan.FromMinutes(15 * random.Next(3, 3 * 24 * 4));
    }

    /// <summary>"São Paulo" becomes "sao_paulo": identifiers in the style of the document's examples.</summary>
    private static string Slug(string name)
    {
        var slug = new StringBuilder(name.Length);
        foreach (var c in name.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            if (char.IsAsciiLetterOrDigit(c))
            {
                slug.Append(char.ToLowerInvariant(c));
            }
            else if (slug.Length > 0 && slug[^1] != '_')
            {
                slug.Append('_');
            }
        }

        return slug.ToString().TrimEnd('_');
    }
}
