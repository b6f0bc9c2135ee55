using System.Xml.Linq;
using Lottopar.Grains.Vault;
using Xunit;
using static Lottopar.Grains.Tests.Vault.VaultFiles;

namespace Lottopar.Grains.Tests.Vault;

public sealed class VaultFileReaderTests
{
    [Fact]
    public void AnHourWithEveryRecordTypeIsAcceptedAndEachRecordIsHandedOnInFileOrder()
    {
        var handedOn = new List<VaultRecord>();
        var check = Read(File(OneOfEach()), handedOn);

        Assert.True(check.Accepted, string.Join("\n", check.Errors));
        Assert.Equal(13, check.RecordCount);
        Assert.Equal(VaultRecordTypes.All, handedOn.Select(r => r.Type));
        Assert.Equal(Enumerable.Range(1, 13), handedOn.Select(r => r.Position));
        Assert.Equal((Oprid, 42L, Hour, 1, 1), (check.Header!.Oprid, check.Header.Sequence, check.Header.Hour, check.Header.Part, check.Header.Parts));

        var deposit = handedOn.Single(r => r.Type == VaultRecordType.Deposit);
        Assert.Equal(("R6", Cpfs[0], 10_000L, Hour.AddMinutes(6)), (deposit.Id, deposit.Cpf, deposit.Amount, deposit.At));
        var correction = handedOn.Single(r => r.Type == VaultRecordType.Correction);
        Assert.Equal(new VaultRecordReference("OLD-1", new DateOnly(2026, 12, 2)), correction.Replaces);
        Assert.Equal(Cpfs[2], correction.Cpf);
        Assert.Equal("OLD-1", (string?)correction.Replacement!.Attribute("id"));
        Assert.Equal(new VaultRecordReference("OLD-2", new DateOnly(2026, 12, 2)), handedOn.Single(r => r.Type == VaultRecordType.Annulment).Replaces);
    }

    [Fact]
    public void AnHourWithoutEventsIsAccepted()
    {
        var check = Read(File([]));

        Assert.True(check.Accepted, string.Join("\n", check.Errors));
        Assert.Equal(0, check.RecordCount);
        Assert.All(check.Header!.Totals.Values, t => Assert.Equal(new VaultTypeTotal(0, 0), t));
    }

    [Fact]
    public void TimesInOtherOffsetsAreOrderedAsInstants()
    {
        // 23:10 in Brasília is 02:10 UTC: after 23:05 Brasília, though "02" sorts before "23" as text.
        var check = Read(File([Deposit("A", Hour.AddMinutes(5), Cpfs[0]), Bet("B", Hour.AddMinutes(10).ToUniversalTime(), Cpfs[0])]));

        Assert.True(check.Accepted, string.Join("\n", check.Errors));
    }

    [Fact]
    public void RecordsOfTheSameInstantFollowTheOrderOfTypes()
    {
        var at = Hour.AddMinutes(20);
        Assert.True(Read(File([Login("A", at, Cpfs[0]), Deposit("B", at, Cpfs[0]), Bet("C", at, Cpfs[0])])).Accepted);

        var check = Read(File([Login("A", at, Cpfs[0]), Bet("B", at, Cpfs[0]), Deposit("C", at, Cpfs[0])]));
        Assert.Equal(("out_of_order", 3, "C"), Single(check));
    }

    [Fact]
    public void ARecordEarlierThanThePreviousOneIsOutOfOrder()
    {
        var check = Read(File([Bet("A", Hour.AddMinutes(30), Cpfs[0]), Bet("B", Hour.AddMinutes(29), Cpfs[1])]));

        Assert.Equal(("out_of_order", 2, "B"), Single(check));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(60)]
    public void ARecordOutsideTheHourIsRefused(int minutes)
    {
        var check = Read(File([Bet("A", Hour.AddMinutes(minutes), Cpfs[0])]));

        Assert.Contains(check.Errors, e => e is { Code: "record_outside_hour", Record: 1, RecordId: "A", Field: "@at" });
    }

    [Fact]
    public void AFileOfAnotherOperatorIsRefused()
    {
        var check = Read(File([], oprid: "OPR-000043"));

        Assert.Equal("wrong_oprid", Assert.Single(check.Errors).Code);
        Assert.Equal("header/oprid", check.Errors[0].Field);
    }

