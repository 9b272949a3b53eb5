using System.Globalization;
using System.Text.Json.Nodes;

namespace Portal.Server.Tests.Aws;

/// <summary>
/// The fake's ECS state per account, kept as ECS keeps it: task definition families with every
/// revision's whole document, and each Fargate service's revision, deployments and events.
/// RegisterTaskDefinition takes only what the model's input shape allows and ECS's Fargate rules;
/// UpdateService starts a PRIMARY deployment IN_PROGRESS (the old one turns ACTIVE) that completes
/// after <see cref="RolloutDuration"/> or a few DescribeServices, and refuses a revision a Fargate
/// service cannot run. Services come from <see cref="FakeAws.Fleet"/>; each runs revision
/// <see cref="FakeTaskDefinitionSeed.CurrentRevision"/> of a family named like it.
/// </summary>
public sealed class FakeEcsRegistry
{
    /// <summary>A rollout also completes once DescribeServices has shown it this many times.</summary>
    public const int DescribesToComplete = 3;

    private static readonly Lazy<AwsServiceModel> Model = new(() => AwsServiceModel.Load("ecs"));

    private readonly Lock _gate = new();
    private readonly Func<DateTimeOffset> _now;
    private readonly IReadOnlyDictionary<string, Dictionary<string, List<string>>> _fleet;
    private readonly Dictionary<string, List<StoredRevision>> _families = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ServiceState> _services = new(StringComparer.Ordinal);
    private long _deployments = 1234567890123456789;

    public FakeEcsRegistry(IReadOnlyDictionary<string, Dictionary<string, List<string>>> fleet, Func<DateTimeOffset> now)
    {
        _fleet = fleet;
        _now = now;
    }

    /// <summary>How long a rollout stays IN_PROGRESS (by the fake's clock) before it completes.</summary>
    public TimeSpan RolloutDuration { get; set; } = TimeSpan.FromSeconds(1);

    public static string TaskDefinitionArn(string account, string family, int revision) =>
        string.Create(CultureInfo.InvariantCulture, $"arn:aws:ecs:{FakeAws.Region}:{account}:task-definition/{family}:{revision}");

    public static string ClusterArn(string account, string cluster) => $"arn:aws:ecs:{FakeAws.Region}:{account}:cluster/{cluster}";

    public static string ServiceArn(string account, string cluster, string service) => $"arn:aws:ecs:{FakeAws.Region}:{account}:service/{cluster}/{service}";

    /// <summary>Every revision of a family, oldest first, as DescribeTaskDefinition shows it (copies).</summary>
    public IReadOnlyList<JsonObject> Revisions(string account, string family)
    {
        lock (_gate)
        {
            Seed(account);
            return _families.TryGetValue(Key(account, family), out var revisions) ? revisions.Select(r => r.Document.DeepClone().AsObject()).ToList() : [];
        }
    }

    /// <summary>The tags of a revision, as DescribeTaskDefinition with include TAGS gives them (a copy).</summary>
    public JsonArray TagsOf(string account, string family, int revision)
    {
        lock (_gate)
        {
            Seed(account);
            return _families[Key(account, family)][revision - 1].Tags.DeepClone().AsArray();
        }
    }

    /// <summary>The task definition ARN a service runs now.</summary>
    public string CurrentTaskDefinition(string account, string cluster, string service)
    {
        lock (_gate)
        {
            Seed(account);
            return _services[Key(account, cluster, service)].TaskDefinition;
        }
    }

    public FakeAnswer DescribeTaskDefinition(string account, JsonObject body)
    {
        lock (_gate)
        {
            Seed(account);
            if (Resolve(account, body["taskDefinition"]?.GetValue<string>()) is not { } revision)
            {
                return FakeAnswer.Error("ClientException", "Unable to describe task definition.");
            }

            var answer = new JsonObject { ["taskDefinition"] = revision.Document.DeepClone() };
            if (Includes(body, "TAGS"))
            {
                answer["tags"] = revision.Tags.DeepClone();
            }

            return FakeAnswer.Ok(answer);
        }
    }

    public FakeAnswer RegisterTaskDefinition(string account, JsonObject body, FakeSigner? signer)
    {
        ArgumentNullException.ThrowIfNull(body);
        var problems = Model.Value.ValidateInput("RegisterTaskDefinition", body);
        if (problems.Count > 0)
        {
            return FakeAnswer.Error("ClientException", Describe(problems));
        }

        if ((FakeFargateRules.RegistrationProblem(body) ?? FakeFargateRules.MemoryProblem(body)) is { } refused)
        {
            return FakeAnswer.Error("ClientException", refused);
        }

        lock (_gate)
        {
            Seed(account);
            var revision = Store(account, body, signer?.PrincipalArn ?? $"arn:aws:iam::{account}:root");
            return FakeAnswer.Ok(new JsonObject { ["taskDefinition"] = revision.Document.DeepClone(), ["tags"] = revision.Tags.DeepClone() });
        }
    }

