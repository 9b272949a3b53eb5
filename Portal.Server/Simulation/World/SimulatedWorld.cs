using System.Globalization;
using System.Text.Json.Nodes;
using Portal.Server.Cloud.Ecs;
using Portal.Server.Simulation.Seed;

namespace Portal.Server.Simulation.World;

/// <summary>
/// The in-process AWS organization: accounts, clusters, services, task definitions, alarms and
/// CI builds, moved forward in one-second ticks by <see cref="AdvanceTo"/>. Every read and write
/// holds <see cref="Gate"/>, so callers see one consistent moment of the world.
/// </summary>
internal sealed class SimulatedWorld
{
    /// <summary>The world begins this long before the clock's start and is fast-forwarded, so its history looks lived in.</summary>
    public static readonly TimeSpan WarmUp = TimeSpan.FromMinutes(30);

    private static readonly TimeSpan Tick = TimeSpan.FromSeconds(1);

    private readonly ServiceStepper _stepper;
    private readonly List<(DateTimeOffset At, Action Action)> _schedule = [];

    public SimulatedWorld(OrganizationSeedSet seed, DateTimeOffset start, SimulationOptions options)
    {
        Seed = seed;
        Speed = options.Speed;
        AlarmEvaluationPeriods = options.AlarmEvaluationPeriods;
        Random = new WorldRandom(options.RandomSeed);
        _stepper = new ServiceStepper(Random, SimulationTimings.AtSpeed(options.Speed));
        Start = new DateTimeOffset(start.UtcTicks - (start.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
        Now = Start - WarmUp;
        Day = new SimulatedDay(Start, seed.Organization.StartsAtHour, options.RandomSeed);
        Iam = new SimulatedIam(seed.Identity.Roles);
        WorldBuilder.Build(this, seed);
        AdvanceTo(Start);
    }

    public object Gate { get; } = new();

    /// <summary>How many times faster than real time tasks move and scripted CI deploys arrive.</summary>
    public double Speed { get; }

    /// <summary>How many one-minute datapoints each alarm evaluates.</summary>
    public int AlarmEvaluationPeriods { get; }

    public OrganizationSeedSet Seed { get; }

    public WorldRandom Random { get; }

    public SimulatedIam Iam { get; }

    /// <summary>The day the world's load follows, on the simulated clock from <see cref="Start"/>.</summary>
    public SimulatedDay Day { get; }

    /// <summary>The moment the world was created for (its history lies before it).</summary>
    public DateTimeOffset Start { get; }

    /// <summary>The world's current moment: the last tick it has advanced to.</summary>
    public DateTimeOffset Now { get; private set; }

    public List<SimAccount> Accounts { get; } = [];

    public List<SimBuild> Builds { get; } = [];

    public IEnumerable<SimService> Services => Accounts.SelectMany(a => a.Clusters).SelectMany(c => c.Services);

    /// <summary>Moves the world forward tick by tick up to <paramref name="moment"/>.</summary>
    public void AdvanceTo(DateTimeOffset moment)
    {
        lock (Gate)
        {
            while (Now + Tick <= moment)
            {
                Now += Tick;
                RunTick();
            }
        }
    }

    public SimAccount? FindAccount(string accountId) => Accounts.FirstOrDefault(a => a.AccountId == accountId);

    /// <summary>Registers the next revision of the definition's family, as it is given (the caller checked ECS's rules).</summary>
    public SimTaskDefinition RegisterTaskDefinition(SimAccount account, JsonObject definition, IReadOnlyList<EcsTag> tags, string registeredBy,
        DateTimeOffset at, bool faulty = false, double cpuFactor = 1)
    {
        var family = definition["family"]!.GetValue<string>();
        if (!account.TaskDefinitions.TryGetValue(family, out var revisions))
        {
            revisions = [];
            account.TaskDefinitions[family] = revisions;
        }

        var revision = revisions.Count + 1;
        var taskDefinition = new SimTaskDefinition
        {
            Arn = account.Arn(string.Create(CultureInfo.InvariantCulture, $"task-definition/{family}:{revision}")),
            Family = family,
            Revision = revision,
            Definition = definition,
            Tags = tags,
            Compatibilities = TaskDefinitionRules.CompatibilitiesOf(definition),
            RegisteredBy = registeredBy,
            RegisteredAt = at,
            Faulty = faulty,
            CpuFactor = cpuFactor,
        };
        revisions.Add(taskDefinition);
        return taskDefinition;
    }

    /// <summary>Starts a rolling deployment of the task definition, as UpdateService does.</summary>
    public SimDeployment StartDeployment(SimService service, SimTaskDefinition taskDefinition, DateTimeOffset at) =>
        _stepper.StartDeployment(service, taskDefinition, at);

    /// <summary>Runs an action (a CI deploy, a scripted scenario) on the tick that reaches <paramref name="at"/>.</summary>
    public void Schedule(DateTimeOffset at, Action action) => _schedule.Add((at, action));

    /// <summary>What CI does for a build: register a revision with the build's image, then update the service.</summary>
    public SimDeployment DeployBuild(SimService service, SimBuild build)
    {
        var current = service.Primary.TaskDefinition;
        var definition = current.Definition.DeepClone().AsObject();
        var own = (definition["containerDefinitions"] as JsonArray ?? []).OfType<JsonObject>()
            .First(c => c["name"]?.GetValue<string>() == current.Family);
        own["image"] = build.Image;
        var taskDefinition = RegisterTaskDefinition(service.Account, definition, current.Tags, CiPrincipal(service.Account), Now, build.Seed.Faulty, build.Seed.CpuFactor);
        return StartDeployment(service, taskDefinition, Now);
    }

    /// <summary>One of the primary deployment's running tasks stops as <paramref name="stop"/> says; the scheduler replaces it.</summary>
    public void StopTask(SimService service, SimTaskStop stop)
    {
        var task = service.Primary.Tasks.FirstOrDefault(t => t.State == SimTaskState.Running);
        if (task is null)
        {
            return;
        }

        service.Primary.Tasks.Remove(task);
        TaskStops.Record(service, task, stop);
        service.Events.Insert(0, new(Random.NextEventId(), Now, EcsEventMessages.TasksStopped(service.Name, [task.Id])));
    }

    /// <summary>Who CI registers revisions as, in registeredBy.</summary>
    public static string CiPrincipal(SimAccount account) => $"arn:aws:sts::{account.AccountId}:assumed-role/{account.Environment.Name}-ci-deployer/github-actions";

    private void RunTick()
    {
        RunScheduledDeploys();
        foreach (var service in Services)
        {
            if (service.SteadyStateAnnounced && Now < service.NextSteadyStateEventAt && service.IsSettled)
            {
                continue;
            }

            _stepper.Step(service, Now);
        }

        if (Now.ToUnixTimeSeconds() % 60 == 0)
        {
            foreach (var alarm in Accounts.SelectMany(a => a.Alarms))
            {
                AlarmEvaluator.Evaluate(alarm, Now);
            }
        }
    }

    private void RunScheduledDeploys()
    {
        var due = _schedule.Where(s => s.At <= Now).ToList();
        _schedule.RemoveAll(s => s.At <= Now);
        foreach (var (_, action) in due)
        {
            action();
        }
    }
}
