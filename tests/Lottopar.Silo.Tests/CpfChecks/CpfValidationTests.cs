using System.Net;
using System.Net.Http.Json;
using Lottopar.GrainInterfaces.Betting;
using Lottopar.GrainInterfaces.Common;
using Lottopar.Grains.Validation;
using Lottopar.Silo.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Lottopar.Silo.Tests.CpfChecks;

/// <summary>POST /cpf/validate against the sandbox's tax registry over HTTP, with LOTTOPAR's lists and the vault's self-exclusions.</summary>
/// <remarks>Its tests move the silo's clock by days: the admin tests have a fixture of their own.</remarks>
public sealed class CpfValidationTests(CpfFixture fixture) : IClassFixture<CpfFixture>
{
    private DateOnly TodayInBrasilia => Grains.Common.BrasiliaTime.Today(fixture.Silo.Clock.GetUtcNow());

    [Fact]
    public async Task RegularAdultIsAllowedTypedEitherWayAndEachCheckIsLogged()
    {
        var (oprid, client) = await fixture.NewOperatorAsync();
        var cpf = CpfFixture.NewCpf();

        Assert.Equal((true, ""), await CpfFixture.CheckAsync(client, cpf));
        Assert.Equal((true, ""), await CpfFixture.CheckAsync(client, Cpf.Format(cpf)));

        Assert.Equal(2, await fixture.LoggedChecksAsync(oprid));
        Assert.Equal(2, await fixture.Silo.Database.ScalarAsync<long>($"select count(*) from cpf_checks where oprid = '{oprid}' and cpf = '{cpf}' and allowed and reasons = '{{}}'"));
    }

    [Fact]
    public async Task WrongCheckDigitsAreRefusedWithoutAskingTheRegistry()
    {
        var (oprid, client) = await fixture.NewOperatorAsync();
        var cpf = CpfFixture.NewCpf();
        var wrong = cpf[..10] + (char)('0' + ((cpf[10] - '0' + 1) % 10));
        await fixture.Sandbox.FailNextAsync(100); // a call to the registry would be a 503
        try
        {
            Assert.Equal((false, "invalid_check_digits"), await CpfFixture.CheckAsync(client, wrong));
        }
        finally
        {
            await fixture.Sandbox.FailNextAsync(0);
        }

        Assert.Equal(1, await fixture.LoggedChecksAsync(oprid));
    }

    [Theory]
    [InlineData("123")]
    [InlineData("1234567890a")]
    [InlineData("123.456.789-0900")]
    [InlineData("")]
    [InlineData(null)]
    public async Task InputThatIsNoCpfIs422NamingTheFieldAndIsNotLogged(string? input)
    {
        var (oprid, client) = await fixture.NewOperatorAsync();

        var problem = await Expect.ProblemAsync(await CpfFixture.ValidateAsync(client, input), HttpStatusCode.UnprocessableEntity, "validation_failed");

        Assert.True(problem.GetProperty("errors").TryGetProperty("cpf", out _));
        Assert.Equal(0, await fixture.LoggedChecksAsync(oprid));
    }

    [Theory]
    [InlineData("suspensa", "tax_status_suspended")]
    [InlineData("cancelada", "tax_status_cancelled")]
    [InlineData("pendente_regularizacao", "tax_status_pending_regularisation")]
    [InlineData("nula", "tax_status_null")]
    [InlineData("titular_falecido", "holder_deceased")]
    public async Task EveryTaxStatusButRegularIsAReason(string situacao, string code)
    {
        var (_, client) = await fixture.NewOperatorAsync();
        var cpf = CpfFixture.NewCpf();
        await fixture.Sandbox.SetAsync(cpf, situacao);

        Assert.Equal((false, code), await CpfFixture.CheckAsync(client, cpf));
    }

