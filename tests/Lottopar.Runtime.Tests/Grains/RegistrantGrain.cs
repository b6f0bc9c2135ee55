using Lottopar.Runtime.Streams;

namespace Lottopar.Runtime.Tests.Grains;

public interface IRegistrantGrain : IGrainWithStringKey
{
    /// <summary>Claims the tax id and e-mail (scopes "tax_id", "email") with the state write, and publishes a note.</summary>
    Task RegisterAsync(string taxId, string email, string noteStream);

    Task<string?> GetTaxIdAsync();
}

public sealed class RegistrantState
{
    public string? TaxId { get; set; }

    public string? Email { get; set; }
}

/// <summary>A grain with natural keys, like an operator with its CNPJ.</summary>
public sealed class RegistrantGrain : Grain<RegistrantState>, IRegistrantGrain
{
    public async Task RegisterAsync(string taxId, string email, string noteStream)
    {
        State.TaxId = taxId;
        State.Email = email;
        await GetStream<AccountEvent>(new StreamId(noteStream, GetPrimaryKeyString())).OnNextAsync(new AccountEvent(GetPrimaryKeyString(), 1, 1));
        await WriteStateAsync();
    }

    public Task<string?> GetTaxIdAsync() => Task.FromResult(State.TaxId);

    protected override IReadOnlyCollection<UniqueKey>? GetUniqueKeys() =>
        State.TaxId is null ? [] : [new UniqueKey("tax_id", State.TaxId), new UniqueKey("email", State.Email!)];
}
