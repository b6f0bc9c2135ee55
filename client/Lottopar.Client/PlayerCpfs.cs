using System.Collections.Concurrent;

namespace Lottopar.Client;

/// <summary>
/// The CPFs of one generator's players, each issued once. Two seats with the same CPF would be two
/// balances reported as one player's, and the platform would rightly flag every switch between them
/// as a balance discontinuity. Random nine-digit bases collide often enough to matter: among 20,000
/// players the chance of at least one pair is about 18%, among 40,000 about 55%.
/// </summary>
internal sealed class PlayerCpfs
{
    private readonly ConcurrentDictionary<string, byte> _issued = new(StringComparer.Ordinal);

    /// <summary>A formatted CPF no other player of this generator has had. Thread-safe.</summary>
    public string Next(Random random)
    {
        while (true)
        {
            var cpf = Cpfs.Format(Cpfs.Generate(random));
            if (_issued.TryAdd(cpf, 0))
            {
                return cpf;
            }
        }
    }
}
