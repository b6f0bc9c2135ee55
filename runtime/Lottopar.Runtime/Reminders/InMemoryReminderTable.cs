namespace Lottopar.Runtime.Reminders;

/// <summary>Reminders in process memory, with the same lease rules; for unit tests of grain logic only.</summary>
public sealed class InMemoryReminderTable : IReminderTable
{
    private readonly Lock _lock = new();
    private readonly Dictionary<(GrainId Grain, string Name), Row> _rows = [];

    public Task UpsertAsync(GrainId grain, string name, DateTimeOffset firstDue, TimeSpan? period, DateTimeOffset now, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var existing = _rows.GetValueOrDefault((grain, name));
            _rows[(grain, name)] = new Row(
                new ReminderEntry(grain, name, firstDue, period, firstDue, (existing?.Entry.Version ?? 0) + 1, 0),
                firstDue,
                existing?.LeaseOwner,
                existing?.LeaseUntil);
        }

        return Task.CompletedTask;
    }

    public Task<bool> DeleteAsync(GrainId grain, string name, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_rows.Remove((grain, name)));
        }
    }

    public Task<IReadOnlyList<ReminderEntry>> ClaimDueAsync(DateTimeOffset now, string owner, TimeSpan lease, int maxCount, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var due = _rows
                .Where(r => r.Value.AttemptAt <= now && (r.Value.LeaseUntil is null || r.Value.LeaseUntil < now))
                .OrderBy(r => r.Value.AttemptAt)
                .Take(maxCount)
                .ToList();
            foreach (var (key, row) in due)
            {
                _rows[key] = row with { LeaseOwner = owner, LeaseUntil = now + lease };
            }

            return Task.FromResult<IReadOnlyList<ReminderEntry>>([.. due.Select(r => r.Value.Entry)]);
        }
    }

    public Task ReleaseAsync(ReminderEntry claimed, string owner, ReminderOutcome outcome, DateTimeOffset now, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var key = (claimed.Grain, claimed.Name);
            if (_rows.TryGetValue(key, out var row) && row.LeaseOwner == owner)
            {
                var unchanged = row.Entry.Version == claimed.Version;
                if (unchanged && outcome.Done)
                {
                    _rows.Remove(key);
                }
                else if (unchanged)
                {
                    _rows[key] = new Row(row.Entry with { TickDue = outcome.TickDue!.Value, Failures = outcome.Failures }, outcome.AttemptAt, null, null);
                }
                else
                {
                    _rows[key] = row with { LeaseOwner = null, LeaseUntil = null };
                }
            }
        }

        return Task.CompletedTask;
    }

    private sealed record Row(ReminderEntry Entry, DateTimeOffset AttemptAt, string? LeaseOwner, DateTimeOffset? LeaseUntil);
}
