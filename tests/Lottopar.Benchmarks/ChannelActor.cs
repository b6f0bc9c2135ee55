using System.Threading.Channels;

namespace Lottopar.Benchmarks;

/// <summary>
/// The baseline: a hand-written actor doing the same work as <see cref="EchoGrain"/> with the
/// least machinery that is still a correct actor (a channel mailbox, one message at a time,
/// continuations off the actor's loop).
/// </summary>
public sealed class ChannelActor
{
    private readonly Channel<(int Value, TaskCompletionSource<int> Reply)> _mailbox =
        Channel.CreateUnbounded<(int, TaskCompletionSource<int>)>(new UnboundedChannelOptions { SingleReader = true });

    private int _total;

    public ChannelActor() => _ = Task.Run(RunAsync);

    public Task<int> AddAsync(int value)
    {
        var reply = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        _mailbox.Writer.TryWrite((value, reply));
        return reply.Task;
    }

    private async Task RunAsync()
    {
        while (await _mailbox.Reader.WaitToReadAsync())
        {
            while (_mailbox.Reader.TryRead(out var message))
            {
                message.Reply.TrySetResult(_total += message.Value);
            }
        }
    }
}