    public FakeAnswer ListTaskDefinitions(string account, JsonObject body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var status = body["status"]?.GetValue<string>() ?? "ACTIVE";
        var descending = body["sort"]?.GetValue<string>() == "DESC";
        var size = body["maxResults"]?.GetValue<int>() ?? 100;
        if (size is < 1 or > 100)
        {
            return FakeAnswer.Error("InvalidParameterException", "maxResults must be between 1 and 100.");
        }

        var offset = 0;
        if (body["nextToken"]?.GetValue<string>() is { } token && !TryReadToken(token, out offset))
        {
            return FakeAnswer.Error("InvalidParameterException", "Invalid nextToken.");
        }

        lock (_gate)
        {
            Seed(account);
            var family = body["familyPrefix"]?.GetValue<string>();
            var matching = _families
                .Where(f => f.Key.StartsWith(account + "/", StringComparison.Ordinal))
                .SelectMany(f => f.Value)
                .Where(r => r.Status == status && (family is null || r.Family == family))
                .OrderBy(r => r.Family, StringComparer.Ordinal).ThenBy(r => r.Revision)
                .Select(r => r.Arn)
                .ToList();
            if (descending)
            {
                matching.Reverse();
            }

            var answer = new JsonObject { ["taskDefinitionArns"] = Strings(matching.Skip(offset).Take(size)) };
            if (offset + size < matching.Count)
            {
                answer["nextToken"] = WriteToken(offset + size);
            }

            return FakeAnswer.Ok(answer);
        }
    }

    public FakeAnswer ListServices(string account, JsonObject body, int pageSize)
    {
        ArgumentNullException.ThrowIfNull(body);
        var cluster = NameOf(body["cluster"]?.GetValue<string>() ?? "default");
        if (Services(account, cluster) is not { } services)
        {
            return FakeAnswer.Error("ClusterNotFoundException", "Cluster not found.");
        }

        var offset = 0;
        if (body["nextToken"]?.GetValue<string>() is { } token && !TryReadToken(token, out offset))
        {
            return FakeAnswer.Error("InvalidParameterException", "Invalid nextToken.");
        }

        var size = Math.Min(pageSize, body["maxResults"]?.GetValue<int>() ?? 10);
        var page = new JsonObject { ["serviceArns"] = Strings(services.Skip(offset).Take(size).Select(s => ServiceArn(account, cluster, s))) };
        if (offset + size < services.Count)
        {
            page["nextToken"] = WriteToken(offset + size);
        }

        return FakeAnswer.Ok(page);
    }

    public FakeAnswer DescribeServices(string account, JsonObject body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var cluster = NameOf(body["cluster"]?.GetValue<string>() ?? "default");
        var names = body["services"]?.AsArray().Select(s => NameOf(s!.GetValue<string>())).ToList() ?? [];
        if (names.Count is 0 or > 10)
        {
            return FakeAnswer.Error("InvalidParameterException", "services can have between 1 and 10 items.");
        }

        if (Services(account, cluster) is null)
        {
            return FakeAnswer.Error("ClusterNotFoundException", "Cluster not found.");
        }

        lock (_gate)
        {
            Seed(account);
            var found = new JsonArray();
            var failures = new JsonArray();
            foreach (var name in names)
            {
                if (_services.TryGetValue(Key(account, cluster, name), out var service))
                {
                    service.Describes++;
                    Advance(service);
                    found.Add(ServiceJson(service, Includes(body, "TAGS")));
                }
                else
                {
                    failures.Add(new JsonObject { ["arn"] = ServiceArn(account, cluster, name), ["reason"] = "MISSING" });
                }
            }

            return FakeAnswer.Ok(new JsonObject { ["services"] = found, ["failures"] = failures });
        }
    }

