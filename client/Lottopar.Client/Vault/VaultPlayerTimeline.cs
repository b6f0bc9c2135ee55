using System.Globalization;
using System.Text.Json.Nodes;

namespace Lottopar.Client.Vault;

/// <summary>
/// One player's records in one hour, produced lazily in time order: a registration for a new player,
/// sessions (login, deposits, bets, wins, bonuses, withdrawals, logout), now and then a registration
/// update, a self-exclusion, or a correction or annulment of one of the player's earlier records of the
/// hour, and in the day's last hour the player's daily wallet. The balance never goes negative and the
/// wallet adds up (docs/vault-format.md, section 6.9) after corrections and annulments.
/// </summary>
internal sealed class VaultPlayerTimeline(Random random, int player, string cpf, bool isNew, int budget, DateTimeOffset hour)
{
    private const int Kept = 6;

    private static readonly TimeSpan Brasilia = TimeSpan.FromHours(-3);

    /// <summary>Every event but the wallet ends before 23:59:59, so that the wallet comes after the player's last movement.</summary>
    private static readonly TimeSpan Active = TimeSpan.FromSeconds(3599);

    private readonly string _hourTag = hour.UtcDateTime.ToString("yyyyMMddHH", CultureInfo.InvariantCulture);
    private readonly string _device = VaultFakeData.Device(random);
    private readonly string _ip = VaultFakeData.IpAddress(random);
    private readonly List<(string Type, JsonObject Record)> _amendable = [];
    private readonly List<JsonObject> _openBets = [];
    private int _counter;
    private int _sessions;
    private string? _session;
    private long _balance;
    private long _freeBetCredit;
    private long _deposits;
    private long _withdrawals;
    private long _stakes;
    private long _winnings;
    private long _bonuses;
    private bool _moved;
    private bool _excluded;

    public static bool IsWalletHour(DateTimeOffset hour) => hour.ToOffset(Brasilia).Hour == 23;

    public IEnumerable<VaultGeneratedRecord> Records()
    {
        var walletHour = IsWalletHour(hour);
        // Movement earlier in the day: the wallet's day totals include it, and it sets the balance this hour starts from.
        var opening = (long)random.Next(0, 50) * 1000;
        long earlierDeposits = 0, earlierStakes = 0, earlierWinnings = 0;
        var movedEarlier = walletHour && !isNew && random.Next(3) == 0;
        if (movedEarlier)
        {
            earlierDeposits = random.Next(1, 20) * 1000L;
            earlierStakes = random.Next(0, (int)((opening + earlierDeposits) / 100) + 1) * 100L;
            earlierWinnings = random.Next(0, 3) * earlierStakes / 2;
        }

        _balance = isNew ? 0 : opening + earlierDeposits - earlierStakes + earlierWinnings;
        var end = hour + Active;
        var at = hour + Gap(end - hour, budget);
        if (isNew)
        {
            yield return Registration(at);
            at += TimeSpan.FromMilliseconds(random.Next(5_000, 60_000));
        }
        else if (random.Next(5) < 2)
        {
            // A session that began in an earlier hour (and file).
            _session = string.Create(CultureInfo.InvariantCulture, $"SES-{hour.AddHours(-1).UtcDateTime:yyyyMMddHH}-{player:D6}-9");
        }

        // About one player in 100 is excluded (by their own request, the operator or the national register) at some point of their hour, and does nothing after.
        var left = budget - (isNew ? 1 : 0);
        var exclusionAt = random.Next(100) == 0 && left > 0 ? random.Next(left) + 1 : -1;
        for (; left > 0 && at < end && !_excluded; left--)
        {
            yield return left == exclusionAt ? SelfExclusion(at) : Next(at);
            at += Gap(end - at, left);
        }

        if (_excluded && _session is not null)
        {
            yield return Logout(at < end ? at : end, "self_exclusion");
        }

        if (walletHour && (_moved || movedEarlier))
        {
            var day = hour.ToOffset(Brasilia);
            yield return DailyWallet(new DateTimeOffset(day.Year, day.Month, day.Day, 23, 59, 59, Brasilia), isNew ? 0 : opening,
                earlierDeposits, earlierStakes, earlierWinnings);
        }
    }

