using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Portal.Server.Cloud.Aws;
using Portal.Server.Cloud.CloudWatch;
using Portal.Server.Cloud.Ecs;

namespace Portal.Server.Tests.Aws;

/// <summary>
/// Every operation the adapters call: the request they build must satisfy the operation's input
/// shape in AWS's service model, and they must read a response written to the output shape
/// (AWS's own example where there is one).
/// </summary>
public class AdapterFidelityTests
{
    private static readonly AwsServiceModel EcsModel = AwsServiceModel.Load("ecs");
    private static readonly AwsServiceModel CloudWatchModel = AwsServiceModel.Load("cloudwatch");
    private static readonly DateTimeOffset Start = new(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task ListClusters_request_fits_the_model_and_the_example_answer_is_read()
    {
        using var aws = new AwsClientHarness();
        var answer = Answer(aws, EcsModel, "ListClusters", FromExample("ListClusters"));

        var response = await new AwsEcs(aws.Client).ListClustersAsync(AwsClientHarness.Caller, new ListClustersRequest("token-1", 100), CancellationToken.None);

        AssertRequestFits(aws, EcsModel, "ListClusters");
        Assert.Equal(answer["clusterArns"]!.AsArray().Select(a => a!.GetValue<string>()), response.ClusterArns);
    }

    [Fact]
    public async Task An_empty_list_and_a_next_token_are_read()
    {
        using var aws = new AwsClientHarness();
        Answer(aws, EcsModel, "ListServices", new JsonObject { ["serviceArns"] = new JsonArray(), ["nextToken"] = "page-2" });

        var response = await new AwsEcs(aws.Client).ListServicesAsync(AwsClientHarness.Caller, new ListServicesRequest("prod-api", null, 100), CancellationToken.None);

        AssertRequestFits(aws, EcsModel, "ListServices");
        Assert.Empty(response.ServiceArns);
        Assert.Equal("page-2", response.NextToken);
    }

    [Fact]
    public async Task DescribeClusters_request_fits_the_model_and_the_example_answer_is_read()
    {
        using var aws = new AwsClientHarness();
        var answer = Answer(aws, EcsModel, "DescribeClusters", FromExample("DescribeClusters"));

        var response = await new AwsEcs(aws.Client).DescribeClustersAsync(AwsClientHarness.Caller, new DescribeClustersRequest(["default"]), CancellationToken.None);

        AssertRequestFits(aws, EcsModel, "DescribeClusters");
        Assert.Equal(answer["clusters"]![0]!["clusterName"]!.GetValue<string>(), response.Clusters[0].ClusterName);
    }

    [Fact]
    public async Task ListServices_request_fits_the_model_and_the_example_answer_is_read()
    {
        using var aws = new AwsClientHarness();
        var answer = Answer(aws, EcsModel, "ListServices", FromExample("ListServices"));

        var response = await new AwsEcs(aws.Client).ListServicesAsync(AwsClientHarness.Caller, new ListServicesRequest("default", "token", 100), CancellationToken.None);

        AssertRequestFits(aws, EcsModel, "ListServices");
        Assert.Equal(answer["serviceArns"]!.AsArray().Count, response.ServiceArns.Count);
    }

    [Fact]
    public async Task DescribeServices_request_with_tags_fits_the_model_and_the_example_answer_is_read()
    {
        using var aws = new AwsClientHarness();
        var answer = Answer(aws, EcsModel, "DescribeServices", FromExample("DescribeServices"));

        var response = await new AwsEcs(aws.Client).DescribeServicesAsync(AwsClientHarness.Caller,
            new DescribeServicesRequest("arn:aws:ecs:eu-west-1:123456789012:cluster/default", ["ecs-simple-service"], IncludeTags: true), CancellationToken.None);

        AssertRequestFits(aws, EcsModel, "DescribeServices");
        var expected = answer["services"]![0]!;
        var service = Assert.Single(response.Services);
        Assert.Equal(expected["serviceName"]!.GetValue<string>(), service.ServiceName);
        Assert.Equal(expected["desiredCount"]!.GetValue<int>(), service.DesiredCount);
        Assert.Equal(expected["deployments"]!.AsArray().Count, service.Deployments.Count);
        Assert.Equal(expected["events"]!.AsArray().Count, service.Events.Count);
        Assert.Equal(EpochOf(expected["events"]![0]!["createdAt"]!), service.Events[0].CreatedAt);
    }

    [Fact]
    public async Task DescribeTaskDefinition_request_fits_the_model_and_the_example_answer_is_read()
    {
        using var aws = new AwsClientHarness();
        var answer = Answer(aws, EcsModel, "DescribeTaskDefinition", FromExample("DescribeTaskDefinition"));

        var response = await new AwsEcs(aws.Client).DescribeTaskDefinitionAsync(AwsClientHarness.Caller, new DescribeTaskDefinitionRequest("hello_world:8"), CancellationToken.None);

        AssertRequestFits(aws, EcsModel, "DescribeTaskDefinition");
        var expected = answer["taskDefinition"]!;
        Assert.Equal(expected["family"]!.GetValue<string>(), response.TaskDefinition.Family);
        Assert.Equal(expected["revision"]!.GetValue<int>(), response.TaskDefinition.Revision);
        Assert.Equal(expected["containerDefinitions"]![0]!["image"]!.GetValue<string>(), response.TaskDefinition.ContainerDefinitions[0].Image);
    }

    [Fact]
    public async Task RegisterTaskDefinition_request_fits_the_model_and_the_example_answer_is_read()
    {
        using var aws = new AwsClientHarness();
        var answer = Answer(aws, EcsModel, "RegisterTaskDefinition", FromExample("RegisterTaskDefinition"));

        var definition = new JsonObject
        {
            ["family"] = "tracking-api",
            ["cpu"] = "256",
            ["memory"] = "512",
            ["containerDefinitions"] = new JsonArray(new JsonObject
            {
                ["name"] = "tracking-api",
                ["image"] = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/tracking-api:9c41f2e",
                ["environment"] = new JsonArray(new JsonObject { ["name"] = "LOG_LEVEL", ["value"] = "info" }),
                ["portMappings"] = new JsonArray(new JsonObject { ["containerPort"] = 8080, ["protocol"] = "tcp" }),
            }),
        };
        var response = await new AwsEcs(aws.Client).RegisterTaskDefinitionAsync(AwsClientHarness.Caller,
            new RegisterTaskDefinitionRequest(definition, [new EcsTag("team", "api")]), CancellationToken.None);

        AssertRequestFits(aws, EcsModel, "RegisterTaskDefinition");
        Assert.Equal(answer["taskDefinition"]!["revision"]!.GetValue<int>(), response.TaskDefinition.Revision);
    }

    [Fact]
    public async Task UpdateService_request_fits_the_model_and_the_example_answer_is_read()
    {
        using var aws = new AwsClientHarness();
        Answer(aws, EcsModel, "UpdateService", FromExample("UpdateService", 0, service => service["service"] ??= ServiceWith("my-http-service")));

        var response = await new AwsEcs(aws.Client).UpdateServiceAsync(AwsClientHarness.Caller,
            new UpdateServiceRequest("default", "my-http-service", "amazon-ecs-sample:2", 3, ForceNewDeployment: true), CancellationToken.None);

        AssertRequestFits(aws, EcsModel, "UpdateService");
        Assert.Equal("my-http-service", response.Service.ServiceName);
    }

    [Fact]
    public async Task ListServiceDeployments_request_fits_the_model_and_an_output_shaped_answer_is_read()
    {
        using var aws = new AwsClientHarness();
        Answer(aws, EcsModel, "ListServiceDeployments", new JsonObject
        {
            ["serviceDeployments"] = new JsonArray(new JsonObject
            {
                ["serviceDeploymentArn"] = "arn:aws:ecs:eu-west-1:123456789012:service-deployment/prod-api/orders-api/AbCdEf",
                ["serviceArn"] = "arn:aws:ecs:eu-west-1:123456789012:service/prod-api/orders-api",
                ["clusterArn"] = "arn:aws:ecs:eu-west-1:123456789012:cluster/prod-api",
                ["startedAt"] = 1_763_800_000.5,
                ["createdAt"] = 1_763_800_000.0,
                ["finishedAt"] = 1_763_800_300.0,
                ["targetServiceRevisionArn"] = "arn:aws:ecs:eu-west-1:123456789012:service-revision/prod-api/orders-api/1234567890123456789",
                ["status"] = "ROLLBACK_SUCCESSFUL",
                ["statusReason"] = "Circuit breaker tripped",
            }),
            ["nextToken"] = "next",
        });

        var response = await new AwsEcs(aws.Client).ListServiceDeploymentsAsync(AwsClientHarness.Caller,
            new ListServiceDeploymentsRequest("orders-api", "prod-api", ["ROLLBACK_SUCCESSFUL", "SUCCESSFUL"], null, 20), CancellationToken.None);

        AssertRequestFits(aws, EcsModel, "ListServiceDeployments");
        var deployment = Assert.Single(response.ServiceDeployments);
        Assert.Equal("ROLLBACK_SUCCESSFUL", deployment.Status);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1_763_800_000_500), deployment.StartedAt);
        Assert.Equal("next", response.NextToken);
    }

    [Fact]
    public async Task DescribeServiceDeployments_request_fits_the_model_and_an_output_shaped_answer_is_read()
    {
        using var aws = new AwsClientHarness();
        Answer(aws, EcsModel, "DescribeServiceDeployments", new JsonObject
        {
            ["serviceDeployments"] = new JsonArray(new JsonObject
            {
                ["serviceDeploymentArn"] = "arn:aws:ecs:eu-west-1:123456789012:service-deployment/prod-api/orders-api/AbCdEf",
                ["serviceArn"] = "arn:aws:ecs:eu-west-1:123456789012:service/prod-api/orders-api",
                ["clusterArn"] = "arn:aws:ecs:eu-west-1:123456789012:cluster/prod-api",
                ["createdAt"] = 1_763_800_000.0,
                ["sourceServiceRevisions"] = new JsonArray(new JsonObject { ["arn"] = "arn:aws:ecs:eu-west-1:123456789012:service-revision/prod-api/orders-api/1", ["requestedTaskCount"] = 4, ["runningTaskCount"] = 4, ["pendingTaskCount"] = 0 }),
                ["targetServiceRevision"] = new JsonObject { ["arn"] = "arn:aws:ecs:eu-west-1:123456789012:service-revision/prod-api/orders-api/2", ["requestedTaskCount"] = 4, ["runningTaskCount"] = 1, ["pendingTaskCount"] = 3 },
                ["status"] = "ROLLBACK_IN_PROGRESS",
                ["rollback"] = new JsonObject { ["reason"] = "Circuit breaker", ["startedAt"] = 1_763_800_100.0, ["serviceRevisionArn"] = "arn:aws:ecs:eu-west-1:123456789012:service-revision/prod-api/orders-api/1" },
                ["deploymentCircuitBreaker"] = new JsonObject { ["status"] = "TRIGGERED", ["failureCount"] = 3, ["threshold"] = 3 },
            }),
            ["failures"] = new JsonArray(new JsonObject { ["arn"] = "arn:aws:ecs:eu-west-1:123456789012:service-deployment/prod-api/orders-api/Gone", ["reason"] = "MISSING" }),
        });

        var response = await new AwsEcs(aws.Client).DescribeServiceDeploymentsAsync(AwsClientHarness.Caller,
            new DescribeServiceDeploymentsRequest(["arn:aws:ecs:eu-west-1:123456789012:service-deployment/prod-api/orders-api/AbCdEf"]), CancellationToken.None);

        AssertRequestFits(aws, EcsModel, "DescribeServiceDeployments");
        var deployment = Assert.Single(response.ServiceDeployments);
        Assert.Equal("TRIGGERED", deployment.DeploymentCircuitBreaker!.Status);
        Assert.Equal(3, deployment.TargetServiceRevision.PendingTaskCount);
        Assert.Equal("MISSING", Assert.Single(response.Failures).Reason);
    }

    [Fact]
    public async Task GetMetricData_request_fits_the_model_and_an_output_shaped_answer_is_read()
    {
        using var aws = new AwsClientHarness();
        Answer(aws, CloudWatchModel, "GetMetricData", new JsonObject
        {
            ["MetricDataResults"] = new JsonArray(new JsonObject
            {
                ["Id"] = "c0",
                ["Label"] = "CPUUtilization",
                ["Timestamps"] = new JsonArray(Start.AddMinutes(5).ToUnixTimeSeconds(), Start.ToUnixTimeSeconds()),
                ["Values"] = new JsonArray(44.5, 41.25),
                ["StatusCode"] = "Complete",
            }),
            ["NextToken"] = "more",
            ["Messages"] = new JsonArray(),
        });
        var query = new MetricDataQuery("c0", new MetricStat(new Metric("AWS/ECS", "CPUUtilization",
            [new Dimension("ClusterName", "prod-api"), new Dimension("ServiceName", "orders-api")]), 300, "Average"));

        var response = await new AwsCloudWatch(aws.Client).GetMetricDataAsync(AwsClientHarness.Caller,
            new GetMetricDataRequest([query], Start, Start.AddHours(3), "token"), CancellationToken.None);

        AssertRequestFits(aws, CloudWatchModel, "GetMetricData");
        var result = Assert.Single(response.MetricDataResults);
        Assert.Equal([Start.AddMinutes(5), Start], result.Timestamps);
        Assert.Equal([44.5, 41.25], result.Values);
        Assert.Equal("more", response.NextToken);
    }

    [Fact]
    public async Task DescribeAlarms_request_fits_the_model_and_an_output_shaped_answer_is_read()
    {
        using var aws = new AwsClientHarness();
        Answer(aws, CloudWatchModel, "DescribeAlarms", new JsonObject
        {
            ["MetricAlarms"] = new JsonArray(new JsonObject
            {
                ["AlarmName"] = "prod-orders-api-cpu-critical",
                ["AlarmArn"] = "arn:aws:cloudwatch:eu-west-1:123456789012:alarm:prod-orders-api-cpu-critical",
                ["StateValue"] = "ALARM",
                ["StateReason"] = "Threshold Crossed: 3 datapoints were greater than the threshold (90.0).",
                ["StateUpdatedTimestamp"] = Start.ToUnixTimeSeconds(),
                ["Namespace"] = "AWS/ECS",
                ["MetricName"] = "CPUUtilization",
                ["Dimensions"] = new JsonArray(new JsonObject { ["Name"] = "ClusterName", ["Value"] = "prod-api" }, new JsonObject { ["Name"] = "ServiceName", ["Value"] = "orders-api" }),
                ["Threshold"] = 90.0,
                ["ComparisonOperator"] = "GreaterThanThreshold",
                ["EvaluationPeriods"] = 3,
                ["Period"] = 60,
            }),
            ["CompositeAlarms"] = new JsonArray(),
        });

        var response = await new AwsCloudWatch(aws.Client).DescribeAlarmsAsync(AwsClientHarness.Caller,
            new DescribeAlarmsRequest("prod-", "ALARM", "token", 100), CancellationToken.None);

        AssertRequestFits(aws, CloudWatchModel, "DescribeAlarms");
        var alarm = Assert.Single(response.MetricAlarms);
        Assert.Equal("ALARM", alarm.StateValue);
        Assert.Equal(Start, alarm.StateUpdatedTimestamp);
        Assert.Equal(["ClusterName", "ServiceName"], alarm.Dimensions.Select(d => d.Name));
        Assert.Null(response.NextToken);
    }

    [Fact]
    public async Task ListTasks_request_for_one_service_s_stopped_tasks_fits_the_model_and_the_example_answer_is_read()
    {
        using var aws = new AwsClientHarness();
        var answer = Answer(aws, EcsModel, "ListTasks", FromExample("ListTasks", complete: a => a["nextToken"] = "page-2"));

        var response = await new AwsEcs(aws.Client).ListTasksAsync(AwsClientHarness.Caller,
            new ListTasksRequest("prod-api", "orders-api", "STOPPED", "page-1", EcsLimits.ListTasksMax), CancellationToken.None);

        AssertRequestFits(aws, EcsModel, "ListTasks");
        var body = Assert.Single(aws.Requests).Body!;
        Assert.Equal("STOPPED", body["desiredStatus"]!.GetValue<string>());
        Assert.Equal(100, body["maxResults"]!.GetValue<int>());
        Assert.Equal(answer["taskArns"]!.AsArray().Select(a => a!.GetValue<string>()), response.TaskArns);
        Assert.Equal("page-2", response.NextToken);
    }

    [Fact]
    public async Task DescribeTasks_request_fits_the_model_and_a_stopped_task_with_exit_codes_is_read()
    {
        using var aws = new AwsClientHarness();
        Answer(aws, EcsModel, "DescribeTasks", new JsonObject
        {
            ["tasks"] = new JsonArray(new JsonObject
            {
                ["taskArn"] = "arn:aws:ecs:eu-west-1:123456789012:task/prod-api/0123456789abcdef0123456789abcdef",
                ["taskDefinitionArn"] = "arn:aws:ecs:eu-west-1:123456789012:task-definition/orders-api:7",
                ["clusterArn"] = "arn:aws:ecs:eu-west-1:123456789012:cluster/prod-api",
                ["group"] = "service:orders-api",
                ["lastStatus"] = "STOPPED",
                ["desiredStatus"] = "STOPPED",
                ["healthStatus"] = "UNKNOWN",
                ["launchType"] = "FARGATE",
                ["availabilityZone"] = "eu-west-1b",
                ["createdAt"] = 1_763_800_000.0,
                ["startedAt"] = 1_763_800_020.0,
                ["stoppedAt"] = 1_763_800_900.5,
                ["stopCode"] = "EssentialContainerExited",
                ["stoppedReason"] = "Essential container in task exited",
                ["containers"] = new JsonArray(
                    new JsonObject { ["name"] = "orders-api", ["lastStatus"] = "STOPPED", ["exitCode"] = 137, ["reason"] = "OutOfMemoryError: Container killed due to memory usage", ["healthStatus"] = "UNHEALTHY" },
                    new JsonObject { ["name"] = "log-router", ["lastStatus"] = "STOPPED", ["exitCode"] = 0 }),
            }),
            ["failures"] = new JsonArray(new JsonObject { ["arn"] = "arn:aws:ecs:eu-west-1:123456789012:task/prod-api/gone", ["reason"] = "MISSING" }),
        });

        var response = await new AwsEcs(aws.Client).DescribeTasksAsync(AwsClientHarness.Caller,
            new DescribeTasksRequest("prod-api", ["0123456789abcdef0123456789abcdef", "gone"]), CancellationToken.None);

        AssertRequestFits(aws, EcsModel, "DescribeTasks");
        var task = Assert.Single(response.Tasks);
        Assert.Equal("EssentialContainerExited", task.StopCode);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1_763_800_900_500), task.StoppedAt);
        Assert.Equal([new EcsContainer("orders-api", "STOPPED", 137, "OutOfMemoryError: Container killed due to memory usage", "UNHEALTHY"), new EcsContainer("log-router", "STOPPED", 0, null, null)], task.Containers);
        Assert.Equal("MISSING", Assert.Single(response.Failures).Reason);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(101)]
    public async Task DescribeTasks_refuses_more_than_a_hundred_tasks_or_none_without_calling_AWS(int count)
    {
        using var aws = new AwsClientHarness();

        await Assert.ThrowsAsync<Portal.Server.Cloud.CloudValidationException>(() => new AwsEcs(aws.Client).DescribeTasksAsync(AwsClientHarness.Caller,
            new DescribeTasksRequest("prod-api", Enumerable.Range(0, count).Select(i => $"task-{i}").ToList()), CancellationToken.None));
        Assert.Empty(aws.Requests);
    }

    private static JsonNode Answer(AwsClientHarness aws, AwsServiceModel model, string operation, JsonNode answer)
    {
        Assert.Empty(model.ValidateOutput(operation, answer));
        aws.Answer(HttpStatusCode.OK, answer.DeepClone());
        return answer;
    }

    private static void AssertRequestFits(AwsClientHarness aws, AwsServiceModel model, string operation)
    {
        var request = Assert.Single(aws.Requests);
        Assert.Equal($"{model.TargetPrefix}.{operation}", request.Target);
        Assert.Equal($"application/x-amz-json-{model.JsonVersion}", request.ContentType);
        Assert.Empty(model.ValidateInput(operation, request.Body));
    }

    /// <summary>AWS's example answer, with its ISO timestamps written as the epoch seconds the JSON protocol carries.</summary>
    private static JsonNode FromExample(string operation, int index = 0, Action<JsonObject>? complete = null)
    {
        var example = ToEpochSeconds(AwsExamples.Output("ecs", operation, index));
        complete?.Invoke(example.AsObject());
        return example;
    }

    private static JsonNode ToEpochSeconds(JsonNode node)
    {
        switch (node)
        {
            case JsonObject json:
                foreach (var (name, value) in json.ToList())
                {
                    if (value is not null)
                    {
                        json[name] = ToEpochSeconds(value.DeepClone());
                    }
                }

                return json;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is { } item)
                    {
                        array[i] = ToEpochSeconds(item.DeepClone());
                    }
                }

                return array;
            case JsonValue value when value.TryGetValue<string>(out var text) && IsTimestamp(text, out var at):
                return JsonValue.Create(at.ToUnixTimeMilliseconds() / 1000.0);
            default:
                return node;
        }
    }

    private static bool IsTimestamp(string text, out DateTimeOffset at)
    {
        at = default;
        return text.Length >= 20 && text[4] == '-' && text[10] == 'T'
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out at);
    }

    private static DateTimeOffset EpochOf(JsonNode value) => DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(value.GetValue<double>() * 1000));

    private static JsonObject ServiceWith(string name) => new()
    {
        ["serviceArn"] = $"arn:aws:ecs:eu-west-1:123456789012:service/default/{name}",
        ["serviceName"] = name,
        ["clusterArn"] = "arn:aws:ecs:eu-west-1:123456789012:cluster/default",
        ["status"] = "ACTIVE",
        ["desiredCount"] = 3,
        ["runningCount"] = 3,
        ["pendingCount"] = 0,
        ["taskDefinition"] = "arn:aws:ecs:eu-west-1:123456789012:task-definition/amazon-ecs-sample:2",
    };
}