    public FakeAnswer UpdateService(string account, JsonObject body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var cluster = NameOf(body["cluster"]?.GetValue<string>() ?? "default");
        var name = NameOf(body["service"]?.GetValue<string>() ?? string.Empty);
        if (Services(account, cluster) is null)
        {
            return FakeAnswer.Error("ClusterNotFoundException", "Cluster not found.");
        }

        lock (_gate)
        {
            Seed(account);
            if (!_services.TryGetValue(Key(account, cluster, name), out var service))
            {
                return FakeAnswer.Error("ServiceNotFoundException", "Service not found.");
            }

            Advance(service);
            var target = service.TaskDefinition;
            if (body["taskDefinition"]?.GetValue<string>() is { } requested)
            {
                if (Resolve(account, requested) is not { } revision)
                {
                    return FakeAnswer.Error("ClientException", "Unable to describe task definition.");
                }

                if (revision.Status != "ACTIVE")
                {
                    return FakeAnswer.Error("InvalidParameterException", "TaskDefinition is inactive");
                }

                if (!FakeFargateRules.Supports(revision.Document, service.LaunchType))
                {
                    return FakeAnswer.Error("InvalidParameterException", FakeFargateRules.NotFargateCompatible);
                }

                target = revision.Arn;
            }

            if (body["desiredCount"]?.GetValue<int>() is { } desired)
            {
                service.DesiredCount = desired;
            }

            if (target != service.TaskDefinition || body["forceNewDeployment"]?.GetValue<bool>() == true)
            {
                StartDeployment(service, target);
            }

            return FakeAnswer.Ok(new JsonObject { ["service"] = ServiceJson(service, includeTags: false) });
        }
    }

