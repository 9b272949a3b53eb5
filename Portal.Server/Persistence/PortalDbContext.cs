using System.Text.Json;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Portal.Shared.Deployments;

namespace Portal.Server.Persistence;

/// <summary>
/// The portal's database: audit trail, API tokens, remembered role choices, sign-in sessions, the cost cache and
/// the data protection keys that encrypt those sessions. The model is
/// written once here; <see cref="SqlitePortalDbContext"/> and <see cref="PostgresPortalDbContext"/>
/// only adapt it to their provider and each carry their own migrations.
/// </summary>
public abstract class PortalDbContext : DbContext, IDataProtectionKeyContext
{
    public const int ActorLength = 256;
    public const int ActionLength = 64;
    public const int EnvironmentLength = 64;
    public const int TargetLength = 512;
    public const int RemoteAddressLength = 64;
    public const int TokenNameLength = 100;
    public const int UserNameLength = 256;
    public const int RoleNameLength = 128;
    public const int SessionKeyLength = 64;
    public const int ServiceNameLength = 255;
    public const int ArnLength = 1024;
    public const int AccountIdLength = 32;
    public const int CostKeyLength = 256;
    public const int CurrencyLength = 8;
    public const int CostErrorLength = 2000;
    public const int ServiceDeploymentReasonLength = 1024;
    public const int SourceRevisionsLength = 4 * ArnLength;

    /// <summary>A commit's subject and a good part of its body: the deploy dialog shows it.</summary>
    public const int BuildMessageLength = 4000;

    public const int IdempotencyKeyLength = 128;

    /// <summary>Up to a couple of hundred paths, one per line.</summary>
    public const int ChangedFilesLength = 16000;

    /// <summary>A chat request's signature: "v0=" and 64 hexadecimal digits.</summary>
    public const int ChatSignatureLength = 80;

    public const int SharedTopicLength = 64;
    public const int SharedKeyLength = 256;

    /// <summary>A deploy request's fingerprint: two revision ARNs and the names around them.</summary>
    public const int FingerprintLength = 3 * ArnLength;

    protected PortalDbContext(DbContextOptions options)
        : base(options)
    {
    }

    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();

    public DbSet<RoleChoice> RoleChoices => Set<RoleChoice>();

    public DbSet<SignInSession> SignInSessions => Set<SignInSession>();

    public DbSet<Deployment> Deployments => Set<Deployment>();

    public DbSet<AnnouncedBuild> AnnouncedBuilds => Set<AnnouncedBuild>();

    public DbSet<ServiceLock> ServiceLocks => Set<ServiceLock>();

    public DbSet<AutoDeploySetting> AutoDeploySettings => Set<AutoDeploySetting>();

    public DbSet<ArchivedServiceEvent> ArchivedServiceEvents => Set<ArchivedServiceEvent>();

    public DbSet<ArchivedAlarmChange> ArchivedAlarmChanges => Set<ArchivedAlarmChange>();

    public DbSet<ArchivedStoppedTask> ArchivedStoppedTasks => Set<ArchivedStoppedTask>();

    public DbSet<ArchivedServiceDeployment> ArchivedServiceDeployments => Set<ArchivedServiceDeployment>();

    public DbSet<Triage.TriageAcknowledgement> TriageAcknowledgements => Set<Triage.TriageAcknowledgement>();

    public DbSet<CostEntry> CostEntries => Set<CostEntry>();

    public DbSet<CostRefreshRecord> CostRefreshes => Set<CostRefreshRecord>();

    public DbSet<Fleet.KnownTaskDefinition> KnownTaskDefinitions => Set<Fleet.KnownTaskDefinition>();

    /// <summary>What the instances hand each other (Instances/InstanceChannel); unused with one instance.</summary>
    public DbSet<SharedState> SharedStates => Set<SharedState>();

    /// <summary>Signatures of chat requests already acted on, so a replayed request is refused on every instance.</summary>
    public DbSet<Chat.SeenChatRequest> SeenChatRequests => Set<Chat.SeenChatRequest>();

    /// <summary>Kept in the database so every instance, and every restart, can read the sessions the others wrote.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);

        modelBuilder.Entity<AuditEntry>(audit =>
        {
            audit.HasKey(e => e.Id);
            audit.Property(e => e.Actor).HasMaxLength(ActorLength);
            audit.Property(e => e.Action).HasMaxLength(ActionLength);
            audit.Property(e => e.Environment).HasMaxLength(EnvironmentLength);
            audit.Property(e => e.Target).HasMaxLength(TargetLength);
            audit.Property(e => e.RemoteAddress).HasMaxLength(RemoteAddressLength);
            audit.HasIndex(e => e.At);
            audit.HasIndex(e => new { e.Actor, e.At });
        });