    [Fact]
    public async Task CpfTheRegistryDoesNotKnowIsRefused()
    {
        var (_, client) = await fixture.NewOperatorAsync();
        var cpf = CpfFixture.NewCpf();
        await fixture.Sandbox.SetAsync(cpf, inexistente: true);

        Assert.Equal((false, "not_in_tax_registry"), await CpfFixture.CheckAsync(client, cpf));
    }

    [Fact]
    public async Task PlayerIsOfAgeOnTheEighteenthBirthdayNotTheDayBefore()
    {
        var (_, client) = await fixture.NewOperatorAsync();
        var turnsTomorrow = CpfFixture.NewCpf();
        var turnsToday = CpfFixture.NewCpf();
        await fixture.Sandbox.SetAsync(turnsTomorrow, birthDate: TodayInBrasilia.AddYears(-18).AddDays(1));
        await fixture.Sandbox.SetAsync(turnsToday, birthDate: TodayInBrasilia.AddYears(-18));

        Assert.Equal((false, "underage"), await CpfFixture.CheckAsync(client, turnsTomorrow));
        Assert.Equal((true, ""), await CpfFixture.CheckAsync(client, turnsToday));
    }

    [Fact]
    public async Task EveryReasonIsGivenNotOnlyTheFirst()
    {
        var (_, client) = await fixture.NewOperatorAsync();
        var cpf = CpfFixture.NewCpf();
        await fixture.Sandbox.SetAsync(cpf, "suspensa", TodayInBrasilia.AddYears(-17));
        await fixture.AddRestrictionAsync(new { cpf, kind = "barred", category = "result_influencer", note = "Árbitro da federação (ofício 12/2026)" });
        await fixture.AddRestrictionAsync(new { cpf, kind = "barred", category = "relative", note = "Filho de árbitro (ofício 12/2026)" });

        Assert.Equal((false, "tax_status_suspended,underage,barred_result_influencer,barred_relative"), await CpfFixture.CheckAsync(client, cpf));
    }

    [Fact]
    public async Task BarredPersonIsRefusedAtOnceAndAllowedAgainWhenTheEntryIsRemoved()
    {
        var (_, client) = await fixture.NewOperatorAsync();
        var cpf = CpfFixture.NewCpf();
        Assert.True((await CpfFixture.CheckAsync(client, cpf)).Allowed); // now kept by the player grain

        var entry = await fixture.AddRestrictionAsync(new { cpf, kind = "barred", category = "regulator_staff", note = "Servidor da LOTTOPAR (matrícula 4411)" });
        Assert.Equal((false, "barred_regulator_staff"), await CpfFixture.CheckAsync(client, cpf));

        var removal = await fixture.Admin.PostAsJsonAsync($"/admin/cpf-restrictions/{entry.GetProperty("id").GetGuid()}/remove", new { cpf, reason = "Exonerado em 01/12/2026" });
        var removed = await Expect.JsonAsync(removal);
        Assert.False(removed.GetProperty("inForce").GetBoolean());
        Assert.Equal((true, ""), await CpfFixture.CheckAsync(client, cpf));

        var again = await fixture.Admin.PostAsJsonAsync($"/admin/cpf-restrictions/{entry.GetProperty("id").GetGuid()}/remove", new { cpf, reason = "de novo" });
        await Expect.ProblemAsync(again, HttpStatusCode.Conflict, "conflict");
    }