    public FakeAnswer ListServiceDeployments(string account, JsonObject body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var cluster = NameOf(body["cluster"]?.GetValue<string>() ?? "default");
        var name = NameOf(body["service"]?.GetValue<string>() ?? string.Empty);
        var statuses = body["status"]?.AsArray().Select(s => s!.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
        var after = body["createdAt"]?["after"]?.GetValue<double>();
        var before = body["createdAt"]?["before"]?.GetValue<double>();
        var size = body["maxResults"]?.GetValue<int>() ?? 20;
        var offset = 0;
        if (size is < 1 or > 100 || (body["nextToken"]?.GetValue<string>() is { } token && !TryReadToken(token, out offset)))
        {
            return FakeAnswer.Error("InvalidParameterException", "maxResults must be between 1 and 100 and nextToken one this operation gave.");
        }

        lock (_gate)
        {
            Seed(account);
            if (!_services.TryGetValue(Key(account, cluster, name), out var service))
            {
                return FakeAnswer.Error("ServiceNotFoundException", "Service not found.");
            }

            Advance(service);
            var matching = service.ServiceDeployments
                .Where(d => statuses is null || statuses.Contains(d["status"]!.GetValue<string>()))
                .Where(d => (after is null || d["createdAt"]!.GetValue<double>() >= after) && (before is null || d["createdAt"]!.GetValue<double>() <= before))
                .ToList();
            var page = new JsonObject { ["serviceDeployments"] = new JsonArray(matching.Skip(offset).Take(size).Select(d => (JsonNode?)Brief(d)).ToArray()) };
            if (offset + size < matching.Count)
            {
                page["nextToken"] = WriteToken(offset + size);
            }

            return FakeAnswer.Ok(page);
        }
    }

    public FakeAnswer DescribeServiceDeployments(string account, JsonObject body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var arns = body["serviceDeploymentArns"]?.AsArray().Select(a => a!.GetValue<string>()).ToList() ?? [];
        if (arns.Count is 0 or > 20)
        {
            return FakeAnswer.Error("InvalidParameterException", "serviceDeploymentArns can have between 1 and 20 items.");
        }

        lock (_gate)
        {
            Seed(account);
            var all = _services.Values.Where(s => s.Account == account).SelectMany(s =>
            {
                Advance(s);
                return s.ServiceDeployments;
            }).ToDictionary(d => d["serviceDeploymentArn"]!.GetValue<string>(), StringComparer.Ordinal);
            var found = new JsonArray();
            var failures = new JsonArray();
            foreach (var arn in arns)
            {
                if (all.TryGetValue(arn, out var deployment))
                {
                    found.Add(deployment.DeepClone());
                }
                else
                {
                    failures.Add(new JsonObject { ["arn"] = arn, ["reason"] = "MISSING" });
                }
            }

            return FakeAnswer.Ok(new JsonObject { ["serviceDeployments"] = found, ["failures"] = failures });
        }
    }

    /// <summary>
    /// A service's tasks: one per running task of its deployments, and one stopped task (its essential container
    /// exited with 1), so a poller sees both lists; paged at most 100 a page, as ECS does.
    /// </summary>
    public FakeAnswer ListTasks(string account, JsonObject body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var cluster = NameOf(body["cluster"]?.GetValue<string>() ?? "default");
        if (Services(account, cluster) is not { } names)
        {
            return FakeAnswer.Error("ClusterNotFoundException", "Cluster not found.");
        }

        var size = body["maxResults"]?.GetValue<int>() ?? 100;
        if (size is < 1 or > 100)
        {
            return FakeAnswer.Error("InvalidParameterException", "maxResults must be between 1 and 100.");
        }

        var offset = 0;
        if (body["nextToken"]?.GetValue<string>() is { } token && !TryReadToken(token, out offset))
        {
            return FakeAnswer.Error("InvalidParameterException", "Invalid nextToken.");
        }

        var stopped = body["desiredStatus"]?.GetValue<string>() == "STOPPED";
        var asked = body["serviceName"]?.GetValue<string>() is { } one ? [NameOf(one)] : names;
        List<string> arns;
        lock (_gate)
        {
            Seed(account);
            arns = asked.Where(n => _services.ContainsKey(Key(account, cluster, n)))
                .SelectMany(n => stopped
                    ? [TaskArn(account, cluster, n, "stopped", 0)]
                    : Enumerable.Range(0, _services[Key(account, cluster, n)].Deployments.Sum(d => d["runningCount"]!.GetValue<int>())).Select(i => TaskArn(account, cluster, n, "run", i)))
                .ToList();
        }

        var page = new JsonObject { ["taskArns"] = Strings(arns.Skip(offset).Take(size)) };
        if (offset + size < arns.Count)
        {
            page["nextToken"] = WriteToken(offset + size);
        }

        return FakeAnswer.Ok(page);
    }

    /// <summary>Up to 100 tasks of one cluster, as ListTasks named them.</summary>
    public FakeAnswer DescribeTasks(string account, JsonObject body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var cluster = NameOf(body["cluster"]?.GetValue<string>() ?? "default");
        var asked = body["tasks"]?.AsArray().Select(s => s!.GetValue<string>()).ToList() ?? [];
        if (asked.Count is 0 or > 100)
        {
            return FakeAnswer.Error("InvalidParameterException", "tasks can have between 1 and 100 items.");
        }

        var found = new JsonArray();
        var failures = new JsonArray();
        lock (_gate)
        {
            foreach (var reference in asked)
            {
                // Ids read "{service}.{run|stopped}.{n}": what ListTasks wrote.
                var parts = NameOf(reference).Split('.');
                if (parts.Length != 3 || !_services.TryGetValue(Key(account, cluster, parts[0]), out var service))
                {
                    failures.Add(new JsonObject { ["arn"] = reference, ["reason"] = "MISSING" });
                    continue;
                }

                var stopped = parts[1] == "stopped";
                var task = new JsonObject
                {
                    ["taskArn"] = TaskArn(account, cluster, parts[0], parts[1], int.Parse(parts[2], CultureInfo.InvariantCulture)),
                    ["clusterArn"] = ClusterArn(account, cluster),
                    ["taskDefinitionArn"] = service.TaskDefinition,
                    ["group"] = "service:" + service.Name,
                    ["lastStatus"] = stopped ? "STOPPED" : "RUNNING",
                    ["desiredStatus"] = stopped ? "STOPPED" : "RUNNING",
                    ["healthStatus"] = stopped ? "UNKNOWN" : "HEALTHY",
                    ["launchType"] = service.LaunchType,
                    ["availabilityZone"] = "eu-west-1a",
                    ["createdAt"] = service.CreatedAt,
                    ["startedAt"] = service.CreatedAt + 20,
                    ["containers"] = new JsonArray(new JsonObject
                    {
                        ["name"] = service.Name,
                        ["lastStatus"] = stopped ? "STOPPED" : "RUNNING",
                        ["healthStatus"] = stopped ? "UNKNOWN" : "HEALTHY",
                    }),
                };
                if (stopped)
                {
                    task["stoppedAt"] = Now() - 60;
                    task["stopCode"] = "EssentialContainerExited";
                    task["stoppedReason"] = "Essential container in task exited";
                    task["containers"]![0]!["exitCode"] = 1;
                }

                found.Add(task);
            }
        }

        return FakeAnswer.Ok(new JsonObject { ["tasks"] = found, ["failures"] = failures });
    }

    private static string TaskArn(string account, string cluster, string service, string kind, int n) =>
        string.Create(CultureInfo.InvariantCulture, $"arn:aws:ecs:{FakeAws.Region}:{account}:task/{cluster}/{service}.{kind}.{n}");

    private static JsonObject Brief(JsonObject deployment)
    {
        var brief = new JsonObject();
        foreach (var member in new[] { "serviceDeploymentArn", "serviceArn", "clusterArn", "startedAt", "createdAt", "finishedAt", "status", "statusReason" })
        {
            if (deployment[member] is { } value)
            {
                brief[member] = value.DeepClone();
            }
        }

        brief["targetServiceRevisionArn"] = deployment["targetServiceRevision"]!["arn"]!.DeepClone();
        return brief;
    }

    private static bool Includes(JsonObject body, string field) =>
        body["include"]?.AsArray().Any(i => i!.GetValue<string>() == field) == true;

    private static string Describe(IReadOnlyList<string> problems)
    {
        var unknown = problems.FirstOrDefault(p => p.Contains(": unknown member", StringComparison.Ordinal));
        if (unknown is null)
        {
            return "Invalid request: " + string.Join("; ", problems);
        }

        // As botocore says it: Unknown parameter in input: "compatibilities", must be one of: family, ...
        var path = unknown[..unknown.IndexOf(": ", StringComparison.Ordinal)];
        var dot = path.LastIndexOf('.');
        var parent = dot <= 1 ? "input" : path[2..dot];
        var member = path[(dot + 1)..];
        var allowed = parent == "input" ? ", must be one of: " + string.Join(", ", Model.Value.Shape("RegisterTaskDefinitionRequest")["members"]!.AsObject().Select(m => m.Key)) : string.Empty;
        return $"Unknown parameter in {parent}: \"{member}\"{allowed}";
    }

    /// <summary>Page tokens are the offset of the page's first item; opaque to callers as ECS's are.</summary>
    private static bool TryReadToken(string token, out int offset) =>
        int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out offset);