        modelBuilder.Entity<ApiToken>(token =>
        {
            token.HasKey(t => t.Id);
            token.Property(t => t.Id).ValueGeneratedNever();
            token.Property(t => t.Name).HasMaxLength(TokenNameLength);
            token.Property(t => t.SecretHash).HasMaxLength(64);
            token.Property(t => t.Scopes).HasConversion(new TokenScopesConverter(), new TokenScopesComparer());
            token.Property(t => t.CreatedBy).HasMaxLength(ActorLength);
            token.HasIndex(t => t.Name).IsUnique();
            token.HasIndex(t => t.SecretHash).IsUnique();
        });

        modelBuilder.Entity<RoleChoice>(choice =>
        {
            choice.HasKey(c => new { c.UserName, c.Environment });
            choice.Property(c => c.UserName).HasMaxLength(UserNameLength);
            choice.Property(c => c.Environment).HasMaxLength(EnvironmentLength);
            choice.Property(c => c.RoleName).HasMaxLength(RoleNameLength);
        });

        modelBuilder.Entity<SignInSession>(session =>
        {
            session.HasKey(s => s.Key);
            session.Property(s => s.Key).HasMaxLength(SessionKeyLength);
            session.Property(s => s.UserName).HasMaxLength(UserNameLength);
            session.HasIndex(s => s.ExpiresAt);
            session.HasIndex(s => s.UserName);
        });

        modelBuilder.Entity<Deployment>(deployment =>
        {
            deployment.HasKey(d => d.Id);
            deployment.Property(d => d.Id).ValueGeneratedNever();
            deployment.Property(d => d.Kind).HasMaxLength(16);
            deployment.Property(d => d.Source).HasMaxLength(16);
            deployment.Property(d => d.Actor).HasMaxLength(ActorLength);
            deployment.Property(d => d.Environment).HasMaxLength(EnvironmentLength);
            deployment.Property(d => d.Cluster).HasMaxLength(ServiceNameLength);
            deployment.Property(d => d.Service).HasMaxLength(ServiceNameLength);
            deployment.Property(d => d.IdempotencyKey).HasMaxLength(IdempotencyKeyLength);
            deployment.Property(d => d.RequestFingerprint).HasMaxLength(FingerprintLength);
            deployment.Property(d => d.FromTaskDefinition).HasMaxLength(ArnLength);
            deployment.Property(d => d.ToTaskDefinition).HasMaxLength(ArnLength);
            deployment.Property(d => d.Image).HasMaxLength(ArnLength);
            deployment.Property(d => d.BuildCommit).HasMaxLength(64);
            deployment.Property(d => d.Reason).HasMaxLength(TargetLength);
            deployment.Property(d => d.Status).HasConversion<string>().HasMaxLength(16);
            deployment.Property(d => d.Outcome).HasMaxLength(1024);
            deployment.Property(d => d.EcsDeploymentId).HasMaxLength(128);
            deployment.Property(d => d.Version).IsConcurrencyToken();
            // A key belongs to its caller; expired keys are null, and nulls never collide.
            deployment.HasIndex(d => new { d.Actor, d.IdempotencyKey }).IsUnique();
            deployment.HasIndex(d => new { d.Environment, d.Cluster, d.Service, d.RequestedAt });
            deployment.HasIndex(d => d.Status);
        });

        modelBuilder.Entity<Chat.SeenChatRequest>(seen =>
        {
            seen.HasKey(r => r.Signature);
            seen.Property(r => r.Signature).HasMaxLength(ChatSignatureLength);
            seen.HasIndex(r => r.SeenAt);
        });

        modelBuilder.Entity<AnnouncedBuild>(build =>
        {
            build.HasKey(b => b.Id);
            build.Property(b => b.Id).ValueGeneratedNever();
            build.Property(b => b.Service).HasMaxLength(ServiceNameLength);
            build.Property(b => b.Image).HasMaxLength(ArnLength);
            build.Property(b => b.CommitSha).HasMaxLength(64);
            build.Property(b => b.Message).HasMaxLength(BuildMessageLength);
            build.Property(b => b.Author).HasMaxLength(UserNameLength);
            build.Property(b => b.Link).HasMaxLength(ArnLength);
            build.Property(b => b.AnnouncedBy).HasMaxLength(ActorLength);
            build.Property(b => b.ChangedFiles).HasMaxLength(ChangedFilesLength);
            build.HasIndex(b => new { b.Service, b.Image }).IsUnique();
            build.HasIndex(b => new { b.Service, b.AnnouncedAt });
        });

