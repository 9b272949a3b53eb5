using System.Globalization;
using System.Text.Json.Nodes;
using Portal.Server.Cloud;
using Portal.Server.Cloud.Aws;
using Portal.Server.Cloud.Ecs;
using Portal.Server.Simulation.World;

namespace Portal.Server.Simulation;

/// <summary>ECS as the simulated organization answers it: same limits, paging, failures and IAM checks as AWS.</summary>
internal sealed class SimulatedEcs(SimulatedWorld world) : IEcs
{
    private const string Service = "ecs";

    public Task<ListClustersResponse> ListClustersAsync(CloudCaller caller, ListClustersRequest request, CancellationToken cancellationToken) =>
        Answer(caller, "ListClusters", "*", account =>
        {
            var (page, next) = Paging.Page(account.Clusters.Select(c => c.Arn).ToList(), request.NextToken, request.MaxResults, EcsLimits.ListClustersMax, 100);
            return new ListClustersResponse(page, next);
        });

    public Task<DescribeClustersResponse> DescribeClustersAsync(CloudCaller caller, DescribeClustersRequest request, CancellationToken cancellationToken) =>
        Answer(caller, "DescribeClusters", "*", account =>
        {
            Require(request.Clusters.Count <= EcsLimits.DescribeClustersMax, "DescribeClusters", "clusters can have at most 100 items.");
            var found = new List<EcsCluster>();
            var failures = new List<EcsFailure>();
            foreach (var name in request.Clusters)
            {
                var cluster = FindCluster(account, name);
                if (cluster is null)
                {
                    failures.Add(new EcsFailure(ClusterArn(account, name), "MISSING", null));
                    continue;
                }

                var deployments = cluster.Services.SelectMany(s => s.Deployments).ToList();
                found.Add(new EcsCluster(cluster.Arn, cluster.Name, "ACTIVE", deployments.Sum(d => d.Running), deployments.Sum(d => d.Pending), cluster.Services.Count));
            }

            return new DescribeClustersResponse(found, failures);
        });

    public Task<ListServicesResponse> ListServicesAsync(CloudCaller caller, ListServicesRequest request, CancellationToken cancellationToken) =>
        Answer(caller, "ListServices", request.Cluster, account =>
        {
            var cluster = RequireCluster(account, request.Cluster, "ListServices");
            var (page, next) = Paging.Page(cluster.Services.Select(s => s.Arn).ToList(), request.NextToken, request.MaxResults, EcsLimits.ListServicesMax, 10);
            return new ListServicesResponse(page, next);
        });

    public Task<DescribeServicesResponse> DescribeServicesAsync(CloudCaller caller, DescribeServicesRequest request, CancellationToken cancellationToken) =>
        Answer(caller, "DescribeServices", request.Cluster, account =>
        {
            Require(request.Services.Count is > 0 and <= EcsLimits.DescribeServicesMax, "DescribeServices",
                "services can have at most 10 items and must not be empty.");
            var cluster = RequireCluster(account, request.Cluster, "DescribeServices");
            var found = new List<EcsService>();
            var failures = new List<EcsFailure>();
            foreach (var name in request.Services)
            {
                var service = cluster.Services.FirstOrDefault(s => s.Name == name || s.Arn == name);
                if (service is null)
                {
                    failures.Add(new EcsFailure(account.Arn($"service/{cluster.Name}/{name}"), "MISSING", null));
                    continue;
                }

                found.Add(ToEcsService(service, request.IncludeTags));
            }

            return new DescribeServicesResponse(found, failures);
        });

    public Task<DescribeTaskDefinitionResponse> DescribeTaskDefinitionAsync(CloudCaller caller, DescribeTaskDefinitionRequest request, CancellationToken cancellationToken) =>
        Answer(caller, "DescribeTaskDefinition", request.TaskDefinition, account =>
        {
            var taskDefinition = FindTaskDefinition(account, request.TaskDefinition)
                ?? throw new CloudValidationException(Service, "DescribeTaskDefinition", "ClientException: Unable to describe task definition.");
            return new DescribeTaskDefinitionResponse(ToEcsTaskDefinition(taskDefinition, request.IncludeTags));
        });

