namespace Lottopar.Client.Tests;

/// <summary>
/// The request examples of the betting-events API document (shared/seeds/betting-events-api.pt-BR.txt),
/// copied verbatim: "Aposta Simples - Nova Aposta", "Aposta Múltipla - Nova Aposta", "Resultado de Aposta Múltipla".
/// </summary>
internal static class DocumentExamples
{
    public const string SimpleNewBet = """
        {
        "tax_id": "012.345.678-90",
        "event": "new_bet",
        "last_player_balance": 30000,
        "current_player_balance": 25000,
        "event_date": "2024-01-15T15:30:00Z",
        "bet_slip_id": "slip_simple_123",
        "bet_slip_state": "open",
        "total_stake": 5000,
        "total_odds": 2.5,
        "leg_count": 1,
        "is_live": false,
        "is_free_bet": false,
        "bonus_amount": 0,
        "is_each_way": false,
        "bet_legs": [
        {
        "leg_id": "leg_abc123",
        "odds": 2.5,
        "sport_id": "66",
        "sport_name": "Futebol",
        "event_id": "evt_fla_palm_001",
        "event_name": "Flamengo vs. Palmeiras",
        "tournament_id": "tourn_brasileirao_2024",
        "tournament_name": "Campeonato Brasileiro 2024",
        "market_id": "mkt_winner",
        "market_name": "Vencedor do encontro",
        "selection_id": "sel_flamengo",
        "selection_name": "Flamengo",
        "event_start_time": "2024-01-15T21:00:00Z",
        "leg_state": "open"
        }
        ]
        }
        """;

    public const string MultipleNewBet = """
        {
        "tax_id": "012.345.678-90",
        "event": "new_bet",
        "last_player_balance": 50000,
        "current_player_balance": 40000,
        "event_date": "2024-01-15T15:30:00Z",
        "bet_slip_id": "slip_multiple_456",
        "bet_slip_state": "open",
        "total_stake": 10000,
        "total_odds": 6.25,
        "leg_count": 3,
        "is_live": false,
        "is_free_bet": false,
        "bonus_amount": 2000,
        "is_each_way": false,
        "bet_legs": [
        {
        "leg_id": "leg_001",
        "odds": 1.8,
        "sport_name": "Futebol",
        "event_name": "Flamengo vs. Palmeiras",
        "tournament_name": "Campeonato Brasileiro 2024",
        "market_name": "Vencedor do encontro",
        "selection_name": "Flamengo",
        "event_start_time": "2024-01-15T21:00:00Z",
        "leg_state": "open"
        },
        {
        "leg_id": "leg_002",
        "odds": 2.1,
        "sport_name": "Futebol",
        "event_name": "Santos vs. Corinthians",
        "tournament_name": "Campeonato Brasileiro 2024",
        "market_name": "Mais de 2.5 gols",
        "selection_name": "Sim",
        "event_start_time": "2024-01-15T19:00:00Z",
        "leg_state": "open"
        },
        {
        "leg_id": "leg_003",
        "odds": 1.65,
        "sport_name": "Basquete",
        "event_name": "Lakers vs. Warriors",
        "tournament_name": "NBA 2023-24",
        "market_name": "Vencedor do jogo",
        "selection_name": "Lakers",
        "event_start_time": "2024-01-16T02:00:00Z",
        "leg_state": "open"
        }
        ]
        }
        """;

    public const string MultipleResult = """
        {
        "tax_id": "012.345.678-90",
        "event": "result",
        "last_player_balance": 40000,
        "current_player_balance": 102500,
        "event_date": "2024-01-16T05:30:00Z",
        "bet_slip_id": "slip_multiple_456",
        "bet_slip_state": "settled",
        "total_stake": 10000,
        "total_odds": 6.25,
        "leg_count": 3,
        "is_live": false,
        "is_free_bet": false,
        "bonus_amount": 2000,
        "is_each_way": false,
        "bet_legs": [
        {
        "leg_id": "leg_001",
        "odds": 1.8,
        "event_name": "Flamengo vs. Palmeiras",
        "selection_name": "Flamengo",
        "leg_state": "won",
        "result": "won",
        "amount_won": 18000
        },
        {
        "leg_id": "leg_002",
        "odds": 2.1,
        "event_name": "Santos vs. Corinthians",
        "selection_name": "Sim",
        "leg_state": "won",
        "result": "won",
        "amount_won": 37800
        },
        {
        "leg_id": "leg_003",
        "odds": 1.65,
        "event_name": "Lakers vs. Warriors",
        "selection_name": "Lakers",
        "leg_state": "won",
        "result": "won",
        "amount_won": 62500
        }
        ]
        }
        """;
}