    [Fact]
    public async Task StaffAccountsWithACpfBarTheirHoldersFromBetting()
    {
        var (oprid, client) = await fixture.NewOperatorAsync();
        var regulator = CpfFixture.NewCpf();
        var operatorStaff = CpfFixture.NewCpf();
        var staffOf = (string cpf, string role, string? of) => new { email = $"s{Guid.NewGuid():N}@example.com.br", fullName = "Pessoa", roles = new[] { role }, oprid = of, cpf };

        var created = await Expect.JsonAsync(await fixture.Admin.PostAsJsonAsync("/admin/staff", staffOf(Cpf.Format(regulator), "auditor", null)), 201);
        await Expect.StatusAsync(await fixture.Admin.PostAsJsonAsync("/admin/staff", staffOf(operatorStaff, "operator-viewer", oprid)), 201);
        var invalid = await fixture.Admin.PostAsJsonAsync("/admin/staff", staffOf("12345678900", "auditor", null));

        Assert.Equal(Cpf.Mask(regulator), created.GetProperty("cpf").GetString());
        Assert.Equal((false, "barred_regulator_staff"), await CpfFixture.CheckAsync(client, regulator));
        Assert.Equal((false, "barred_operator_staff"), await CpfFixture.CheckAsync(client, operatorStaff));
        Assert.True((await Expect.ProblemAsync(invalid, HttpStatusCode.UnprocessableEntity, "validation_failed")).GetProperty("errors").TryGetProperty("cpf", out _));
    }

    [Fact]
    public async Task LottoparSelfExclusionHoldsForItsPeriodOnly()
    {
        var (_, client) = await fixture.NewOperatorAsync();
        var cpf = CpfFixture.NewCpf();
        var now = fixture.Silo.Clock.GetUtcNow();
        await fixture.AddRestrictionAsync(new { cpf, kind = "self_exclusion", until = now.AddDays(7), note = "Pedido do jogador no balcão da LOTTOPAR (protocolo 889)" });

        Assert.Equal((false, "self_excluded_lottopar"), await CpfFixture.CheckAsync(client, cpf));

        fixture.Silo.Clock.Advance(TimeSpan.FromDays(7) + TimeSpan.FromMinutes(1));
        Assert.Equal((true, ""), await CpfFixture.CheckAsync(client, cpf));
    }

    [Fact]
    public async Task TheNationalSelfExclusionListIsAskedAndHoldsThroughItsLastDay()
    {
        var (_, client) = await fixture.NewOperatorAsync();
        var forGood = CpfFixture.NewCpf();
        var untilToday = CpfFixture.NewCpf();
        var ended = CpfFixture.NewCpf();
        var today = Grains.Common.BrasiliaTime.Today(fixture.Silo.Clock.GetUtcNow());
        await fixture.Sandbox.SetNationalSelfExclusionAsync(forGood);
        await fixture.Sandbox.SetNationalSelfExclusionAsync(untilToday, until: today);
        await fixture.Sandbox.SetNationalSelfExclusionAsync(ended, until: today.AddDays(-1));

        Assert.Equal((false, "self_excluded_national"), await CpfFixture.CheckAsync(client, forGood));
        Assert.Equal((false, "self_excluded_national"), await CpfFixture.CheckAsync(client, untilToday));
        Assert.Equal((true, ""), await CpfFixture.CheckAsync(client, ended));
    }

    [Fact]
    public async Task SelfExclusionFromAnOperatorsVaultFileIsAReason()
    {
        var (oprid, client) = await fixture.NewOperatorAsync();
        var cpf = CpfFixture.NewCpf();
        var keys = fixture.Silo.Services.GetRequiredService<PersonalGrainKeys>();
        var now = fixture.Silo.Clock.GetUtcNow();
        await fixture.Silo.Grains.Keyed<IPlayerGrain>(keys.Player(cpf)).ApplyVaultReportsAsync(cpf,
            [new PlayerVaultReport(oprid, "SE-1", now.AddHours(-1), null, new PlayerSelfExclusionReport(now.AddHours(-1), now.AddDays(30), "player"))]);

        Assert.Equal((false, "self_excluded"), await CpfFixture.CheckAsync(client, cpf));
    }

