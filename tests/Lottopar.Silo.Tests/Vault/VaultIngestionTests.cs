using System.Net.Http.Json;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using Lottopar.GrainInterfaces.Betting;
using Lottopar.GrainInterfaces.Common;
using Lottopar.GrainInterfaces.Vault;
using Lottopar.Client.Vault;
using Lottopar.Grains.Tests.Vault;
using Lottopar.Grains.Vault;
using Lottopar.Silo.Tests.Infrastructure;
using Lottopar.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Xunit;

namespace Lottopar.Silo.Tests.Vault;

/// <summary>LOTTOPAR's vault key made by openssl, given to the silo; the ingestion tests' fixture.</summary>
public sealed class VaultIngestionFixture : SftpVaultFixture, IDisposable
{
    public OpensslVaultKeys Keys { get; } = new();

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Lottopar:Vault:CertificateFile"] = Keys.PathOf("vault.crt"),
        ["Lottopar:Vault:KeyFile"] = Keys.PathOf("vault.key"),
        ["Lottopar:Vault:RescanInterval"] = "00:00:01",
    };

    public void Dispose() => Keys.Dispose();
}

/// <summary>
/// Hourly files made with the openssl command line, sent with the real sftp client, judged by the
/// vault; receipts fetched with sftp and verified with openssl cms -verify. Nothing of a rejected
/// file is stored; the receipts alone prove the chain.
/// </summary>
public sealed class VaultIngestionTests(VaultIngestionFixture fixture) : IClassFixture<VaultIngestionFixture>, IDisposable
{
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("lottopar-vault-ingest-");
    private readonly OpensslVaultKeys _keys = fixture.Keys;
    private readonly DateTimeOffset _lastHour = LastHourBefore(fixture.Silo.Clock.GetUtcNow());

    public void Dispose() => _work.Delete(recursive: true);

    private NpgsqlDataSource DataSource => fixture.Silo.Services.GetRequiredService<NpgsqlDataSource>();

    [Fact]
    public async Task AnHourSealedWithOpensslAndSentOverSftpIsStoredAndGetsASignedReceipt()
    {
        var op = await NewOperatorAsync();
        var cpf = VaultFiles.Cpfs[0];
        var wallet = VaultFiles.DailyWallet(Id(), _lastHour.AddMinutes(20), cpf);
        wallet.Elements().Single(e => e.Name.LocalName == "closing_balance").Value = "99"; // does not add up: told to integrity, not rejected
        var records = new[] { VaultFiles.Deposit(Id(), _lastHour.AddMinutes(5), cpf, 10_000), VaultFiles.Bet(Id(), _lastHour.AddMinutes(9), cpf, 2_500), wallet };
        var name = NameOf(op, _lastHour, 1);

        Upload(op, name, Seal(VaultFiles.File(records, op.Oprid, _lastHour, sequence: 1)));
        var receipt = await ReceiptAsync(op, name);

        Assert.Equal("accepted", receipt.GetProperty("verdict").GetString());
        Assert.Equal((1, VaultChain.Genesis), (receipt.GetProperty("chain").GetProperty("position").GetInt64(), receipt.GetProperty("chain").GetProperty("previous").GetString()));
        Assert.Equal(VaultChain.Next(VaultChain.Genesis, receipt.GetProperty("sha256").GetString()!, 1), receipt.GetProperty("chain").GetProperty("value").GetString());
        Assert.Equal((1, 10_000), (receipt.GetProperty("counts").GetProperty("deposit").GetProperty("records").GetInt64(), receipt.GetProperty("counts").GetProperty("deposit").GetProperty("amount").GetInt64()));
        Assert.Equal(3, await RecordsOfAsync(op.Oprid));
        Assert.Empty(Directory.GetFiles(Path.Combine(fixture.Sftp.HomeOf(op.Oprid), "incoming")));
        Assert.Single(Directory.GetFiles(Path.Combine(fixture.Sftp.Directory, "archive", op.Oprid), "*.p7m", SearchOption.AllDirectories));
        var status = await fixture.Silo.Grains.Keyed<IVaultGrain>(op.Oprid).GetStatusAsync();
        Assert.Equal((1, 1, receipt.GetProperty("chain").GetProperty("value").GetString()), (status.HighestSequence, status.ChainLength, status.ChainHead));
        var events = await VaultEventsAsync(op.Oprid);
        Assert.Contains(VaultStreams.FileAccepted, events);
        Assert.Contains(VaultStreams.WalletMismatch, events); // late_file too when the hour's deadline has passed
    }

