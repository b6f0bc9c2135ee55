using System.Text.Json.Nodes;

namespace Lottopar.Client.Vault;

/// <summary>A generated record as JSON (see <see cref="VaultRecordXml"/>), with what ordering and totals need.</summary>
public sealed record VaultGeneratedRecord(JsonObject Json, string Type, DateTimeOffset At, long Amount);