    public Task<ListTaskDefinitionsResponse> ListTaskDefinitionsAsync(CloudCaller caller, ListTaskDefinitionsRequest request, CancellationToken cancellationToken) =>
        Answer(caller, "ListTaskDefinitions", "*", account =>
        {
            var status = request.Status ?? "ACTIVE";
            var sort = request.Sort ?? "ASC";
            Require(status is "ACTIVE" or "INACTIVE" or "DELETE_IN_PROGRESS", "ListTaskDefinitions", "status must be ACTIVE, INACTIVE or DELETE_IN_PROGRESS.");
            Require(sort is "ASC" or "DESC", "ListTaskDefinitions", "sort must be ASC or DESC.");

            // Ordered by family name, then revision; DESC reverses both, so a family's newest revision comes first.
            var revisions = account.TaskDefinitions
                .Where(family => request.FamilyPrefix is null || family.Key == request.FamilyPrefix)
                .OrderBy(family => family.Key, StringComparer.Ordinal)
                .SelectMany(family => family.Value)
                .Where(r => r.Status == status)
                .Select(r => r.Arn)
                .ToList();
            if (sort == "DESC")
            {
                revisions.Reverse();
            }

            var (page, next) = Paging.Page(revisions, request.NextToken, request.MaxResults, EcsLimits.ListTaskDefinitionsMax, EcsLimits.ListTaskDefinitionsMax);
            return new ListTaskDefinitionsResponse(page, next);
        });

    public Task<ListServiceDeploymentsResponse> ListServiceDeploymentsAsync(CloudCaller caller, ListServiceDeploymentsRequest request, CancellationToken cancellationToken) =>
        Answer(caller, "ListServiceDeployments", request.Service, account =>
        {
            var service = RequireService(account, request.Cluster ?? "default", request.Service, "ListServiceDeployments");
            var records = service.ServiceDeployments
                .Where(r => request.Status is null || request.Status.Count == 0 || request.Status.Contains(r.Status))
                .Select(r => new EcsServiceDeploymentBrief(r.Arn, service.Arn, service.Cluster.Arn, r.CreatedAt, r.CreatedAt, r.FinishedAt,
                    r.TargetServiceRevisionArn, r.Status, r.StatusReason))
                .ToList();
            var (page, next) = Paging.Page(records, request.NextToken, request.MaxResults, EcsLimits.ListServiceDeploymentsMax, 20);
            return new ListServiceDeploymentsResponse(page, next);
        });

    public Task<DescribeServiceDeploymentsResponse> DescribeServiceDeploymentsAsync(CloudCaller caller, DescribeServiceDeploymentsRequest request, CancellationToken cancellationToken) =>
        Answer(caller, "DescribeServiceDeployments", "*", account =>
        {
            Require(request.ServiceDeploymentArns.Count is > 0 and <= EcsLimits.DescribeServiceDeploymentsMax, "DescribeServiceDeployments",
                "serviceDeploymentArns can have at most 20 items and must not be empty.");
            var byArn = account.Clusters.SelectMany(c => c.Services)
                .SelectMany(s => s.ServiceDeployments.Select(r => (Service: s, Record: r)))
                .ToDictionary(x => x.Record.Arn, StringComparer.Ordinal);
            var found = new List<EcsServiceDeployment>();
            var failures = new List<EcsFailure>();
            foreach (var arn in request.ServiceDeploymentArns)
            {
                if (byArn.TryGetValue(arn, out var match))
                {
                    found.Add(ToEcsServiceDeployment(match.Service, match.Record));
                }
                else
                {
                    failures.Add(new EcsFailure(arn, "MISSING", null));
                }
            }

            return new DescribeServiceDeploymentsResponse(found, failures);
        });

    public Task<RegisterTaskDefinitionResponse> RegisterTaskDefinitionAsync(CloudCaller caller, RegisterTaskDefinitionRequest request, CancellationToken cancellationToken) =>
        Answer(caller, "RegisterTaskDefinition", $"task-definition/{request.Family}", account =>
        {
            var definition = request.TaskDefinition.DeepClone().AsObject();
            if (TaskDefinitionRules.RegisterProblem(definition) is { } problem)
            {
                throw new CloudValidationException(Service, "RegisterTaskDefinition", "ClientException: " + problem);
            }

            // Handing a role to ECS is passing it: the caller needs iam:PassRole on each, as on AWS.
            foreach (var role in new[] { definition["taskRoleArn"], definition["executionRoleArn"] }.OfType<JsonValue>())
            {
                world.Iam.Authorize(caller, "iam", "PassRole", role.GetValue<string>());
            }

            var images = (definition["containerDefinitions"] as JsonArray ?? []).OfType<JsonObject>().Select(c => c["image"]!.GetValue<string>()).ToList();
            var build = world.Builds.FirstOrDefault(b => images.Contains(b.Image));
            var registered = world.RegisterTaskDefinition(account, definition, request.Tags.ToList(), caller.PrincipalArn, world.Now,
                faulty: build?.Seed.Faulty ?? false, cpuFactor: build?.Seed.CpuFactor ?? 1);
            return new RegisterTaskDefinitionResponse(ToEcsTaskDefinition(registered, includeTags: true));
        });

