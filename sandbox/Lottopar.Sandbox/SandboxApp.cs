using Npgsql;

namespace Lottopar.Sandbox;

/// <summary>Composes the sandbox: its database and the services it imitates.</summary>
public static class SandboxApp
{
    public static WebApplication Build(string[] args, IDictionary<string, string?>? settings = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        var connectionString = builder.Configuration.GetConnectionString("Sandbox")
            ?? throw new InvalidOperationException("ConnectionStrings:Sandbox is not set.");
        builder.Services.AddSingleton(NpgsqlDataSource.Create(connectionString));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddOptions<TaxRegistryOptions>().BindConfiguration(TaxRegistryOptions.SectionName)
            .Validate(o => o.Token.Length >= 16 && o.AdminToken.Length >= 16, "Sandbox:TaxRegistry:Token and AdminToken need at least 16 characters.")
            .ValidateOnStart();
        builder.Services.AddSingleton<TaxRegistryStore>();
        builder.Services.AddSingleton<TaxRegistryFaults>();
        builder.Services.AddHostedService<SandboxSchema>();

        var app = builder.Build();
        app.MapGet("/health", () => "ok");
        app.MapTaxRegistry();
        return app;
    }
}

/// <summary>Creates the sandbox's tables at start-up (it owns its database; nothing to migrate).</summary>
public sealed class SandboxSchema(NpgsqlDataSource dataSource) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(TaxRegistryStore.Schema);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
