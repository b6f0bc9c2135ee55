using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("Lottopar.Runtime.Tests")]
[assembly: InternalsVisibleTo("Lottopar.Benchmarks")]
