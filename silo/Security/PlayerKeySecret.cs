using System.Security.Cryptography;
using Lottopar.GrainInterfaces.Betting;

namespace Lottopar.Silo.Security;

/// <summary>
/// The secret player grain keys are made with (<see cref="PlayerGrainKeys"/>): the setting
/// <c>Lottopar:PlayerKeySecret</c> (base64, at least 32 bytes), which every silo of a deployment
/// must share; without it, a random one kept in {DataDirectory}/keys/player-key.secret (created
/// once, readable by this user only), apart from the database like the data-protection keys.
/// </summary>
public static class PlayerKeySecret
{
    public const string Setting = "Lottopar:PlayerKeySecret";

    public static PlayerGrainKeys Load(IConfiguration configuration, string dataDirectory)
    {
        if (configuration[Setting] is { Length: > 0 } configured)
        {
            return new PlayerGrainKeys(Convert.FromBase64String(configured));
        }

        var directory = Path.Combine(dataDirectory, "keys");
        var path = Path.Combine(directory, "player-key.secret");
        Directory.CreateDirectory(directory);
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            using var file = new FileStream(path, options);
            using var writer = new StreamWriter(file);
            writer.Write(Convert.ToBase64String(RandomNumberGenerator.GetBytes(PlayerGrainKeys.MinimumSecretBytes)));
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process of this deployment created it first: use theirs.
        }

        return new PlayerGrainKeys(Convert.FromBase64String(File.ReadAllText(path).Trim()));
    }
}