    [Fact]
    public async Task TheSameFileSentAgainGetsTheFirstAnswerAndNothingTwice()
    {
        var op = await NewOperatorAsync();
        var file = Seal(VaultFiles.File([VaultFiles.Bet(Id(), _lastHour.AddMinutes(1), VaultFiles.Cpfs[1])], op.Oprid, _lastHour, sequence: 1));
        Upload(op, NameOf(op, _lastHour, 1), file);
        var first = await ReceiptAsync(op, NameOf(op, _lastHour, 1));

        Upload(op, "again.xml.p7m", file);
        var again = await ReceiptAsync(op, "again.xml.p7m");

        Assert.Equal(first.GetProperty("receipt_id").GetString(), again.GetProperty("receipt_id").GetString());
        Assert.Equal(1, await RecordsOfAsync(op.Oprid));
        Assert.Equal(1, (await fixture.Silo.Grains.Keyed<IVaultGrain>(op.Oprid).GetStatusAsync()).ChainLength);
    }

    [Fact]
    public async Task BadFilesGetRejectedReceiptsAndLeaveNothingStored()
    {
        var op = await NewOperatorAsync();
        var cpf = VaultFiles.Cpfs[2];
        XDocument Good(long sequence) => VaultFiles.File([VaultFiles.Bet(Id(), _lastHour.AddMinutes(3), cpf), VaultFiles.Win(Id(), _lastHour.AddMinutes(4), cpf)], op.Oprid, _lastHour, sequence: sequence);
        Upload(op, "accepted.xml.p7m", Seal(Good(1)));
        Assert.Equal("accepted", (await ReceiptAsync(op, "accepted.xml.p7m")).GetProperty("verdict").GetString());
        var flipped = Seal(Good(2));
        flipped[flipped.Length / 2] ^= 0x01;
        var outOfOrder = Good(2);
        var records = outOfOrder.Root!.Element(VaultFiles.Ns + "records")!;
        var last = records.Elements().Last();
        last.Remove();
        records.AddFirst(last);
        var lying = Good(2);
        lying.Descendants(VaultFiles.Ns + "total").First(t => (string?)t.Attribute("type") == "bet").SetAttributeValue("records", "5");
        var tooMuch = Good(2);
        tooMuch.Descendants(VaultFiles.Ns + "amount").First().Value = "1000000000001";
        var entity = Encoding.UTF8.GetBytes("<?xml version=\"1.0\"?><!DOCTYPE lol [<!ENTITY lol \"lol\">]>" + Good(2).Root!.ToString(SaveOptions.DisableFormatting));
        var future = VaultFiles.File([VaultFiles.Bet(Id(), _lastHour.AddHours(2).AddMinutes(1), cpf)], op.Oprid, _lastHour.AddHours(2), sequence: 2);
        var cases = new (string Name, byte[] File, string Code)[]
        {
            ("flipped", flipped, "*"),
            ("stranger", Seal(Good(2), signer: "stranger"), "unknown_signer"),
            ("unencrypted", _keys.Sign(Bytes(Good(2))), "not_encrypted"),
            ("not-xml", Seal("<vault_file xmlns=\"urn:lottopar:vault:1\" version=\"1\"><header>"u8.ToArray()), "not_well_formed"),
            ("out-of-order", Seal(outOfOrder), "out_of_order"),
            ("lying-totals", Seal(lying), "total_mismatch"),
            ("wrong-oprid", Seal(VaultFiles.File([VaultFiles.Bet(Id(), _lastHour.AddMinutes(1), cpf)], "OPR-999999999", _lastHour, sequence: 2)), "wrong_oprid"),
            ("future-hour", Seal(future), "hour_not_ended"),
            ("invalid-cpf", Seal(VaultFiles.File([VaultFiles.Bet(Id(), _lastHour.AddMinutes(1), "52998224724")], op.Oprid, _lastHour, sequence: 2)), "invalid_cpf"),
            ("same-sequence", Seal(Good(1)), "sequence_conflict"),
            ("amount-out-of-bounds", Seal(tooMuch), "schema"),
            ("entity", Seal(entity), "dtd_forbidden"),
            ("compression-bomb", _keys.Make(new byte[1024 * 1024], gzip: true), "compression_bomb"),
        };

        Upload(op, [.. cases.Select(c => ($"{c.Name}.xml.p7m", c.File))]);

        foreach (var (name, _, code) in cases)
        {
            var receipt = await ReceiptAsync(op, $"{name}.xml.p7m", overSftp: false);
            Assert.True(receipt.GetProperty("verdict").GetString() == "rejected", $"{name}: {receipt}");
            Assert.Equal(JsonValueKind.Null, receipt.GetProperty("chain").ValueKind);
            var codes = receipt.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("code").GetString()).ToList();
            Assert.True(code == "*" || codes.Contains(code), $"{name}: expected {code}, got {string.Join(',', codes)}");
        }