    public Task<UpdateServiceResponse> UpdateServiceAsync(CloudCaller caller, UpdateServiceRequest request, CancellationToken cancellationToken) =>
        Answer(caller, "UpdateService", $"service/{request.Cluster}/{request.Service}", account =>
        {
            var service = RequireService(account, request.Cluster, request.Service, "UpdateService");
            if (request.DesiredCount is { } desired)
            {
                Require(desired >= 0, "UpdateService", "desiredCount must not be negative.");
                service.DesiredCount = desired;
                service.Primary.DesiredCount = desired;
                service.SteadyStateAnnounced = false;
            }

            if (request.TaskDefinition is not null)
            {
                var taskDefinition = FindTaskDefinition(account, request.TaskDefinition)
                    ?? throw new CloudValidationException(Service, "UpdateService", "ClientException: TaskDefinition not found.");
                Require(taskDefinition.Status == "ACTIVE", "UpdateService", "ClientException: TaskDefinition is inactive.");
                if (TaskDefinitionRules.LaunchTypeProblem(taskDefinition.Compatibilities, service.LaunchType) is { } unsupported)
                {
                    throw new CloudValidationException(Service, "UpdateService", "InvalidParameterException: " + unsupported);
                }

                if (taskDefinition != service.Primary.TaskDefinition || request.ForceNewDeployment)
                {
                    world.StartDeployment(service, taskDefinition, world.Now);
                }
            }
            else if (request.ForceNewDeployment)
            {
                world.StartDeployment(service, service.Primary.TaskDefinition, world.Now);
            }

            return new UpdateServiceResponse(ToEcsService(service, includeTags: false));
        });

    public Task<ListTasksResponse> ListTasksAsync(CloudCaller caller, ListTasksRequest request, CancellationToken cancellationToken) =>
        Answer(caller, "ListTasks", ClusterResource(request.Cluster), account =>
        {
            var desired = request.DesiredStatus ?? "RUNNING";
            Require(desired is "RUNNING" or "PENDING" or "STOPPED", "ListTasks", "desiredStatus must be RUNNING, PENDING or STOPPED.");
            var cluster = RequireCluster(account, request.Cluster, "ListTasks");
            var services = request.ServiceName is null
                ? cluster.Services
                : [cluster.Services.FirstOrDefault(s => s.Name == request.ServiceName || s.Arn == request.ServiceName)
                    ?? throw new CloudNotFoundException(Service, "ListTasks", "ServiceNotFoundException: Service not found.")];
            var arns = services.SelectMany(service => TasksOf(service)
                    .Where(t => DesiredStatus(t) == desired || (desired == "PENDING" && t.State == SimTaskState.Pending))
                    .Select(t => TaskArn(service, t)))
                .ToList();
            var (page, next) = Paging.Page(arns, request.NextToken, request.MaxResults, EcsLimits.ListTasksMax, EcsLimits.ListTasksMax);
            return new ListTasksResponse(page, next);
        });

    public Task<DescribeTasksResponse> DescribeTasksAsync(CloudCaller caller, DescribeTasksRequest request, CancellationToken cancellationToken) =>
        Answer(caller, "DescribeTasks", ClusterResource(request.Cluster), account =>
        {
            Require(request.Tasks.Count is > 0 and <= EcsLimits.DescribeTasksMax, "DescribeTasks", "tasks can have at most 100 items and must not be empty.");
            var cluster = RequireCluster(account, request.Cluster, "DescribeTasks");
            var byId = cluster.Services.SelectMany(s => TasksOf(s).Select(t => (Service: s, Task: t))).ToDictionary(x => x.Task.Id, StringComparer.Ordinal);
            var found = new List<EcsTask>();
            var failures = new List<EcsFailure>();
            foreach (var reference in request.Tasks)
            {
                var id = reference[(reference.LastIndexOf('/') + 1)..];
                if (byId.TryGetValue(id, out var match))
                {
                    found.Add(ToEcsTask(match.Service, match.Task));
                }
                else
                {
                    failures.Add(new EcsFailure(reference.StartsWith("arn:", StringComparison.Ordinal) ? reference : account.Arn($"task/{cluster.Name}/{id}"), "MISSING", null));
                }
            }

            return new DescribeTasksResponse(found, failures);
        });