    private VaultGeneratedRecord Next(DateTimeOffset at)
    {
        if (_session is null)
        {
            return Login(at);
        }

        var roll = random.Next(1000);
        return roll switch
        {
            < 35 => RegistrationUpdate(at),
            < 60 when Amendable("deposit", "bonus") is { } target => Annulment(at, target),
            < 80 when Amendable("bet", "login", "registration") is { } target => Correction(at, target),
            < 120 => Logout(at, random.Next(10) < 7 ? "player" : Pick("inactivity", "session_time_limit", "operator")),
            < 160 when _balance >= 1000 => Withdrawal(at),
            < 200 => Bonus(at),
            < 320 when _openBets.Count > 0 => Win(at),
            _ when _balance < 500 && _freeBetCredit == 0 => Deposit(at),
            < 400 => Deposit(at),
            _ => Bet(at),
        };
    }

    private VaultGeneratedRecord Registration(DateTimeOffset at)
    {
        var (first, last) = VaultFakeData.Name(random);
        var record = Record("registration", "REG", at);
        record["name"] = $"{first} {last}";
        record["birth_date"] = Date(at.AddDays(-random.Next(18 * 366, 80 * 365)));
        record["proof_of_residence"] = new JsonObject
        {
            ["kind"] = Pick("utility_bill", "bank_statement", "rental_contract", "tax_document", "self_declaration"),
            ["issued_on"] = Date(at.AddDays(-random.Next(5, 90))),
            ["document_ref"] = $"DOC-{_hourTag}-{player:D6}",
        };
        record["phone"] = VaultFakeData.Phone(random);
        record["email"] = VaultFakeData.Email(random, first, last, player);
        record["address"] = Address();
        record["identity_verification"] = new JsonObject
        {
            ["method"] = Pick("document_and_selfie", "biometric_database", "bank_account", "in_person"),
            ["verified_at"] = VaultFileHeader.Timestamp(at.AddSeconds(-random.Next(20, 600))),
        };
        record["account_status"] = new JsonObject { ["status"] = "active" };
        if (random.Next(2) == 0)
        {
            record["limits"] = Limits(at);
        }

        return Remember(Done(record, "registration", at));
    }

    private VaultGeneratedRecord RegistrationUpdate(DateTimeOffset at)
    {
        var record = Record("registration_update", "UPD", at);
        switch (random.Next(4))
        {
            case 0:
                record["phone"] = VaultFakeData.Phone(random);
                record["email"] = VaultFakeData.Email(random, "jogador", "novo", player);
                break;
            case 1:
                record["proof_of_residence"] = new JsonObject { ["kind"] = "utility_bill", ["issued_on"] = Date(at.AddDays(-3)), ["document_ref"] = $"DOC-{_hourTag}-{player:D6}-{_counter}" };
                record["address"] = Address();
                break;
            case 2:
                record["limits"] = random.Next(4) == 0 ? new JsonArray() : Limits(at);
                break;
            default:
                record["account_status"] = new JsonObject { ["status"] = "suspended", ["reason"] = "Verificação de documentos pendente" };
                break;
        }

        return Done(record, "registration_update", at);
    }

    private VaultGeneratedRecord SelfExclusion(DateTimeOffset at)
    {
        var record = Record("self_exclusion", "SEX", at);
        record["starts_at"] = VaultFileHeader.Timestamp(at);
        if (random.Next(3) == 0)
        {
            record["indefinite"] = true;
        }
        else
        {
            record["duration"] = new JsonObject { ["unit"] = Pick("hours", "days", "weeks"), ["value"] = random.Next(1, 30) };
        }

        record["source"] = random.Next(10) < 8 ? "player" : Pick("operator", "national_register");
        _excluded = true;
        return Done(record, "self_exclusion", at);
    }

