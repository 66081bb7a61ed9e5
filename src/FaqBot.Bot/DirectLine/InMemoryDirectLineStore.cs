using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace FaqBot.Bot.DirectLine;

/// <summary>
/// The local Direct Line's conversations in this process. Bounded: at most <see cref="DirectLineOptions.MaxConversations"/>
/// conversations of at most <see cref="DirectLineOptions.MaxActivitiesPerConversation"/> activities; idle ones and
/// expired tokens are swept out. Tokens are held by their hash only.
/// </summary>
internal sealed class InMemoryDirectLineStore(IOptions<DirectLineOptions> options, TimeProvider time) : IDirectLineStore
{
    private readonly DirectLineOptions _options = options.Value;
    private readonly ConcurrentDictionary<string, DirectLineGrant> _tokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Conversation> _conversations = new(StringComparer.Ordinal);
    private readonly Lock _sweepLock = new();
    private DateTimeOffset _nextSweep;

    public Task<bool> CreateAsync(string token, DirectLineGrant grant, CancellationToken cancellationToken)
    {
        SweepWhenDue(force: _conversations.Count >= _options.MaxConversations);
        if (_conversations.Count >= _options.MaxConversations || !_conversations.TryAdd(grant.ConversationId, new Conversation(time.GetUtcNow())))
        {
            return Task.FromResult(false);
        }

        _tokens[DirectLineToken.Hash(token)] = grant;
        return Task.FromResult(true);
    }

    public Task<DirectLineGrant?> FindAsync(string token, CancellationToken cancellationToken) =>
        Task.FromResult(_tokens.TryGetValue(DirectLineToken.Hash(token), out var grant) && grant.Expires > time.GetUtcNow()
            && _conversations.ContainsKey(grant.ConversationId)
            ? grant
            : null);

    public Task<bool> AddTokenAsync(string token, DirectLineGrant grant, CancellationToken cancellationToken)
    {
        if (!_conversations.ContainsKey(grant.ConversationId))
        {
            return Task.FromResult(false);
        }

        _tokens[DirectLineToken.Hash(token)] = grant;
        return Task.FromResult(true);
    }

    public Task<bool> MarkStartedAsync(string conversationId, CancellationToken cancellationToken) =>
        Task.FromResult(_conversations.TryGetValue(conversationId, out var conversation) && conversation.MarkStarted());

    public Task<long> NextSequenceAsync(string conversationId, int count, CancellationToken cancellationToken) =>
        Task.FromResult(_conversations.TryGetValue(conversationId, out var conversation) ? conversation.Reserve(count) : 0L);

    public Task<bool> AppendAsync(string conversationId, IReadOnlyList<string> activities, CancellationToken cancellationToken) =>
        Task.FromResult(_conversations.TryGetValue(conversationId, out var conversation)
            && conversation.Append(activities, _options.MaxActivitiesPerConversation, time.GetUtcNow()));

    public Task<(IReadOnlyList<string> Activities, int Watermark)> ReadAsync(string conversationId, int watermark, CancellationToken cancellationToken) =>
        Task.FromResult(_conversations.TryGetValue(conversationId, out var conversation)
            ? conversation.Read(watermark)
            : ((IReadOnlyList<string>)[], watermark));

    private void SweepWhenDue(bool force)
    {
        var now = time.GetUtcNow();
        lock (_sweepLock)
        {
            if (!force && now < _nextSweep)
            {
                return;
            }

            _nextSweep = now + TimeSpan.FromMinutes(1);
        }

        foreach (var (id, conversation) in _conversations)
        {
            if (conversation.LastActive + _options.ConversationLifetime < now)
            {
                _conversations.TryRemove(id, out _);
            }
        }

        foreach (var (hash, grant) in _tokens)
        {
            if (grant.Expires <= now || !_conversations.ContainsKey(grant.ConversationId))
            {
                _tokens.TryRemove(hash, out _);
            }
        }
    }

    private sealed class Conversation(DateTimeOffset created)
    {
        private readonly Lock _lock = new();
        private readonly List<string> _activities = [];
        private long _sequence;
        private bool _started;

        public DateTimeOffset LastActive { get; private set; } = created;

        public bool MarkStarted()
        {
            lock (_lock)
            {
                var first = !_started;
                _started = true;
                return first;
            }
        }

        public long Reserve(int count)
        {
            lock (_lock)
            {
                var first = _sequence + 1;
                _sequence += count;
                return first;
            }
        }

        public bool Append(IReadOnlyList<string> activities, int limit, DateTimeOffset now)
        {
            lock (_lock)
            {
                if (_activities.Count + activities.Count > limit)
                {
                    return false;
                }

                _activities.AddRange(activities);
                LastActive = now;
                return true;
            }
        }

        public (IReadOnlyList<string>, int) Read(int watermark)
        {
            lock (_lock)
            {
                var from = Math.Clamp(watermark, 0, _activities.Count);
                return (_activities[from..], _activities.Count);
            }
        }
    }
}
