using Xunit;
using Lottopar.Testing;

namespace Lottopar.Providers.Tests;

public sealed class SchemaTests
{
    [Fact]
    public async Task The_migrations_create_every_query_Orleans_reads_by_key()
    {
        var database = await TestDatabase.SharedAsync();
        var keys = await database.ScalarAsync<long>("select count(*) from OrleansQuery");
        Assert.Equal(16, keys);
    }
}
