using System.Globalization;
using Lottopar.GrainInterfaces.Operators;
using Lottopar.Grains.Validation;

namespace Lottopar.Silo.Tests.Infrastructure;

/// <summary>Valid operator registrations whose unique fields never repeat across tests.</summary>
public static class Registrations
{
    private static int s_sequence = Random.Shared.Next(1_000_000, 9_000_000);

    private static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow);

    public static OperatorRegistration New(DateOnly? validUntil = null)
    {
        var n = Interlocked.Increment(ref s_sequence);
        var digits = n.ToString("D8", CultureInfo.InvariantCulture);
        return new OperatorRegistration(
            $"Operadora Teste {digits} Ltda",
            Cnpj.Format(Cnpj.Complete(digits + "0001")),
            new License($"LIC-{digits}", "Aposta de quota fixa", ["esportes"], Today.AddYears(-1), validUntil ?? Today.AddYears(5)),
            new ContactPerson(
                "Contato Teste",
                $"contato.{digits}@operadora.example.com.br",
                "(41) 3333-4444",
                $"(41) 9{digits}",
                new PostalAddress("Rua XV de Novembro", "100", null, "Centro", "Curitiba", "PR", "80020-310")));
    }
}