    private static string WriteToken(int offset) => offset.ToString(CultureInfo.InvariantCulture);

    private static string NameOf(string nameOrArn) => nameOrArn[(nameOrArn.LastIndexOf('/') + 1)..];

    private static string Key(params string[] parts) => string.Join('/', parts);

    private static JsonArray Strings(IEnumerable<string> values) => new(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());

    /// <summary>What ECS fills in when a member is left out, so that a described revision says it.</summary>
    private static void AddDefaults(JsonObject definition)
    {
        definition["volumes"] ??= new JsonArray();
        definition["placementConstraints"] ??= new JsonArray();
        var awsvpc = definition["networkMode"]?.GetValue<string>() == "awsvpc";
        foreach (var container in definition["containerDefinitions"]!.AsArray().OfType<JsonObject>())
        {
            container["essential"] ??= true;
            foreach (var member in new[] { "portMappings", "environment", "mountPoints", "volumesFrom", "systemControls" })
            {
                container[member] ??= new JsonArray();
            }

            foreach (var port in container["portMappings"]!.AsArray().OfType<JsonObject>())
            {
                port["protocol"] ??= "tcp";
                if (awsvpc && port["containerPort"] is { } containerPort)
                {
                    port["hostPort"] ??= containerPort.DeepClone();
                }
            }
        }
    }

    private double Now() => _now().ToUnixTimeMilliseconds() / 1000.0;

    private List<string>? Services(string account, string cluster) =>
        _fleet.TryGetValue(account, out var clusters) && clusters.TryGetValue(cluster, out var services) ? services : null;