    [Fact]
    public void AnHourThatHasNotEndedIsRefused()
    {
        var check = Read(File([]), expected: new VaultFileExpectations(Oprid, Hour.AddMinutes(59)));

        Assert.Contains(check.Errors, e => e is { Code: "hour_not_ended", Field: "header/hour" });
    }

    [Fact]
    public void AnHourThatDoesNotStartOnTheHourIsRefused()
    {
        var check = Read(File([], hour: Hour.AddMinutes(30)));

        Assert.Contains(check.Errors, e => e.Code == "hour_not_on_the_hour");
    }

    [Fact]
    public void AFileCreatedBeforeItsHourEndedIsRefused()
    {
        var check = Read(File([], createdAt: Hour.AddMinutes(59)));

        Assert.Equal("created_before_hour_end", Assert.Single(check.Errors).Code);
    }

    [Fact]
    public void AFileCreatedAfterItArrivedIsRefused()
    {
        var check = Read(File([], createdAt: Received + VaultFileReader.ClockSkew + TimeSpan.FromSeconds(1)));

        Assert.Equal("created_after_reception", Assert.Single(check.Errors).Code);
    }

    [Fact]
    public void APartBeyondTheNumberOfPartsIsRefused()
    {
        Assert.True(Read(File([], part: 2, parts: 2)).Accepted);
        Assert.Equal("part_beyond_parts", Assert.Single(Read(File([], part: 3, parts: 2)).Errors).Code);
    }

    [Theory]
    [InlineData("bet", "records", "2")]
    [InlineData("bet", "amount", "2501")]
    [InlineData("deposit", "records", "0")]
    [InlineData("login", "amount", "1")]
    public void HeaderTotalsThatDifferFromTheRecordsAreRefused(string type, string attribute, string value)
    {
        var file = File([Deposit("A", Hour.AddMinutes(1), Cpfs[0]), Login("B", Hour.AddMinutes(2), Cpfs[0]), Bet("C", Hour.AddMinutes(3), Cpfs[0])]);
        file.Descendants(Ns + "total").Single(t => (string?)t.Attribute("type") == type).SetAttributeValue(attribute, value);

        var error = Assert.Single(Read(file).Errors);
        Assert.Equal(("total_mismatch", $"header/totals/total[@type='{type}']"), (error.Code, error.Field));
    }

    [Fact]
    public void AHeaderWithATypeTotalledTwiceIsRefused()
    {
        var file = File([]);
        file.Descendants(Ns + "total").First(t => (string?)t.Attribute("type") == "win").SetAttributeValue("type", "bet");

        var check = Read(file);
        Assert.Contains(check.Errors, e => e is { Code: "total_duplicated", Field: "header/totals/total[@type='bet']" });
        Assert.Contains(check.Errors, e => e is { Code: "total_missing", Field: "header/totals/total[@type='win']" });
    }

    [Fact]
    public void AnInvalidCpfIsRefusedWhereverItIs()
    {
        Assert.Equal(("invalid_cpf", 1, "A"), Single(Read(File([Bet("A", Hour.AddMinutes(1), "52998224724")]))));
        Assert.Equal(("invalid_cpf", 1, "A"), Single(Read(File([Bet("A", Hour.AddMinutes(1), "11111111111")]))));
        Assert.Equal(("invalid_cpf", 1, "C"), Single(Read(File([Correction("C", Hour.AddMinutes(1), "OLD", Bet("OLD", Hour.AddDays(-1), "39053344700"))]))));
    }

    [Fact]
    public void TwoRecordsWithOneIdAreRefused()
    {
        var check = Read(File([Bet("A", Hour.AddMinutes(1), Cpfs[0]), Win("A", Hour.AddMinutes(2), Cpfs[0])]));

        Assert.Equal(("duplicate_record_id", 2, "A"), Single(check));
    }

    [Fact]
    public void ACorrectionKeepsTheIdOfTheRecordItReplaces()
    {
        var check = Read(File([Correction("C", Hour.AddMinutes(1), "OLD-1", Bet("OLD-2", Hour.AddDays(-1), Cpfs[0]))]));

        var error = Assert.Single(check.Errors);
        Assert.Equal(("correction_id_mismatch", 1, "C", "bet/@id"), (error.Code, error.Record, error.RecordId, error.Field));
    }

