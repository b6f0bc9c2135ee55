using System.Security.Cryptography;
using Lottopar.GrainInterfaces.Common;

namespace Lottopar.Silo.Security;

/// <summary>
/// The secret the keys of personal-data grains are made with (<see cref="PersonalGrainKeys"/>):
/// the setting <c>Lottopar:GrainKeySecret</c> (base64, at least 32 bytes), which every silo of a
/// deployment must share; without it, a random one kept in {DataDirectory}/keys/grain-key.secret
/// (created once, readable by this user only), apart from the database like the data-protection keys.
/// </summary>
public static class GrainKeySecret
{
    public const string Setting = "Lottopar:GrainKeySecret";

    public static PersonalGrainKeys Load(IConfiguration configuration, string dataDirectory)
    {
        if (configuration[Setting] is { Length: > 0 } configured)
        {
            return new PersonalGrainKeys(Convert.FromBase64String(configured));
        }

        var directory = Path.Combine(dataDirectory, "keys");
        var path = Path.Combine(directory, "grain-key.secret");
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
            writer.Write(Convert.ToBase64String(RandomNumberGenerator.GetBytes(PersonalGrainKeys.MinimumSecretBytes)));
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process of this deployment created it first: use theirs.
        }

        return new PersonalGrainKeys(Convert.FromBase64String(File.ReadAllText(path).Trim()));
    }
}