    private VaultGeneratedRecord Login(DateTimeOffset at)
    {
        _session = string.Create(CultureInfo.InvariantCulture, $"SES-{_hourTag}-{player:D6}-{++_sessions}");
        var record = Record("login", "LIN", at);
        record["session_id"] = _session;
        record["device"] = _device;
        record["ip_address"] = _ip;
        return Remember(Done(record, "login", at));
    }

    private VaultGeneratedRecord Logout(DateTimeOffset at, string reason)
    {
        var record = Record("logout", "LOUT", at);
        record["session_id"] = _session;
        record["reason"] = reason;
        _session = null;
        return Done(record, "logout", at);
    }

    private VaultGeneratedRecord Deposit(DateTimeOffset at)
    {
        var amount = Pick(1000L, 2000L, 5000L, 10000L, 20000L, 50000L, 100000L);
        var (record, completed) = Payment("deposit", "DEP", at, amount);
        if (completed)
        {
            _balance += amount;
            _deposits += amount;
        }

        return Remember(Done(record, "deposit", at, amount));
    }

    private VaultGeneratedRecord Withdrawal(DateTimeOffset at)
    {
        var amount = random.NextInt64(1, (_balance / 1000) + 1) * 1000;
        var (record, completed) = Payment("withdrawal", "SAQ", at, amount);
        if (completed)
        {
            _balance -= amount;
            _withdrawals += amount;
            _freeBetCredit = Math.Min(_freeBetCredit, _balance);
        }

        return Done(record, "withdrawal", at, amount);
    }

    private (JsonObject Record, bool Completed) Payment(string type, string prefix, DateTimeOffset at, long amount)
    {
        _moved = true;
        var roll = random.Next(100);
        var result = roll < 90 ? "completed" : roll < 94 ? "cancelled_by_player" : roll < 97 ? "cancelled_by_operator" : "cancelled_by_psp";
        var record = Record(type, prefix, at);
        record["amount"] = amount;
        record["txid"] = VaultFakeData.Txid(random);
        // A Pix cancelled by the player may never have been sent: then there is no endToEndId.
        if (result != "cancelled_by_player" || random.Next(2) == 0)
        {
            record["end_to_end_id"] = VaultFakeData.EndToEndId(random, at.AddSeconds(-random.Next(1, 50)));
        }

        record["result"] = result;
        record["device"] = _device;
        record["ip_address"] = _ip;
        return (record, result == "completed");
    }

    private VaultGeneratedRecord Bet(DateTimeOffset at)
    {
        _moved = true;
        var free = _freeBetCredit > 0;
        var amount = free ? _freeBetCredit : Math.Min(_balance, Pick(100L, 200L, 500L, 1000L, 2000L, 5000L, 10000L));
        var gameType = Pick("sports", "sports", "online_game", "online_game", "virtual_sports", "lottery");
        var slip = string.Create(CultureInfo.InvariantCulture, $"slip-{_hourTag}-{player:D6}-{_counter}");
        var legs = new JsonArray();
        var legCount = gameType == "sports" ? random.Next(1, 5) : 1;
        for (var i = 1; i <= legCount; i++)
        {
            legs.Add(gameType == "sports" ? $"{slip}-leg{i}" : string.Create(CultureInfo.InvariantCulture, $"round_{random.Next(1_000_000, 10_000_000)}"));
        }

        var record = Record("bet", "BET", at);
        record["game_type"] = gameType;
        record["bet_slip_id"] = slip;
        record["leg_ids"] = legs;
        record["amount"] = amount;
        if (free)
        {
            record["bonus_amount"] = amount;
            record["is_free_bet"] = true;
            _freeBetCredit = 0;
        }
        else if (random.Next(4) == 0)
        {
            record["bonus_amount"] = 0L;
            record["is_free_bet"] = false;
        }

        _balance -= amount;
        _stakes += amount;
        if (random.Next(10) < 4)
        {
            // Only winning bets wait for their win; the latest few.
            if (_openBets.Count == Kept)
            {
                _openBets.RemoveAt(0);
            }

            _openBets.Add(record);
        }

        return Remember(Done(record, "bet", at, amount));
    }