    [Fact]
    public void AnAmountAboveTheBoundBreaksTheSchemaAtItsRecord()
    {
        var check = Read(File([Bet("A", Hour.AddMinutes(1), Cpfs[0]), Bet("B", Hour.AddMinutes(2), Cpfs[0], amount: 1_000_000_000_001)]));

        Assert.False(check.Accepted);
        Assert.Contains(check.Errors, e => e is { Code: "schema", Record: 2 });
        Assert.DoesNotContain(check.Errors, e => e.Record == 1);
    }

    [Fact]
    public void AnElementTheSchemaDoesNotKnowIsRefused()
    {
        var file = File([Bet("A", Hour.AddMinutes(1), Cpfs[0])]);
        file.Descendants(Ns + "bet").Single().Add(E("odds", "2.5"));

        Assert.Contains(Read(file).Errors, e => e is { Code: "schema", Record: 1 });
    }

    [Theory]
    [InlineData("oprid")]
    [InlineData("sequence")]
    [InlineData("hour")]
    public void AHeaderWithoutAFieldBreaksTheSchemaAndIsNotRead(string field)
    {
        var file = File([]);
        file.Descendants(Ns + field).Single().Remove();

        var check = Read(file);

        Assert.Null(check.Header);
        Assert.Contains(check.Errors, e => e is { Code: "schema", Record: null });
    }

    [Fact]
    public void AFileWithoutTheVaultNamespaceIsRefused()
    {
        var check = Read("<vault_file version=\"1\"><header/><records/></vault_file>");

        Assert.Equal("not_a_vault_file", Assert.Single(check.Errors).Code);
    }

    [Fact]
    public void TruncatedXmlIsRefused()
    {
        var xml = File(OneOfEach()).ToString(SaveOptions.DisableFormatting);

        var check = Read(xml[..(xml.Length / 2)]);

        Assert.False(check.Accepted);
        Assert.Contains(check.Errors, e => e.Code == "not_well_formed");
    }

    [Fact]
    public void ADoctypeIsRefusedBeforeAnyEntityIsExpanded()
    {
        const string laughs = """
            <?xml version="1.0"?>
            <!DOCTYPE vault_file [
              <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
              <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
              <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
            ]>
            <vault_file xmlns="urn:lottopar:vault:1" version="1">&c;</vault_file>
            """;

        var check = Read(laughs);

        Assert.Equal("dtd_forbidden", Assert.Single(check.Errors).Code);
        Assert.Null(check.Header);
    }

    [Fact]
    public void AnExternalEntityIsNeverFetched()
    {
        var xml = File([]).ToString(SaveOptions.DisableFormatting)
            .Replace("<vault_file", "<!DOCTYPE vault_file SYSTEM \"file:///etc/passwd\"><vault_file", StringComparison.Ordinal);

        Assert.Equal("dtd_forbidden", Assert.Single(Read(xml).Errors).Code);
    }

    [Fact]
    public void ADocumentLongerThanTheLimitIsRefused()
    {
        var xml = File(OneOfEach()).ToString(SaveOptions.DisableFormatting);

        Assert.True(Read(xml, maxCharacters: xml.Length + 1).Accepted);
        Assert.Equal("too_large", Assert.Single(Read(xml, maxCharacters: xml.Length / 2).Errors).Code);
    }

    [Fact]
    public void OnlyTheFirstHundredErrorsAreListedButAllAreCounted()
    {
        var records = Enumerable.Range(1, 150).Select(i => Bet($"B{i}", Hour.AddSeconds(i), "52998224724"));

        var check = Read(File(records));

        Assert.Equal(VaultFileReader.MaxErrorsKept, check.Errors.Count);
        Assert.Equal(150, check.ErrorCount);
        Assert.Equal(100, check.Errors[^1].Record);
    }

    private static (string Code, int? Record, string? RecordId) Single(VaultFileCheck check)
    {
        var error = Assert.Single(check.Errors);
        return (error.Code, error.Record, error.RecordId);
    }
}