    /// <summary>Every task ECS still knows of the service: its deployments' tasks and those stopped within the hour.</summary>
    private IEnumerable<SimTask> TasksOf(SimService service) =>
        service.Deployments.SelectMany(d => d.Tasks)
            .Concat(service.StoppedTasks.Where(t => t.Stop is { } stop && world.Now - stop.StoppedAt <= EcsLimits.StoppedTasksKept));

    private static string ClusterResource(string nameOrArn) =>
        nameOrArn.StartsWith("arn:", StringComparison.Ordinal) ? nameOrArn : $"cluster/{nameOrArn}";

    private static string DesiredStatus(SimTask task) => task.State is SimTaskState.Pending or SimTaskState.Running ? "RUNNING" : "STOPPED";

    private static string TaskArn(SimService service, SimTask task) => service.Account.Arn($"task/{service.Cluster.Name}/{task.Id}");

    private static EcsTask ToEcsTask(SimService service, SimTask task)
    {
        var taskDefinition = task.TaskDefinition ?? service.Primary.TaskDefinition;
        var stop = task.Stop;
        var faulty = taskDefinition.Faulty && task.State == SimTaskState.Running;
        var health = stop?.ContainerHealth ?? (faulty ? "UNHEALTHY" : task.State == SimTaskState.Running && task.Healthy ? "HEALTHY" : "UNKNOWN");
        var containers = (taskDefinition.Definition["containerDefinitions"] as JsonArray ?? []).OfType<JsonObject>()
            .Select(c => c["name"]?.GetValue<string>() ?? "app")
            .ToList();
        var own = containers.Contains(taskDefinition.Family, StringComparer.Ordinal) ? taskDefinition.Family : containers.FirstOrDefault();
        var lastStatus = task.State switch
        {
            SimTaskState.Pending => "PENDING",
            SimTaskState.Running => "RUNNING",
            SimTaskState.Draining => "DEACTIVATING",
            _ => "STOPPED",
        };
        var zone = service.Account.Region + "abc"[(int)(StableHash.Of(task.Id, 5) % 3)];
        return new EcsTask(
            TaskArn(service, task),
            taskDefinition.Arn,
            "service:" + service.Name,
            lastStatus,
            DesiredStatus(task),
            health,
            service.LaunchType,
            zone,
            task.CreatedAt,
            task.StartedAt,
            stop?.StoppedAt,
            stop?.StoppedAt,
            stop?.StopCode,
            stop?.StoppedReason,
            containers.Select(name => name == own
                ? new EcsContainer(name, lastStatus, stop?.ExitCode, stop?.ContainerReason, health)
                : new EcsContainer(name, lastStatus, stop is null ? null : 0, null, stop is null && task.State == SimTaskState.Running ? "HEALTHY" : "UNKNOWN")).ToList());
    }

    /// <summary>Resolves the caller's account, checks IAM, and answers from one consistent moment of the world.</summary>
    private Task<T> Answer<T>(CloudCaller caller, string operation, string resource, Func<SimAccount, T> answer)
    {
        lock (world.Gate)
        {
            var account = world.FindAccount(caller.AccountId)
                ?? throw new CloudAccessDeniedException(Service, operation, $"Account {caller.AccountId} is not part of the simulated organization.");
            world.Iam.Authorize(caller, Service, operation, resource.StartsWith("arn:", StringComparison.Ordinal) ? resource : account.Arn(resource));
            return Task.FromResult(answer(account));
        }
    }

    private static void Require(bool condition, string operation, string message)
    {
        if (!condition)
        {
            throw new CloudValidationException(Service, operation, "InvalidParameterException: " + message);
        }
    }

    private static SimCluster? FindCluster(SimAccount account, string nameOrArn) =>
        account.Clusters.FirstOrDefault(c => c.Name == nameOrArn || c.Arn == nameOrArn);

    private static SimCluster RequireCluster(SimAccount account, string nameOrArn, string operation) =>
        FindCluster(account, nameOrArn) ?? throw new CloudNotFoundException(Service, operation, "ClusterNotFoundException: Cluster not found.");

    private static SimService RequireService(SimAccount account, string cluster, string nameOrArn, string operation) =>
        RequireCluster(account, cluster, operation).Services.FirstOrDefault(s => s.Name == nameOrArn || s.Arn == nameOrArn)
        ?? throw new CloudNotFoundException(Service, operation, "ServiceNotFoundException: Service not found.");