    private VaultGeneratedRecord Win(DateTimeOffset at)
    {
        var bet = _openBets[0];
        _openBets.RemoveAt(0);
        var amount = (long)(bet["amount"]!.GetValue<long>() * (1.2 + (random.NextDouble() * 6)));
        var record = Record("win", "WIN", at);
        record["game_type"] = bet["game_type"]!.GetValue<string>();
        record["bet_slip_id"] = bet["bet_slip_id"]!.GetValue<string>();
        if (record["game_type"]!.GetValue<string>() == "sports")
        {
            record["leg_ids"] = bet["leg_ids"]!.DeepClone();
        }

        record["amount"] = amount;
        _balance += amount;
        _winnings += amount;
        _moved = true;
        return Done(record, "win", at, amount);
    }

    private VaultGeneratedRecord Bonus(DateTimeOffset at)
    {
        var kind = Pick("credit", "free_bet", "cashback", "other");
        var amount = Pick(500L, 1000L, 2000L, 5000L);
        var record = Record("bonus", "BON", at);
        record["kind"] = kind;
        record["amount"] = amount;
        record["description"] = kind switch
        {
            "credit" => "Crédito promocional de boas-vindas (campanha BV-2026-12)",
            "free_bet" => "Aposta grátis: campanha Indique & Ganhe",
            "cashback" => "Devolução de 5% das perdas da semana",
            _ => "Ajuste de saldo por falha técnica no jogo",
        };
        _balance += amount;
        _bonuses += amount;
        if (kind == "free_bet")
        {
            _freeBetCredit = Math.Min(_balance, amount);
        }

        _moved = true;
        return Remember(Done(record, "bonus", at, amount));
    }

    /// <summary>Replaces an earlier record of the hour in full: a bet with a smaller stake, a login's device, a registration's name.</summary>
    private VaultGeneratedRecord Correction(DateTimeOffset at, (string Type, JsonObject Record) target)
    {
        var replacement = (JsonObject)target.Record.DeepClone();
        replacement.Remove("type");
        switch (target.Type)
        {
            case "bet":
                var old = replacement["amount"]!.GetValue<long>();
                var corrected = Math.Max(1, old / 2);
                replacement["amount"] = corrected;
                if (replacement["bonus_amount"] is not null)
                {
                    replacement["bonus_amount"] = Math.Min(replacement["bonus_amount"]!.GetValue<long>(), corrected);
                }

                _balance += old - corrected;
                _stakes -= old - corrected;
                break;
            case "login":
                replacement["device"] = _device + " (corrigido)";
                break;
            default:
                replacement["name"] = replacement["name"]!.GetValue<string>() + " Júnior";
                break;
        }

        var record = Record("correction", "COR", at, withCpf: false);
        record["corrects"] = replacement["id"]!.GetValue<string>();
        record["corrects_date"] = replacement["at"]!.GetValue<string>()[..10];
        record[target.Type] = replacement;
        return Done(record, "correction", at);
    }

    /// <summary>Undoes an earlier record of the hour: a completed deposit or a bonus the balance still covers.</summary>
    private VaultGeneratedRecord Annulment(DateTimeOffset at, (string Type, JsonObject Record) target)
    {
        var amount = target.Record["amount"]!.GetValue<long>();
        switch (target.Type)
        {
            case "deposit":
                _balance -= amount;
                _deposits -= amount;
                break;
            default:
                _balance -= amount;
                _bonuses -= amount;
                _freeBetCredit = Math.Min(_freeBetCredit, _balance);
                break;
        }

        var record = Record("annulment", "ANU", at, withCpf: false);
        record["annuls"] = target.Record["id"]!.GetValue<string>();
        record["annuls_date"] = target.Record["at"]!.GetValue<string>()[..10];
        record["reason"] = target.Type == "deposit" ? "Depósito enviado em duplicidade" : "Registro lançado por engano pelo sistema de apostas";
        return Done(record, "annulment", at);
    }

