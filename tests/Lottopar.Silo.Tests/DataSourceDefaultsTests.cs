using Lottopar.Silo.Extensions;
using Npgsql;
using Xunit;

namespace Lottopar.Silo.Tests;

public sealed class DataSourceDefaultsTests
{
    [Fact]
    public void StatementsArePreparedAndConnectionsNotResetByDefault()
    {
        var effective = new NpgsqlConnectionStringBuilder(SiloServiceExtensions.WithPoolDefaults("Host=db;Username=lottopar"));

        Assert.Equal(64, effective.MaxAutoPrepare);
        Assert.True(effective.NoResetOnClose);
        Assert.Equal("db", effective.Host);
    }

    [Theory]
    [InlineData("Host=db;Max Auto Prepare=0;No Reset On Close=false")]
    [InlineData("Host=db;MaxAutoPrepare=0;NoResetOnClose=false")]
    [InlineData("Host=db;max auto prepare=0;no reset on close=false")]
    public void ValuesTheConnectionStringSetsAreKept(string connectionString)
    {
        var effective = new NpgsqlConnectionStringBuilder(SiloServiceExtensions.WithPoolDefaults(connectionString));

        Assert.Equal(0, effective.MaxAutoPrepare);
        Assert.False(effective.NoResetOnClose);
    }
}