    [Fact]
    public async Task RegistryAnswerIsKeptUntilItExpires()
    {
        var (_, client) = await fixture.NewOperatorAsync();
        var cpf = CpfFixture.NewCpf();
        Assert.True((await CpfFixture.CheckAsync(client, cpf)).Allowed);

        await fixture.Sandbox.SetAsync(cpf, "cancelada");
        Assert.True((await CpfFixture.CheckAsync(client, cpf)).Allowed);

        fixture.Silo.Clock.Advance(TimeSpan.FromMinutes(11));
        Assert.Equal((false, "tax_status_cancelled"), await CpfFixture.CheckAsync(client, cpf));
    }

    [Fact]
    public async Task RegistryDownIs503WithRetryAfterAndDecidesNothing()
    {
        var (oprid, client) = await fixture.NewOperatorAsync();
        var cpf = CpfFixture.NewCpf();
        await fixture.Sandbox.FailNextAsync(3); // the first try and both retries

        var response = await CpfFixture.ValidateAsync(client, cpf);
        var problem = await Expect.ProblemAsync(response, HttpStatusCode.ServiceUnavailable, "dependency_unavailable");
        Assert.Equal("tax_registry", problem.GetProperty("dependency").GetString());
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.Equal(0, await fixture.LoggedChecksAsync(oprid));

        Assert.Equal((true, ""), await CpfFixture.CheckAsync(client, cpf));
    }

    [Fact]
    public async Task OneFailedAttemptAtTheRegistryIsRetried()
    {
        var (_, client) = await fixture.NewOperatorAsync();
        await fixture.Sandbox.FailNextAsync(2, status: 500);

        Assert.Equal((true, ""), await CpfFixture.CheckAsync(client, CpfFixture.NewCpf()));
    }

    [Fact]
    public async Task OnlyKeysWithTheCpfScopeMayCheck()
    {
        var (_, bettingOnly) = await fixture.NewOperatorAsync("betting-events", "read");
        var operatorStaff = await fixture.Silo.StaffAsync(["operator-admin"], await PlatformHost.OnboardAsync(fixture.Admin));

        await Expect.ProblemAsync(await CpfFixture.ValidateAsync(bettingOnly, CpfFixture.NewCpf()), HttpStatusCode.Forbidden, "scope_missing");
        Assert.Contains((int)(await CpfFixture.ValidateAsync(operatorStaff, CpfFixture.NewCpf())).StatusCode, new[] { 401, 403 });
        await Expect.StatusAsync(await CpfFixture.ValidateAsync(fixture.Silo.CreateClient(), CpfFixture.NewCpf()), 401);
    }

    [Fact]
    public async Task ChecksAreLimitedPerOperator()
    {
        var (_, busy) = await fixture.NewOperatorAsync();
        var (_, other) = await fixture.NewOperatorAsync();
        var cpf = CpfFixture.NewCpf();
        for (var i = 0; i < CpfFixture.ChecksPerMinute; i++)
        {
            await Expect.StatusAsync(await CpfFixture.ValidateAsync(busy, cpf), 200);
        }

        var refused = await CpfFixture.ValidateAsync(busy, cpf);
        await Expect.ProblemAsync(refused, HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.NotNull(refused.Headers.RetryAfter);
        await Expect.StatusAsync(await CpfFixture.ValidateAsync(other, cpf), 200);
    }

    [Fact]
    public async Task TheClientLibraryAsksAndReadsTheAnswer()
    {
        var oprid = await PlatformHost.OnboardAsync(fixture.Admin);
        var client = new Lottopar.Client.LottoparClient(fixture.Silo.CreateClient(), await PlatformHost.IssueKeyAsync(fixture.Admin, oprid, "homologation", "cpf"));
        var cpf = CpfFixture.NewCpf();
        await fixture.Sandbox.SetAsync(cpf, "nula");

        var answer = await client.ValidateCpfAsync(Cpf.Format(cpf));

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.False(answer.Document!.Value.GetProperty("allowed").GetBoolean());
        Assert.Equal("tax_status_null", answer.Document.Value.GetProperty("reasons")[0].GetProperty("code").GetString());
    }
}
