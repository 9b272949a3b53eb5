using Portal.Shared.Access;

namespace Portal.Client.Tests.Support;

/// <summary>
/// Admin › API tokens for component tests: tokens held in memory, every call first asking the test's
/// <see cref="IPortalAccess"/> as the server does, so a page that skips the check still meets it. The
/// input rules are the server's to test; here a test sets <see cref="NextProblem"/> to see one shown.
/// </summary>
public sealed class InMemoryApiTokenAdministration(Func<IPortalAccess> access, TimeProvider time) : IApiTokenAdministration
{
    private readonly List<ApiTokenSummary> _tokens = [];
    private int _secrets;

    public IReadOnlyList<ApiTokenSummary> Tokens => _tokens;

    public List<ApiTokenRequest> Requests { get; } = [];

    public int Lists { get; private set; }

    /// <summary>The problem the next creation answers with, instead of creating.</summary>
    public string? NextProblem { get; set; }

    public ApiTokenSummary Add(
        string name, ApiTokenStatus state = ApiTokenStatus.Active, DateTimeOffset? lastUsedAt = null, IReadOnlyList<string>? environments = null)
    {
        var now = time.GetUtcNow();
        var token = new ApiTokenSummary(
            Guid.NewGuid(),
            name,
            environments ?? ["dev"],
            ["*"],
            ["deploy"],
            "alice",
            now.AddDays(-10),
            state == ApiTokenStatus.Expired ? now.AddDays(-1) : now.AddDays(80),
            lastUsedAt,
            state == ApiTokenStatus.Revoked ? now.AddDays(-2) : null,
            state);
        _tokens.Add(token);
        return token;
    }

    public async Task<ApiTokenList> ListAsync(CancellationToken cancellationToken = default)
    {
        Lists++;
        return await RefusalAsync() is { } refusal ? ApiTokenList.Refused(refusal) : ApiTokenList.Of([.. _tokens.OrderBy(t => t.Name, StringComparer.Ordinal)]);
    }

    public async Task<ApiTokenCreation> CreateAsync(ApiTokenRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (await RefusalAsync() is { } refusal)
        {
            return ApiTokenCreation.Refused(refusal);
        }

        Requests.Add(request);
        if (NextProblem is { } problem)
        {
            NextProblem = null;
            return ApiTokenCreation.Refused(problem);
        }

        var now = time.GetUtcNow();
        var token = new ApiTokenSummary(
            Guid.NewGuid(), request.Name, request.Environments, request.Services, request.Actions, "alice", now, request.ExpiresAt, null, null, ApiTokenStatus.Active);
        _tokens.Add(token);
        return ApiTokenCreation.Of(token, $"ptk_test-secret-{++_secrets}");
    }

    public async Task<ApiTokenRevocation> RevokeAsync(Guid id, CancellationToken cancellationToken = default)
    {
        if (await RefusalAsync() is { } refusal)
        {
            return ApiTokenRevocation.NotDone(refusal);
        }

        var index = _tokens.FindIndex(t => t.Id == id);
        if (index < 0 || _tokens[index].State == ApiTokenStatus.Revoked)
        {
            return ApiTokenRevocation.NotDone("That token was already revoked.");
        }

        _tokens[index] = _tokens[index] with { State = ApiTokenStatus.Revoked, RevokedAt = time.GetUtcNow() };
        return ApiTokenRevocation.Done($"Revoked API token '{_tokens[index].Name}'.");
    }

    private async Task<string?> RefusalAsync()
    {
        var decision = await access().AuthorizeAsync(PortalAction.ManageTokens, RoleCapabilities.PortalWide, service: null, serviceTags: null);
        return decision.Allowed ? null : decision.Reason ?? "You hold no role in ops.";
    }
}