        Assert.Equal(2, await RecordsOfAsync(op.Oprid));
        Assert.Equal(1, (await fixture.Silo.Grains.Keyed<IVaultGrain>(op.Oprid).GetStatusAsync()).ChainLength);
        var events = await VaultEventsAsync(op.Oprid);
        Assert.Contains(VaultStreams.SecurityViolation, events);
        Assert.Contains(VaultStreams.InvalidFile, events);
        await Eventually.HoldsAsync(() => SecurityCodesAsync(op.Oprid), codes => codes.Contains("vault_unknown_signer"), "the wrong signer is a security event");
    }

    [Fact]
    public async Task ReceiptsAloneProveTheChainAndAGapIsTold()
    {
        var op = await NewOperatorAsync();
        var receipts = new List<JsonElement>();
        foreach (var (sequence, hour) in new[] { (1L, _lastHour.AddHours(-2)), (2L, _lastHour.AddHours(-1)), (4L, _lastHour) })
        {
            var name = NameOf(op, hour, sequence);
            Upload(op, name, Seal(VaultFiles.File([VaultFiles.Login(Id(), hour.AddMinutes(2), VaultFiles.Cpfs[3])], op.Oprid, hour, sequence: sequence)));
            receipts.Add(await ReceiptAsync(op, name));
        }

        var links = receipts.Select(r => new VaultChainLink(r.GetProperty("chain").GetProperty("previous").GetString()!, r.GetProperty("sha256").GetString()!,
            r.GetProperty("sequence").GetInt64(), r.GetProperty("chain").GetProperty("value").GetString()!)).ToList();

        Assert.Null(VaultChain.FirstBrokenLink(links));
        Assert.Equal(1, VaultChain.FirstBrokenLink([links[0], links[2]]));
        Assert.Equal([1L, 2L, 3L], receipts.Select(r => r.GetProperty("chain").GetProperty("position").GetInt64()));
        Assert.Contains(VaultStreams.SequenceGap, await VaultEventsAsync(op.Oprid));
        Assert.Equal([3L], (await fixture.Silo.Grains.Keyed<IVaultGrain>(op.Oprid).GetStatusAsync()).MissingSequences);
    }

    [Fact]
    public async Task AnHourWithoutAFileIsToldMissingOnce()
    {
        var op = await NewOperatorAsync();
        var vault = fixture.Silo.Grains.Keyed<IVaultGrain>(op.Oprid);
        await vault.WatchAsync();
        var clock = fixture.Silo.Clock;
        clock.Advance(TimeSpan.FromHours(3));
        try
        {
            await vault.SweepAsync();
            await vault.SweepAsync();
        }
        finally
        {
            clock.Advance(TimeSpan.FromHours(-3));
        }

        var missing = (await VaultEventsAsync(op.Oprid)).Count(e => e == VaultStreams.MissingHour);
        Assert.True(missing is >= 1 and <= 2, $"{missing} missing hours told");
        Assert.Equal(missing, (await vault.GetStatusAsync()).HoursMissing.Count);
    }

    [Fact]
    public async Task TheClientGeneratesSealsAndPushesAnHourInPartsAndVerifiesTheReceipts()
    {
        var op = await NewOperatorAsync();
        var generator = new VaultHourGenerator(new VaultHourOptions(op.Oprid, _lastHour, FirstSequence: 1, Players: 20, Records: 300, Parts: 2, Seed: 7));
        var written = new List<string>();
        var files = generator.Write(header =>
        {
            written.Add(Path.Combine(_work.FullName, header.XmlFileName));
            return File.Create(written[^1]);
        });
        using var signer = X509Certificate2.CreateFromPemFile(_keys.PathOf("operator.crt"), _keys.PathOf("operator.key"));
        using var vaultCertificate = X509CertificateLoader.LoadCertificateFromFile(_keys.PathOf("vault.crt"));
        var hostKey = ExternalTool.Run("ssh-keygen", "-l", "-E", "sha256", "-f", Path.Combine(fixture.Sftp.Directory, "etc", "ssh_host_ed25519_key.pub")).Split(' ')[1];
        var published = await Expect.JsonAsync(await fixture.Silo.CreateClient().GetAsync("/vault/sftp"));
        Assert.Equal(hostKey, published.GetProperty("fingerprint").GetString());
        var pusher = new VaultSftpPusher(new VaultSftpTarget("127.0.0.1", fixture.Sftp.Port, op.Account, op.Key, hostKey));

        var receipts = new List<VaultReceipt>();
        foreach (var xml in written)
        {
            var sealedFile = xml + ".p7m";
            await File.WriteAllBytesAsync(sealedFile, VaultFileSealer.Seal(await File.ReadAllBytesAsync(xml), signer, vaultCertificate, gzip: true));
            receipts.Add((await pusher.PushAsync(sealedFile, TimeSpan.FromSeconds(30), vaultCertificate)).Receipt!);
        }

        Assert.All(receipts, r => Assert.True(r.Verdict == VaultVerdict.Accepted, string.Join("; ", r.Errors.Select(e => e.Message))));
        Assert.Null(VaultReceipt.FirstBrokenLink(receipts));
        Assert.Equal(2, files.Count);
        Assert.InRange(receipts.Sum(r => r.Records), 250, 350);
        Assert.Equal(receipts.Sum(r => r.Records), await RecordsOfAsync(op.Oprid));
        var wrongHostKey = new VaultSftpPusher(new VaultSftpTarget("127.0.0.1", fixture.Sftp.Port, op.Account, op.Key, "SHA256:" + new string('A', 43)));
        await Assert.ThrowsAnyAsync<Exception>(() => wrongHostKey.PushAsync(written[0] + ".p7m", null, null));
    }

    [Fact]
    public async Task TheRestApiShowsAnOperatorItsOwnFilesAndReceiptsOnly()
    {
        var a = await NewOperatorAsync();
        var b = await NewOperatorAsync();
        Upload(a, "a-good.xml.p7m", Seal(VaultFiles.File([VaultFiles.Bet(Id(), _lastHour.AddMinutes(1), VaultFiles.Cpfs[0])], a.Oprid, _lastHour, sequence: 1)));
        Upload(a, "a-bad.xml.p7m", _keys.Sign("not encrypted"u8.ToArray()));
        Upload(b, "b-good.xml.p7m", Seal(VaultFiles.File([], b.Oprid, _lastHour, sequence: 1)));
        var aReceipt = await ReceiptAsync(a, "a-good.xml.p7m");
        await ReceiptAsync(a, "a-bad.xml.p7m");
        var bReceipt = await ReceiptAsync(b, "b-good.xml.p7m");
        var asA = fixture.Silo.WithApiKey(await PlatformHost.IssueKeyAsync(fixture.Admin, a.Oprid, "homologation", "vault"));
        var readOnly = fixture.Silo.WithApiKey(await PlatformHost.IssueKeyAsync(fixture.Admin, a.Oprid, "homologation", "read"));

        var own = await Expect.JsonAsync(await asA.GetAsync("/vault/files"));
        var rejected = await Expect.JsonAsync(await asA.GetAsync("/vault/files?verdict=rejected"));
        var bFile = $"/vault/files/{bReceipt.GetProperty("receipt_id").GetString()}";
        var aFile = await Expect.JsonAsync(await fixture.Admin.GetAsync($"/vault/files/{aReceipt.GetProperty("receipt_id").GetString()}"));
        var chain = await Expect.JsonAsync(await asA.GetAsync("/vault/chain/verify"));

        Assert.Equal(["a-bad.xml.p7m", "a-good.xml.p7m"], own.EnumerateArray().Select(f => f.GetProperty("fileName").GetString()).Order());
        Assert.Equal(["rejected"], rejected.EnumerateArray().Select(f => f.GetProperty("verdict").GetString()));
        await Expect.StatusAsync(await asA.GetAsync(bFile), 404);
        await Expect.StatusAsync(await asA.GetAsync($"/vault/files?oprid={b.Oprid}"), 404);
        await Expect.StatusAsync(await asA.GetAsync($"/vault/chain/verify?oprid={b.Oprid}"), 404);
        await Expect.StatusAsync(await readOnly.GetAsync("/vault/files"), 403);
        await Expect.ProblemAsync(await asA.GetAsync("/vault/files?verdict=maybe"), System.Net.HttpStatusCode.UnprocessableEntity, "validation_failed");
        Assert.Equal(b.Oprid, Assert.Single((await Expect.JsonAsync(await fixture.Admin.GetAsync($"/vault/files?oprid={b.Oprid}"))).EnumerateArray()).GetProperty("oprid").GetString());
        Assert.Equal(aReceipt.ToString(), OpenReceipt(Convert.FromBase64String(aFile.GetProperty("receipt").GetString()!)).ToString());
        Assert.Equal((true, 1, aReceipt.GetProperty("chain").GetProperty("value").GetString()),
            (chain.GetProperty("valid").GetBoolean(), chain.GetProperty("files").GetInt32(), chain.GetProperty("head").GetString()));
    }

    [Fact]
    public async Task TheChainCheckFindsAStoredHashThatWasChanged()
    {
        var op = await NewOperatorAsync();
        foreach (var sequence in new[] { 1L, 2L })
        {
            Upload(op, $"f{sequence}.xml.p7m", Seal(VaultFiles.File([], op.Oprid, _lastHour.AddHours(sequence - 2), sequence: sequence)));
            await ReceiptAsync(op, $"f{sequence}.xml.p7m");
        }

        await using (var tamper = DataSource.CreateCommand("update vault_files set sha256 = repeat('ab', 32) where oprid = $1 and chain_position = 2"))
        {
            tamper.Parameters.Add(new NpgsqlParameter { Value = op.Oprid });
            Assert.Equal(1, await tamper.ExecuteNonQueryAsync());
        }

        var check = await Expect.JsonAsync(await fixture.Admin.GetAsync($"/vault/chain/verify?oprid={op.Oprid}"));

        Assert.False(check.GetProperty("valid").GetBoolean());
        Assert.Equal(2, check.GetProperty("firstBrokenPosition").GetInt64());
    }

    [Fact]
    public async Task RegistrationsAndSelfExclusionsReachThePlayerAndFlagItsBets()
    {
        var op = await NewOperatorAsync();
        var formatted = Betting.BettingFixture.NewCpf();
        var cpf = new string([.. formatted.Where(char.IsAsciiDigit)]);
        var records = new[] { VaultFiles.Registration(Id(), _lastHour.AddMinutes(1), cpf), VaultFiles.SelfExclusion(Id(), _lastHour.AddMinutes(2), cpf) };
        Upload(op, "players.xml.p7m", Seal(VaultFiles.File(records, op.Oprid, _lastHour, sequence: 1)));
        Assert.Equal("accepted", (await ReceiptAsync(op, "players.xml.p7m")).GetProperty("verdict").GetString());
        var player = fixture.Silo.Grains.Keyed<IPlayerGrain>(fixture.Silo.Services.GetRequiredService<PersonalGrainKeys>().Player(cpf));

        var state = await Eventually.HoldsAsync(async () => JsonDocument.Parse(await player.InspectAsync(cpf) ?? "{}").RootElement.Clone(),
            s => s.TryGetProperty("profiles", out var profiles) && profiles.TryGetProperty(op.Oprid, out _), "the registration reaches the player");
        var betting = fixture.Silo.WithApiKey(await PlatformHost.IssueKeyAsync(fixture.Admin, op.Oprid, "homologation", "betting-events"));
        var bet = await Betting.BettingFixture.AcceptedAsync(await Betting.BettingFixture.PostAsync(betting, Betting.BettingFixture.Example("single-new-bet", json =>
        {
            json["tax_id"] = formatted;
            json["bet_slip_id"] = "slip-" + Guid.NewGuid().ToString("N")[..12];
            json["event_date"] = _lastHour.AddMinutes(30).UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
        })));

        var profile = state.GetProperty("profiles").GetProperty(op.Oprid);
        Assert.Equal(("1990-05-17", "Curitiba"), (profile.GetProperty("birthDate").GetString(), profile.GetProperty("city").GetString()));
        Assert.True(state.GetProperty("selfExclusion").GetProperty("excluded").GetBoolean());
        Assert.Contains("self_excluded_player", bet["flags"]!.AsArray().Select(f => f!.GetValue<string>()));
    }

    [Fact]
    public async Task AFileTakenBeforeARestartIsJudgedWithTheTimeItWasTaken()
    {
        var op = await NewOperatorAsync();
        var now = fixture.Silo.Clock.GetUtcNow();
        var takenAt = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, now.Second, TimeSpan.Zero); // after the signer's certificate was made
        var name = NameOf(op, _lastHour, 1);
        var processing = Directory.CreateDirectory(Path.Combine(fixture.Sftp.Directory, "processing", op.Oprid)).FullName;

        await File.WriteAllBytesAsync(Path.Combine(processing, $"{takenAt.UtcTicks:D19}_{name}"),
            Seal(VaultFiles.File([VaultFiles.Bet(Id(), _lastHour.AddMinutes(7), VaultFiles.Cpfs[0])], op.Oprid, _lastHour, sequence: 1)));
        var receipt = await ReceiptAsync(op, name);

        Assert.True(receipt.GetProperty("verdict").GetString() == "accepted", receipt.ToString());
        Assert.Equal(takenAt, receipt.GetProperty("received_at").GetDateTimeOffset());
        Assert.Empty(Directory.GetFiles(processing));
    }

    [Fact]
    public async Task TheLoadRunnerPushesHoursConcurrentlyAndEveryOneIsAccepted()
    {
        var op = await NewOperatorAsync();
        using var signer = X509Certificate2.CreateFromPemFile(_keys.PathOf("operator.crt"), _keys.PathOf("operator.key"));
        using var vaultCertificate = X509CertificateLoader.LoadCertificateFromFile(_keys.PathOf("vault.crt"));
        var hostKey = ExternalTool.Run("ssh-keygen", "-l", "-E", "sha256", "-f", Path.Combine(fixture.Sftp.Directory, "etc", "ssh_host_ed25519_key.pub")).Split(' ')[1];
        var runner = new VaultLoadRunner(new VaultSftpTarget("127.0.0.1", fixture.Sftp.Port, op.Account, op.Key, hostKey), signer, vaultCertificate);

        var report = await runner.RunAsync(new VaultLoadOptions(op.Oprid, _lastHour.AddHours(-3), FirstSequence: 1, Hours: 3, RecordsPerHour: 300, Players: 40, Concurrency: 2), _work.FullName);

        Assert.Equal([VaultVerdict.Accepted, VaultVerdict.Accepted, VaultVerdict.Accepted], report.Files.Select(f => f.Verdict));
        Assert.Equal(report.Records, await RecordsOfAsync(op.Oprid));
        Assert.True(report.RecordsPerSecond > 0);
        Assert.Equal(3, (await fixture.Silo.Grains.Keyed<IVaultGrain>(op.Oprid).GetStatusAsync()).ChainLength);
    }

    private Task<VaultOperator> NewOperatorAsync() => NewOperatorWithCertificateAsync();

    private async Task<VaultOperator> NewOperatorWithCertificateAsync()
    {
        var op = await fixture.NewOperatorAsync(_work.FullName);
        var pem = await File.ReadAllTextAsync(_keys.PathOf("operator.crt"));
        await Expect.StatusAsync(await fixture.Admin.PutAsJsonAsync($"/admin/operators/{op.Oprid}/vault/signing-certificate", new { pem }), 200);
        return op;
    }

    private byte[] Seal(XDocument file, string signer = "operator") => Seal(Bytes(file), signer);

    private byte[] Seal(byte[] xml, string signer = "operator") => _keys.Encrypt(_keys.Sign(xml, signer));

    private static byte[] Bytes(XDocument file) => Encoding.UTF8.GetBytes(file.ToString(SaveOptions.DisableFormatting));

    /// <summary>As the format document says: upload as NAME.part, then rename.</summary>
    private void Upload(VaultOperator op, string name, byte[] file) => Upload(op, [(name, file)]);

    /// <summary>Several files in one SFTP session, each uploaded as NAME.part and then renamed.</summary>
    private void Upload(VaultOperator op, IReadOnlyList<(string Name, byte[] File)> files)
    {
        var commands = new List<string>();
        foreach (var (name, file) in files)
        {
            var local = Path.Combine(_work.FullName, Guid.NewGuid().ToString("N"));
            File.WriteAllBytes(local, file);
            commands.Add($"put {local} /incoming/{name}.part");
            commands.Add($"rename /incoming/{name}.part /incoming/{name}");
        }

        var sent = fixture.Sftp.Sftp(op.Account, op.Key, [.. commands]);
        Assert.True(sent.ExitCode == 0, sent.Errors);
    }

    /// <summary>
    /// Waits for the receipt in receipts/, fetches it with sftp (or, to spare a session, reads it
    /// where sftp would) and verifies it with openssl against the vault certificate.
    /// </summary>
    private async Task<JsonElement> ReceiptAsync(VaultOperator op, string name, bool overSftp = true)
    {
        var receipt = $"{name}{VaultReceipts.Suffix}";
        var onServer = Path.Combine(fixture.Sftp.HomeOf(op.Oprid), "receipts", receipt);
        await Eventually.HoldsAsync(() => Task.FromResult(File.Exists(onServer)), there => there, $"the receipt of {name}", TimeSpan.FromSeconds(30));
        if (!overSftp)
        {
            return OpenReceipt(await File.ReadAllBytesAsync(onServer));
        }

        var local = Path.Combine(_work.FullName, receipt);
        var fetched = fixture.Sftp.Sftp(op.Account, op.Key, $"get /receipts/{receipt} {local}");
        Assert.True(fetched.ExitCode == 0, fetched.Errors);
        return OpenReceipt(await File.ReadAllBytesAsync(local));
    }

    /// <summary>openssl cms -verify against the vault certificate, as an operator would; the receipt's JSON.</summary>
    private JsonElement OpenReceipt(byte[] receipt)
    {
        var local = Path.Combine(_work.FullName, Guid.NewGuid().ToString("N"));
        File.WriteAllBytes(local, receipt);
        ExternalTool.Run("openssl", "cms", "-verify", "-binary", "-inform", "DER", "-in", local, "-CAfile", _keys.PathOf("vault.crt"), "-out", local + ".json");
        return JsonDocument.Parse(File.ReadAllBytes(local + ".json")).RootElement.Clone();
    }

    private async Task<long> RecordsOfAsync(string oprid)
    {
        await using var command = DataSource.CreateCommand("select count(*) from vault_records where oprid = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = oprid });
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private Task<List<string>> VaultEventsAsync(string oprid) =>
        StringsAsync("select event_type from stream_events where stream_namespace = 'vault' and stream_key = $1 order by id", oprid);

    private Task<List<string>> SecurityCodesAsync(string oprid) => StringsAsync("select code from security_events where oprid = $1", oprid);

    /// <summary>The first column of what <paramref name="sql"/> finds for an operator, as text.</summary>
    private async Task<List<string>> StringsAsync(string sql, string oprid)
    {
        await using var command = DataSource.CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter { Value = oprid });
        var values = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }

    private static string NameOf(VaultOperator op, DateTimeOffset hour, long sequence) => $"{op.Oprid}_{hour.UtcDateTime:yyyyMMddHH}_{sequence:D8}_001-001.xml.p7m";

    private static string Id() => "R-" + Guid.NewGuid().ToString("N")[..20];

    private static DateTimeOffset LastHourBefore(DateTimeOffset now) => new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero).AddHours(now.UtcDateTime.Hour - 1);
}
