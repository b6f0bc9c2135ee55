using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Lottopar.Silo.Tests;

/// <summary>The real silo (Program) in the test host, on a database of the test's own.</summary>
public sealed class SiloFactory(string connectionString, string dataDirectory) : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("ConnectionStrings:Lottopar", connectionString);
        builder.UseSetting("Lottopar:DataDirectory", dataDirectory);
        builder.UseSetting("Lottopar:StartupDatabaseTimeout", "00:00:02");
    }
}