    /// <summary>The revision a reference names: family (its newest ACTIVE revision), family:revision, or an ARN.</summary>
    private StoredRevision? Resolve(string account, string? reference)
    {
        if (string.IsNullOrEmpty(reference))
        {
            return null;
        }

        var name = reference.Contains(":task-definition/", StringComparison.Ordinal) ? reference[(reference.IndexOf(":task-definition/", StringComparison.Ordinal) + 17)..] : reference;
        var colon = name.LastIndexOf(':');
        var family = colon < 0 ? name : name[..colon];
        if (!_families.TryGetValue(Key(account, family), out var revisions))
        {
            return null;
        }

        if (colon < 0)
        {
            return revisions.LastOrDefault(r => r.Status == "ACTIVE");
        }

        return int.TryParse(name[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= 1 && number <= revisions.Count
            ? revisions[number - 1]
            : null;
    }

    /// <summary>Gives every service of the account's fleet its family and state, the first time either is asked about.</summary>
    private void Seed(string account)
    {
        if (!_fleet.TryGetValue(account, out var clusters))
        {
            return;
        }

        foreach (var (cluster, services) in clusters)
        {
            foreach (var service in services.Where(s => !_services.ContainsKey(Key(account, cluster, s))))
            {
                SeedFamily(account, service);
                _services[Key(account, cluster, service)] = SeedService(account, cluster, service);
            }
        }
    }

    private void SeedFamily(string account, string family)
    {
        if (_families.ContainsKey(Key(account, family)))
        {
            return;
        }

        var pipeline = $"arn:aws:sts::{account}:assumed-role/PipelineDeployer/ci";
        for (var revision = 1; revision <= FakeTaskDefinitionSeed.CurrentRevision; revision++)
        {
            var stored = Store(account, FakeTaskDefinitionSeed.Fargate(account, family, FakeTaskDefinitionSeed.ImageTagOf(revision)), pipeline);
            var registeredAt = _now().AddDays(revision - FakeTaskDefinitionSeed.CurrentRevision - 1);
            stored.Document["registeredAt"] = registeredAt.ToUnixTimeSeconds();
            if (revision < FakeTaskDefinitionSeed.FirstActiveRevision)
            {
                stored.Status = "INACTIVE";
                stored.Document["status"] = "INACTIVE";
                stored.Document["deregisteredAt"] = registeredAt.AddDays(1).ToUnixTimeSeconds();
            }
        }
    }

    private StoredRevision Store(string account, JsonObject body, string registeredBy)
    {
        var family = body["family"]!.GetValue<string>();
        if (!_families.TryGetValue(Key(account, family), out var revisions))
        {
            revisions = [];
            _families[Key(account, family)] = revisions;
        }

        var number = revisions.Count + 1;
        var arn = TaskDefinitionArn(account, family, number);
        var document = new JsonObject { ["taskDefinitionArn"] = arn };
        foreach (var (member, value) in body.Where(m => m.Key != "tags"))
        {
            document[member] = value?.DeepClone();
        }

        AddDefaults(document);
        document["revision"] = number;
        document["status"] = "ACTIVE";
        document["requiresAttributes"] = FakeFargateRules.RequiresAttributes(document);
        document["compatibilities"] = FakeFargateRules.Compatibilities(document);
        document["registeredAt"] = Now();
        document["registeredBy"] = registeredBy;
        var stored = new StoredRevision(family, number, arn, document, body["tags"]?.DeepClone().AsArray() ?? []);
        revisions.Add(stored);
        return stored;
    }

    private ServiceState SeedService(string account, string cluster, string service)
    {
        var now = Now();
        var state = new ServiceState(account, cluster, service)
        {
            TaskDefinition = TaskDefinitionArn(account, service, FakeTaskDefinitionSeed.CurrentRevision),
            CreatedAt = now - 86400,
        };
        state.Deployments.Add(Deployment(state, NextDeploymentId(), state.TaskDefinition, now - 7200, running: state.DesiredCount));
        var primary = state.Deployments[0];
        primary["updatedAt"] = now - 7000;
        primary["rolloutState"] = "COMPLETED";
        primary["rolloutStateReason"] = $"ECS deployment {primary["id"]} completed.";
        state.Events.Add(Event(now - 6900, $"(service {service}) has reached a steady state."));
        var seeded = ServiceDeployment(state, primary["id"]!.GetValue<string>(), source: null, now - 7200);
        Finish(seeded, state, now - 7000, "SUCCESSFUL", "Service deployment succeeded.");
        state.ServiceDeployments.Add(seeded);
        return state;
    }

    private void StartDeployment(ServiceState service, string taskDefinition)
    {
        var now = Now();
        foreach (var older in service.Deployments.Where(d => d["status"]!.GetValue<string>() == "PRIMARY"))
        {
            older["status"] = "ACTIVE";
            older["updatedAt"] = now;
        }

        var id = NextDeploymentId();
        var deployment = Deployment(service, id, taskDefinition, now, running: 0);
        deployment["rolloutState"] = "IN_PROGRESS";
        deployment["rolloutStateReason"] = $"ECS deployment {id} in progress.";
        service.Deployments.Insert(0, deployment);
        foreach (var unfinished in service.ServiceDeployments.Where(d => d["status"]!.GetValue<string>() == "IN_PROGRESS"))
        {
            Finish(unfinished, service, now, "STOPPED", "Service deployment stopped by a newer one.");
        }

        var source = service.ServiceDeployments.Count > 0 ? service.ServiceDeployments[0]["targetServiceRevision"]!["arn"]!.GetValue<string>() : null;
        service.ServiceDeployments.Insert(0, ServiceDeployment(service, id, source, now));
        service.TaskDefinition = taskDefinition;
        service.Describes = 0;
    }

    /// <summary>Moves an IN_PROGRESS rollout to COMPLETED once it is due, with ECS's events for it.</summary>
    private void Advance(ServiceState service)
    {
        var primary = service.Deployments[0];
        if (primary["rolloutState"]?.GetValue<string>() != "IN_PROGRESS")
        {
            return;
        }

        var now = Now();
        var due = now - primary["createdAt"]!.GetValue<double>() >= RolloutDuration.TotalSeconds || service.Describes >= DescribesToComplete;
        if (!due)
        {
            return;
        }

        service.Events.Insert(0, Event(now, $"(service {service.Name}) has started {service.DesiredCount} tasks: {Tasks(service.DesiredCount)}."));
        if (service.Deployments.Count > 1)
        {
            service.Events.Insert(0, Event(now, $"(service {service.Name}) has stopped {service.DesiredCount} running tasks: {Tasks(service.DesiredCount)}."));
        }

        primary["runningCount"] = service.DesiredCount;
        primary["pendingCount"] = 0;
        primary["updatedAt"] = now;
        primary["rolloutState"] = "COMPLETED";
        primary["rolloutStateReason"] = $"ECS deployment {primary["id"]} completed.";
        service.Deployments.RemoveRange(1, service.Deployments.Count - 1);
        service.Events.Insert(0, Event(now, $"(service {service.Name}) (deployment {primary["id"]}) deployment completed."));
        service.Events.Insert(0, Event(now, $"(service {service.Name}) has reached a steady state."));
        Finish(service.ServiceDeployments[0], service, now, "SUCCESSFUL", "Service deployment succeeded.");
        if (service.Events.Count > 100)
        {
            service.Events.RemoveRange(100, service.Events.Count - 100);
        }
    }

    private static string Tasks(int count) => string.Join(' ', Enumerable.Range(0, count).Select(_ => $"(task {Guid.NewGuid():N})"));

    private string NextDeploymentId() => string.Create(CultureInfo.InvariantCulture, $"ecs-svc/{Interlocked.Increment(ref _deployments)}");

    private static JsonObject Deployment(ServiceState service, string id, string taskDefinition, double createdAt, int running) => new()
    {
        ["id"] = id,
        ["status"] = "PRIMARY",
        ["taskDefinition"] = taskDefinition,
        ["desiredCount"] = service.DesiredCount,
        ["pendingCount"] = service.DesiredCount - running,
        ["runningCount"] = running,
        ["failedTasks"] = 0,
        ["createdAt"] = createdAt,
        ["updatedAt"] = createdAt,
        ["launchType"] = service.LaunchType,
        ["platformVersion"] = "1.4.0",
        ["platformFamily"] = "Linux",
        ["networkConfiguration"] = NetworkConfiguration(),
    };

    /// <summary>ECS's service deployment for a deployment: its service revision replaces the one before it.</summary>
    private static JsonObject ServiceDeployment(ServiceState service, string deploymentId, string? source, double createdAt)
    {
        var number = deploymentId[(deploymentId.IndexOf('/', StringComparison.Ordinal) + 1)..];
        var revision = $"arn:aws:ecs:{FakeAws.Region}:{service.Account}:service-revision/{service.Cluster}/{service.Name}/{number}";
        return new JsonObject
        {
            ["serviceDeploymentArn"] = $"arn:aws:ecs:{FakeAws.Region}:{service.Account}:service-deployment/{service.Cluster}/{service.Name}/{number}",
            ["serviceArn"] = ServiceArn(service.Account, service.Cluster, service.Name),
            ["clusterArn"] = ClusterArn(service.Account, service.Cluster),
            ["createdAt"] = createdAt,
            ["startedAt"] = createdAt,
            ["updatedAt"] = createdAt,
            ["sourceServiceRevisions"] = source is null
                ? new JsonArray()
                : new JsonArray(new JsonObject { ["arn"] = source, ["requestedTaskCount"] = 0, ["runningTaskCount"] = service.DesiredCount, ["pendingTaskCount"] = 0 }),
            ["targetServiceRevision"] = new JsonObject { ["arn"] = revision, ["requestedTaskCount"] = service.DesiredCount, ["runningTaskCount"] = 0, ["pendingTaskCount"] = service.DesiredCount },
            ["status"] = "IN_PROGRESS",
            ["deploymentCircuitBreaker"] = new JsonObject { ["status"] = "MONITORING", ["failureCount"] = 0, ["threshold"] = 10 },
        };
    }

    private static void Finish(JsonObject serviceDeployment, ServiceState service, double at, string status, string reason)
    {
        serviceDeployment["status"] = status;
        serviceDeployment["statusReason"] = reason;
        serviceDeployment["finishedAt"] = at;
        serviceDeployment["updatedAt"] = at;
        if (status == "SUCCESSFUL")
        {
            var target = serviceDeployment["targetServiceRevision"]!.AsObject();
            target["runningTaskCount"] = service.DesiredCount;
            target["pendingTaskCount"] = 0;
            foreach (var source in serviceDeployment["sourceServiceRevisions"]!.AsArray().OfType<JsonObject>())
            {
                source["runningTaskCount"] = 0;
            }
        }
    }

    private static JsonObject Event(double createdAt, string message) => new()
    {
        ["id"] = Guid.NewGuid().ToString(),
        ["createdAt"] = createdAt,
        ["message"] = message,
    };

    private static JsonObject NetworkConfiguration() => new()
    {
        ["awsvpcConfiguration"] = new JsonObject
        {
            ["subnets"] = new JsonArray("subnet-0a1b2c3d4e5f60718", "subnet-0f1e2d3c4b5a69788"),
            ["securityGroups"] = new JsonArray("sg-0123456789abcdef0"),
            ["assignPublicIp"] = "DISABLED",
        },
    };

    private static JsonObject ServiceJson(ServiceState service, bool includeTags)
    {
        var json = new JsonObject
        {
            ["serviceArn"] = ServiceArn(service.Account, service.Cluster, service.Name),
            ["serviceName"] = service.Name,
            ["clusterArn"] = ClusterArn(service.Account, service.Cluster),
            ["status"] = "ACTIVE",
            ["desiredCount"] = service.DesiredCount,
            ["runningCount"] = service.Deployments.Sum(d => d["runningCount"]!.GetValue<int>()),
            ["pendingCount"] = service.Deployments.Sum(d => d["pendingCount"]!.GetValue<int>()),
            ["launchType"] = service.LaunchType,
            ["platformVersion"] = "LATEST",
            ["platformFamily"] = "Linux",
            ["taskDefinition"] = service.TaskDefinition,
            ["deploymentConfiguration"] = new JsonObject
            {
                ["deploymentCircuitBreaker"] = new JsonObject { ["enable"] = true, ["rollback"] = true },
                ["maximumPercent"] = 200,
                ["minimumHealthyPercent"] = 100,
            },
            ["deployments"] = new JsonArray(service.Deployments.Select(d => (JsonNode?)d.DeepClone()).ToArray()),
            ["events"] = new JsonArray(service.Events.Select(e => (JsonNode?)e.DeepClone()).ToArray()),
            ["createdAt"] = service.CreatedAt,
            ["networkConfiguration"] = NetworkConfiguration(),
            ["schedulingStrategy"] = "REPLICA",
            ["deploymentController"] = new JsonObject { ["type"] = "ECS" },
            ["createdBy"] = $"arn:aws:iam::{service.Account}:role/PipelineDeployer",
            ["enableECSManagedTags"] = true,
            ["propagateTags"] = "NONE",
            ["enableExecuteCommand"] = false,
        };
        if (includeTags)
        {
            json["tags"] = new JsonArray(new JsonObject { ["key"] = "team", ["value"] = "payments" });
        }

        return json;
    }

    private sealed record StoredRevision(string Family, int Revision, string Arn, JsonObject Document, JsonArray Tags)
    {
        public string Status { get; set; } = "ACTIVE";
    }

    private sealed class ServiceState(string account, string cluster, string name)
    {
        public string Account { get; } = account;

        public string Cluster { get; } = cluster;

        public string Name { get; } = name;

        public string LaunchType { get; } = "FARGATE";

        public required string TaskDefinition { get; set; }

        public int DesiredCount { get; set; } = 2;

        public double CreatedAt { get; init; }

        /// <summary>DescribeServices calls since the last UpdateService.</summary>
        public int Describes { get; set; }

        /// <summary>PRIMARY first.</summary>
        public List<JsonObject> Deployments { get; } = [];

        /// <summary>ECS's service deployments (ListServiceDeployments), newest first.</summary>
        public List<JsonObject> ServiceDeployments { get; } = [];

        /// <summary>Newest first, at most 100, as ECS keeps them.</summary>
        public List<JsonObject> Events { get; } = [];
    }
}
