namespace Lottopar.Providers.Abstractions;

/// <summary>
/// Marks an exception a grain throws to refuse a request <em>before</em> it changes anything (a
/// validation failure, a conflict with its current state, something not found). The activation
/// keeps serving after a refusal. A call that fails with any other exception drops its activation
/// (the failed-call guard), so that changes the call made in memory and never stored are
/// forgotten: the next call reloads the stored state.
/// </summary>
public interface IGrainRefusal;