        modelBuilder.Entity<ArchivedServiceEvent>(archived =>
        {
            archived.HasKey(e => e.Id);
            archived.Property(e => e.Environment).HasMaxLength(EnvironmentLength);
            archived.Property(e => e.Cluster).HasMaxLength(ServiceNameLength);
            archived.Property(e => e.Service).HasMaxLength(ServiceNameLength);
            archived.Property(e => e.EventId).HasMaxLength(128);
            archived.Property(e => e.Message).HasMaxLength(4000);
            archived.Property(e => e.Class).HasMaxLength(32);
            archived.HasIndex(e => new { e.Environment, e.Cluster, e.Service, e.EventId }).IsUnique();
            archived.HasIndex(e => new { e.Environment, e.Service, e.CreatedAt });
            archived.HasIndex(e => e.CreatedAt);
        });

        modelBuilder.Entity<ArchivedStoppedTask>(task =>
        {
            task.HasKey(t => t.Id);
            task.Property(t => t.Environment).HasMaxLength(EnvironmentLength);
            task.Property(t => t.Cluster).HasMaxLength(ServiceNameLength);
            task.Property(t => t.Service).HasMaxLength(ServiceNameLength);
            task.Property(t => t.TaskArn).HasMaxLength(512);
            task.Property(t => t.TaskDefinitionArn).HasMaxLength(512);
            task.Property(t => t.LaunchType).HasMaxLength(32);
            task.Property(t => t.AvailabilityZone).HasMaxLength(64);
            task.Property(t => t.HealthStatus).HasMaxLength(32);
            task.Property(t => t.StopCode).HasMaxLength(64);
            task.Property(t => t.StoppedReason).HasMaxLength(1024);
            task.Property(t => t.Summary).HasMaxLength(1100);
            task.Property(t => t.Containers).HasMaxLength(8000);
            task.HasIndex(t => new { t.Environment, t.TaskArn }).IsUnique();
            task.HasIndex(t => new { t.Environment, t.Service, t.StoppedAt });
            task.HasIndex(t => t.StoppedAt);
        });

        modelBuilder.Entity<ArchivedAlarmChange>(change =>
        {
            change.HasKey(c => c.Id);
            change.Property(c => c.Environment).HasMaxLength(EnvironmentLength);
            change.Property(c => c.Cluster).HasMaxLength(ServiceNameLength);
            change.Property(c => c.Service).HasMaxLength(ServiceNameLength);
            change.Property(c => c.AlarmName).HasMaxLength(ServiceNameLength);
            change.Property(c => c.State).HasMaxLength(32);
            change.Property(c => c.Severity).HasMaxLength(16);
            change.Property(c => c.MetricName).HasMaxLength(ServiceNameLength);
            change.Property(c => c.Reason).HasMaxLength(History.AlarmChangeArchive.ReasonLength);
            change.HasIndex(c => new { c.Environment, c.AlarmName, c.ChangedAt }).IsUnique();
            change.HasIndex(c => new { c.Environment, c.Service, c.ChangedAt });
            change.HasIndex(c => c.ChangedAt);
        });

        modelBuilder.Entity<ArchivedServiceDeployment>(archived =>
        {
            archived.HasKey(d => d.Id);
            archived.Property(d => d.Environment).HasMaxLength(EnvironmentLength);
            archived.Property(d => d.Cluster).HasMaxLength(ServiceNameLength);
            archived.Property(d => d.Service).HasMaxLength(ServiceNameLength);
            archived.Property(d => d.ServiceDeploymentArn).HasMaxLength(ArnLength);
            archived.Property(d => d.EcsDeploymentId).HasMaxLength(128);
            archived.Property(d => d.Status).HasMaxLength(32);
            archived.Property(d => d.StatusReason).HasMaxLength(ServiceDeploymentReasonLength);
            archived.Property(d => d.TargetServiceRevisionArn).HasMaxLength(ArnLength);
            archived.Property(d => d.SourceServiceRevisionArns).HasMaxLength(SourceRevisionsLength);
            archived.Property(d => d.TargetTaskDefinition).HasMaxLength(ArnLength);
            archived.Property(d => d.RollbackReason).HasMaxLength(ServiceDeploymentReasonLength);
            archived.Property(d => d.RollbackServiceRevisionArn).HasMaxLength(ArnLength);
            archived.HasIndex(d => new { d.Environment, d.ServiceDeploymentArn }).IsUnique();

            // The timeline pages those made outside the portal (no ledger deployment) newest first within
            // one environment, or one service of it; the archive reads one service's rows by the second.
            // Named here, as PostgreSQL cuts names past 63 characters.
            archived.HasIndex(d => new { d.Environment, d.LedgerDeploymentId, d.CreatedAt }).HasDatabaseName("IX_ServiceDeployments_Environment_Ledger_CreatedAt");
            archived.HasIndex(d => new { d.Environment, d.Service, d.LedgerDeploymentId, d.CreatedAt }).HasDatabaseName("IX_ServiceDeployments_Environment_Service_Ledger_CreatedAt");
        });