    private static string ClusterArn(SimAccount account, string nameOrArn) =>
        nameOrArn.StartsWith("arn:", StringComparison.Ordinal) ? nameOrArn : account.Arn($"cluster/{nameOrArn}");

    /// <summary>Accepts an ARN, "family:revision", or "family" (its latest ACTIVE revision).</summary>
    private static SimTaskDefinition? FindTaskDefinition(SimAccount account, string reference)
    {
        var name = reference.StartsWith("arn:", StringComparison.Ordinal) ? reference[(reference.LastIndexOf('/') + 1)..] : reference;
        var colon = name.LastIndexOf(':');
        var family = colon < 0 ? name : name[..colon];
        if (!account.TaskDefinitions.TryGetValue(family, out var revisions))
        {
            return null;
        }

        if (colon < 0)
        {
            return revisions.LastOrDefault(r => r.Status == "ACTIVE");
        }

        return int.TryParse(name.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var revision)
            ? revisions.FirstOrDefault(r => r.Revision == revision)
            : null;
    }

    private static EcsService ToEcsService(SimService service, bool includeTags) => new(
        service.Arn,
        service.Name,
        service.Cluster.Arn,
        "ACTIVE",
        service.DesiredCount,
        service.Deployments.Sum(d => d.Running),
        service.Deployments.Sum(d => d.Pending),
        service.Primary.TaskDefinition.Arn,
        service.Deployments.Select(d => new EcsDeployment(
            d.Id,
            d.Status,
            d.TaskDefinition.Arn,
            d.Status == "PRIMARY" ? d.DesiredCount : d.Running,
            d.Pending,
            d.Running,
            d.FailedTasks,
            d.CreatedAt,
            d.UpdatedAt,
            d.RolloutState,
            d.RolloutStateReason)).ToList(),
        service.Events.ToList(),
        includeTags ? service.Tags.Select(t => new EcsTag(t.Key, t.Value)).ToList() : [],
        service.CreatedAt)
    {
        LoadBalancers = [new EcsLoadBalancer(service.TargetGroupArn, null, service.Name, service.Port)],
    };

    /// <summary>The revision as DescribeTaskDefinition describes it: what was registered, and the members ECS sets.</summary>
    private static EcsTaskDefinition ToEcsTaskDefinition(SimTaskDefinition taskDefinition, bool includeTags)
    {
        var document = taskDefinition.Definition.DeepClone().AsObject();
        document["taskDefinitionArn"] = taskDefinition.Arn;
        document["revision"] = taskDefinition.Revision;
        document["status"] = taskDefinition.Status;
        document["requiresAttributes"] = new JsonArray(TaskDefinitionRules.RequiredAttributesOf(taskDefinition.Definition)
            .Select(name => (JsonNode?)new JsonObject { ["name"] = name }).ToArray());
        document["compatibilities"] = AwsJson.Array(taskDefinition.Compatibilities);
        document["registeredAt"] = AwsJson.ToEpoch(taskDefinition.RegisteredAt);
        document["registeredBy"] = taskDefinition.RegisteredBy;
        var tags = includeTags
            ? new JsonArray(taskDefinition.Tags.Select(t => (JsonNode?)new JsonObject { ["key"] = t.Key, ["value"] = t.Value }).ToArray())
            : null;
        // Read back from its JSON text, as an answer from the wire would be.
        return EcsTaskDefinitionReader.Read(JsonNode.Parse(document.ToJsonString()), tags is null ? null : JsonNode.Parse(tags.ToJsonString()));
    }

    private static EcsServiceDeployment ToEcsServiceDeployment(SimService service, SimServiceDeploymentRecord record) => new(
        record.Arn,
        service.Arn,
        service.Cluster.Arn,
        record.CreatedAt,
        record.CreatedAt,
        record.FinishedAt,
        record.SourceServiceRevisionArns.Select(arn => new EcsServiceRevisionSummary(arn, 0, 0, 0)).ToList(),
        new EcsServiceRevisionSummary(record.TargetServiceRevisionArn, record.RequestedTaskCount, 0, 0),
        record.Status,
        record.StatusReason,
        record.RollbackStartedAt is { } started ? new EcsServiceDeploymentRollback(record.RollbackReason ?? "", started, record.RollbackRevisionArn ?? "") : null,
        new EcsServiceDeploymentCircuitBreaker(record.FailureCount >= record.Threshold && record.Threshold > 0 ? "TRIGGERED" : "MONITORING", record.FailureCount, record.Threshold));
}
