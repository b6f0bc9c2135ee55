namespace Lottopar.Runtime;

/// <summary>Marker for every grain interface.</summary>
public interface IGrain;

/// <summary>A grain addressed by a string key (a CPF, an OPRID, "provider/slip"...).</summary>
public interface IGrainWithStringKey : IGrain;