        modelBuilder.Entity<Fleet.KnownTaskDefinition>(known =>
        {
            known.HasKey(t => t.Arn);
            known.Property(t => t.Arn).HasMaxLength(ArnLength);
        });

        modelBuilder.Entity<Triage.TriageAcknowledgement>(acknowledgement =>
        {
            acknowledgement.HasKey(a => new { a.Environment, a.Cluster, a.Service });
            acknowledgement.Property(a => a.Environment).HasMaxLength(EnvironmentLength);
            acknowledgement.Property(a => a.Cluster).HasMaxLength(ServiceNameLength);
            acknowledgement.Property(a => a.Service).HasMaxLength(ServiceNameLength);
            acknowledgement.Property(a => a.By).HasMaxLength(ActorLength);
            acknowledgement.Property(a => a.Note).HasMaxLength(Triage.TriageAcknowledgements.NoteLength);
        });

        modelBuilder.Entity<AutoDeploySetting>(setting =>
        {
            setting.HasKey(a => new { a.Environment, a.Service });
            setting.Property(a => a.Environment).HasMaxLength(EnvironmentLength);
            setting.Property(a => a.Service).HasMaxLength(ServiceNameLength);
            setting.Property(a => a.EnabledBy).HasMaxLength(ActorLength);
            setting.Property(a => a.Reason).HasMaxLength(TargetLength);
        });

        modelBuilder.Entity<ServiceLock>(serviceLock =>
        {
            serviceLock.HasKey(l => l.Key);
            serviceLock.Property(l => l.Key).HasMaxLength(EnvironmentLength + (2 * ServiceNameLength) + 2);
            serviceLock.Property(l => l.Holder).HasMaxLength(ActorLength);
        });

        modelBuilder.Entity<SharedState>(state =>
        {
            state.HasKey(s => new { s.Topic, s.Key });
            state.Property(s => s.Topic).HasMaxLength(SharedTopicLength);
            state.Property(s => s.Key).HasMaxLength(SharedKeyLength);
            state.Property(s => s.Sender).HasMaxLength(SharedTopicLength);
        });

        modelBuilder.Entity<CostEntry>(cost =>
        {
            cost.ToTable("CostEntries");
            cost.HasKey(c => c.Id);
            cost.Property(c => c.Series).HasConversion<string>().HasMaxLength(32);
            cost.Property(c => c.AccountId).HasMaxLength(AccountIdLength);
            cost.Property(c => c.Key).HasMaxLength(CostKeyLength);

            // Cost Explorer reports up to ten decimal places; money is never stored as floating point.
            cost.Property(c => c.Amount).HasPrecision(28, 10);
            cost.Property(c => c.Currency).HasMaxLength(CurrencyLength);
            cost.HasIndex(c => new { c.Series, c.PeriodStart });
        });

        modelBuilder.Entity<CostRefreshRecord>(refresh =>
        {
            refresh.ToTable("CostRefreshes");
            refresh.HasKey(r => r.Id);
            refresh.Property(r => r.Trigger).HasMaxLength(ActorLength);
            refresh.Property(r => r.Error).HasMaxLength(CostErrorLength);
            refresh.HasIndex(r => r.StartedAt);
        });
    }

    /// <summary>Scopes are one JSON text column: they are read with the token, never queried into.</summary>
    private sealed class TokenScopesConverter() : ValueConverter<TokenScopes, string>(
        scopes => ToJson(scopes),
        json => FromJson(json))
    {
        private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

        private static string ToJson(TokenScopes scopes) =>
            JsonSerializer.Serialize(new ScopesDocument([.. scopes.Environments], [.. scopes.Services], [.. scopes.Actions]), JsonOptions);

        private static TokenScopes FromJson(string json)
        {
            var document = JsonSerializer.Deserialize<ScopesDocument>(json, JsonOptions);
            return new TokenScopes(document?.Environments ?? [], document?.Services ?? [], document?.Actions ?? []);
        }
    }

    private sealed class TokenScopesComparer() : ValueComparer<TokenScopes>(
        (left, right) => object.Equals(left, right),
        scopes => scopes.GetHashCode(),
        scopes => scopes);

    private sealed record ScopesDocument(string[]? Environments, string[]? Services, string[]? Actions);
}