    private VaultGeneratedRecord DailyWallet(DateTimeOffset at, long opening, long earlierDeposits, long earlierStakes, long earlierWinnings)
    {
        var record = Record("daily_wallet", "CAR", at);
        record["id"] = $"CAR-{Date(at)}-{cpf}";
        record["day"] = Date(at);
        record["opening_balance"] = opening;
        record["closing_balance"] = _balance;
        record["deposits"] = earlierDeposits + _deposits;
        record["withdrawals"] = _withdrawals;
        record["stakes"] = earlierStakes + _stakes;
        record["winnings"] = earlierWinnings + _winnings;
        record["bonuses"] = _bonuses;
        return Done(record, "daily_wallet", at);
    }

    /// <summary>An earlier record of one of <paramref name="types"/> that can still be amended without the balance going negative; taken off the list.</summary>
    private (string Type, JsonObject Record)? Amendable(params string[] types)
    {
        var index = _amendable.FindIndex(t => types.Contains(t.Type)
            && (t.Type is "bet" or "login" or "registration"
                || (t.Record["amount"]!.GetValue<long>() <= _balance - _freeBetCredit && (t.Type != "deposit" || t.Record["result"]!.GetValue<string>() == "completed"))));
        if (index < 0)
        {
            return null;
        }

        var target = _amendable[index];
        _amendable.RemoveAt(index);
        return target;
    }

    private JsonObject Address()
    {
        var (street, number, complement, district, city, state, postalCode) = VaultFakeData.Address(random);
        var address = new JsonObject { ["street"] = street, ["number"] = number };
        if (complement is not null)
        {
            address["complement"] = complement;
        }

        address["district"] = district;
        address["city"] = city;
        address["state"] = state;
        address["postal_code"] = postalCode;
        return address;
    }

    private JsonArray Limits(DateTimeOffset at)
    {
        var limits = new JsonArray();
        limits.Add(new JsonObject { ["kind"] = "deposit", ["period"] = Pick("day", "week", "month"), ["amount"] = random.Next(1, 20) * 10000, ["since"] = VaultFileHeader.Timestamp(at) });
        if (random.Next(2) == 0)
        {
            limits.Add(new JsonObject { ["kind"] = "time", ["period"] = "day", ["amount"] = random.Next(1, 8) * 60, ["since"] = VaultFileHeader.Timestamp(at) });
        }

        return limits;
    }

    private JsonObject Record(string type, string prefix, DateTimeOffset at, bool withCpf = true)
    {
        var record = new JsonObject
        {
            ["type"] = type,
            ["id"] = string.Create(CultureInfo.InvariantCulture, $"{prefix}-{_hourTag}-{player:D6}-{++_counter:D4}"),
            ["at"] = VaultFileHeader.Timestamp(at),
        };
        if (withCpf)
        {
            record["cpf"] = cpf;
        }

        return record;
    }

    private static VaultGeneratedRecord Done(JsonObject record, string type, DateTimeOffset at, long amount = 0) => new(record, type, at, amount);

    /// <summary>Keeps the record as a candidate for a later correction or annulment; only the latest few, so that memory does not grow with the hour.</summary>
    private VaultGeneratedRecord Remember(VaultGeneratedRecord generated)
    {
        if (_amendable.Count == Kept)
        {
            _amendable.RemoveAt(0);
        }

        _amendable.Add((generated.Type, generated.Json));
        return generated;
    }

    /// <summary>A random pause that spreads the <paramref name="left"/> remaining events over the <paramref name="remaining"/> time; at least a millisecond.</summary>
    /// <summary>An exponential gap around an even share of the time left, never past it (a player with few records would otherwise spill out of the hour).</summary>
    private TimeSpan Gap(TimeSpan remaining, int left)
    {
        var mean = remaining.TotalMilliseconds / (left + 1);
        var gap = Math.Round(-Math.Log(1 - random.NextDouble()) * mean);
        return TimeSpan.FromMilliseconds(Math.Max(1, Math.Min(gap, remaining.TotalMilliseconds - 1)));
    }

    private string Pick(params string[] values) => values[random.Next(values.Length)];

    private long Pick(params long[] values) => values[random.Next(values.Length)];

    private static string Date(DateTimeOffset at) => at.ToOffset(Brasilia).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
