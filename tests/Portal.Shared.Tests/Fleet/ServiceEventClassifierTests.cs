using Portal.Shared.Fleet;

namespace Portal.Shared.Tests.Fleet;

public class ServiceEventClassifierTests
{
    [Theory]
    // Steady state
    [InlineData("(service tracking-api) has reached a steady state.", ServiceEventClass.SteadyState)]
    [InlineData("(service tracking-api, taskSet ecs-svc/4903281934837485772) has reached a steady state.", ServiceEventClass.SteadyState)]
    // Tasks started
    [InlineData("(service tracking-api) has started 2 tasks: (task 5f2e0c8a9d3b4e1f8a7c6b5d4e3f2a1b) (task 9ab1c2d3e4f5a6b7c8d9e0f1a2b3c4d5).", ServiceEventClass.TasksStarted)]
    [InlineData("(service tracking-api) has started 1 tasks: (task 0668979337dc48ebb791640cd1162053). Amazon ECS replaced 1 tasks due to an unhealthy status.", ServiceEventClass.TasksStarted)]
    [InlineData("tracking-api has started 2 tasks in Availability Zone eu-west-1a to AZ Rebalance: (task 5f2e) (task 9ab1).", ServiceEventClass.TasksStarted)]
    // Tasks stopped
    [InlineData("(service tracking-api) has stopped 1 running tasks: (task 5f2e0c8a9d3b4e1f8a7c6b5d4e3f2a1b).", ServiceEventClass.TasksStopped)]
    [InlineData("(service tracking-api) stopped 2 pending tasks.", ServiceEventClass.TasksStopped)]
    [InlineData("(service tracking-api) has stopped 3 running tasks: (task a) (task b) (task c).", ServiceEventClass.TasksStopped)]
    // Draining
    [InlineData("(service tracking-api) has begun draining connections on 1 tasks.", ServiceEventClass.Draining)]
    [InlineData("(service tracking-api, taskSet ecs-svc/4903281934837485772) has begun draining connections on 3 tasks.", ServiceEventClass.Draining)]
    // Targets registered
    [InlineData("(service tracking-api) registered 2 targets in (target-group arn:aws:elasticloadbalancing:eu-west-1:111122223333:targetgroup/tracking-api/73e2d6bc24d8a067)", ServiceEventClass.TargetsRegistered)]
    [InlineData("(service tracking-api) registered 1 targets in (target-group arn:aws:elasticloadbalancing:eu-west-1:111122223333:targetgroup/tracking-api-blue/1a2b3c4d5e6f7a8b)", ServiceEventClass.TargetsRegistered)]
    // Targets deregistered
    [InlineData("(service tracking-api) deregistered 1 targets in (target-group arn:aws:elasticloadbalancing:eu-west-1:111122223333:targetgroup/tracking-api/73e2d6bc24d8a067)", ServiceEventClass.TargetsDeregistered)]
    [InlineData("(service tracking-api) deregistered 4 targets in (target-group arn:aws:elasticloadbalancing:eu-west-1:111122223333:targetgroup/tracking-api-green/8b7a6f5e4d3c2b1a)", ServiceEventClass.TargetsDeregistered)]
    // Unhealthy target
    [InlineData("(service tracking-api) (task 5f2e0c8a9d3b4e1f8a7c6b5d4e3f2a1b) (port 8080) is unhealthy in (target-group arn:aws:elasticloadbalancing:eu-west-1:111122223333:targetgroup/tracking-api/73e2d6bc24d8a067) due to (reason Health checks failed).", ServiceEventClass.UnhealthyTarget)]
    [InlineData("(service tracking-api) (task c9beb1b8) (port 4000) is unhealthy in (target-group arn:aws:elasticloadbalancing:eu-west-1:111122223333:targetgroup/api/1a2b) due to (reason Health checks failed with these codes: [500]).", ServiceEventClass.UnhealthyTarget)]
    [InlineData("(service legacy-web) (instance i-0123456789abcdef0) (port 80) is unhealthy in (target-group arn:aws:elasticloadbalancing:eu-west-1:111122223333:targetgroup/legacy/1a2b) due to (reason Request timed out).", ServiceEventClass.UnhealthyTarget)]
    [InlineData("(service legacy-web) (instance i-0123456789abcdef0) is unhealthy in (elb legacy-web-elb) due to (reason Instance has failed at least the UnhealthyThreshold number of health checks consecutively.)", ServiceEventClass.UnhealthyTarget)]
    [InlineData("(service tracking-api) (task 5f2e0c8a9d3b4e1f8a7c6b5d4e3f2a1b) failed ELB health checks in (target-group arn:aws:elasticloadbalancing:eu-west-1:111122223333:targetgroup/tracking-api/73e2d6bc24d8a067).", ServiceEventClass.UnhealthyTarget)]
    // Placement failure
    [InlineData("(service tracking-api) was unable to place a task because no container instance met all of its requirements. The closest matching (container-instance 1a2b3c4d5e6f) has insufficient CPU units available. For more information, see the Troubleshooting section of the Amazon ECS Developer Guide.", ServiceEventClass.PlacementFailure)]
    [InlineData("(service tracking-api) was unable to place a task. Reason: You've reached the limit on the number of vCPUs you can run concurrently. For more information, see the Troubleshooting section of the Amazon ECS Developer Guide.", ServiceEventClass.PlacementFailure)]
    [InlineData("(service authn) was unable to place a task. Reason: ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed.", ServiceEventClass.PlacementFailure)]
    [InlineData("(service tracking-api) is unable to place a task in Availability Zone eu-west-1c because no container instance met all of its requirements.", ServiceEventClass.PlacementFailure)]
    // Deployment completed
    [InlineData("(service tracking-api) (deployment ecs-svc/1234567890123456789) deployment completed.", ServiceEventClass.DeploymentCompleted)]
    [InlineData("(service billing) (deployment ecs-svc/7812920447217021088) deployment completed.", ServiceEventClass.DeploymentCompleted)]
    // Deployment failed
    [InlineData("(service tracking-api) (deployment ecs-svc/1234567890123456789) deployment failed: tasks failed to start.", ServiceEventClass.DeploymentFailed)]
    [InlineData("(service tracking-api) (deployment ecs-svc/1234567890123456789) deployment failed: alarm detected.", ServiceEventClass.DeploymentFailed)]
    [InlineData("(service my-svc) deployment ecs-svc/0205655736282798388 deployment failed: alarm detected.", ServiceEventClass.DeploymentFailed)]
    [InlineData("(service production) (deployment ecs-svc/6564300971027597161) deployment failed: tasks failed to start. (service production) was unable to place a task. Reason: You've reached the limit on the number of vCPUs you can run concurrently.", ServiceEventClass.DeploymentFailed)]
    // Rollback
    [InlineData("(service tracking-api) rolling back to deployment ecs-svc/1234567890123456789.", ServiceEventClass.Rollback)]
    [InlineData("(service tracking-api) (deployment ecs-svc/2222222222222222222) rolling back to deployment ecs-svc/1111111111111111111.", ServiceEventClass.Rollback)]
    [InlineData("(service tracking-api) deployment ecs-svc/2222222222222222222 has been rolled back.", ServiceEventClass.Rollback)]
    [InlineData("ECS deployment circuit breaker: rolling back to deploymentId ecs-svc/1111111111111111111.", ServiceEventClass.Rollback)]
    [InlineData("(service tracking-api) (deployment ecs-svc/2222222222222222222) deployment failed: alarm detected. Rolling back to deployment ecs-svc/1111111111111111111.", ServiceEventClass.Rollback)]
    // Task failed to start
    [InlineData("(service tracking-api) failed to launch a task with (error ECS was unable to assume the role 'arn:aws:iam::111122223333:role/tracking-api-task' that was provided for this task.)", ServiceEventClass.TaskFailedToStart)]
    [InlineData("(service tracking-api) is unable to consistently start tasks successfully. For more information, see the Troubleshooting section of the Amazon ECS Developer Guide.", ServiceEventClass.TaskFailedToStart)]
    [InlineData("(service tracking-api) (task b5067ed30cc5431d89fe74c47fd9981f) failed container health checks.", ServiceEventClass.TaskFailedToStart)]
    // Throttled
    [InlineData("(service tracking-api) operations are being throttled. Will try again later.", ServiceEventClass.Throttled)]
    // Scaling blocked
    [InlineData("(service tracking-api) was unable to stop or start tasks during a deployment because of the service deployment configuration. Update the minimumHealthyPercent or maximumPercent value and try again.", ServiceEventClass.ScalingBlocked)]
    // Target registration failed
    [InlineData("(service tracking-api) failed to register targets in (target-group arn:aws:elasticloadbalancing:eu-west-1:111122223333:targetgroup/tracking-api/73e2d6bc24d8a067) with (error The target group does not exist)", ServiceEventClass.TargetRegistrationFailed)]
    // Other: Service Auto Scaling's own messages appear in the console, not in DescribeServices
    [InlineData("Message: Successfully set desired count to 4. Change successfully fulfilled by ecs.", ServiceEventClass.Other)]
    [InlineData("(service tracking-api) was updated by arn:aws:iam::111122223333:user/ops.", ServiceEventClass.Other)]
    [InlineData("", ServiceEventClass.Other)]
    [InlineData("   ", ServiceEventClass.Other)]
    public void Classify_reads_ecs_service_event_formats(string message, ServiceEventClass expected) =>
        Assert.Equal(expected, ServiceEventClassifier.Classify(message));

    [Theory]
    [MemberData(nameof(DocumentedServiceEventMessages.All), MemberType = typeof(DocumentedServiceEventMessages))]
    public void Classify_names_every_documented_and_quoted_message(string message, ServiceEventClass expected, string source)
    {
        var actual = ServiceEventClassifier.Classify(message);

        Assert.True(actual == expected, $"Expected {expected} but got {actual} for \"{message}\" ({source}).");
    }

    [Theory]
    // A failed registration is not a registration, and a deregistration is not a registration.
    [InlineData("(service tracking-api) failed to register targets in (target-group tg) with (error The target group does not exist)", ServiceEventClass.TargetRegistrationFailed)]
    [InlineData("(service legacy-web) deregistered 2 instances in (elb legacy-web)", ServiceEventClass.TargetsDeregistered)]
    // Not reaching a steady state is not a steady state.
    [InlineData("(service tracking-api) was unable to reach steady state because task set (ecs-svc/1) was unable to scale in. Reason: The number of protected tasks are more than the desired count of tasks.", ServiceEventClass.ScalingBlocked)]
    // Names and reasons that contain the words of another message do not make it that message.
    [InlineData("(service unhealthy-in-target-group) has reached a steady state.", ServiceEventClass.SteadyState)]
    [InlineData("(service registered-1-targets) has begun draining connections on 1 tasks.", ServiceEventClass.Draining)]
    [InlineData("(service tracking-api) has started 1 tasks: (task 5f2e). Amazon ECS replaced 1 tasks due to an unhealthy status.", ServiceEventClass.TasksStarted)]
    [InlineData("(service tracking-api) is unhealthy because its alarm fired.", ServiceEventClass.Other)]
    [InlineData("(service tracking-api) is balanced.", ServiceEventClass.Other)]
    public void Classify_is_anchored_on_the_verb_phrase(string message, ServiceEventClass expected) =>
        Assert.Equal(expected, ServiceEventClassifier.Classify(message));

    [Fact]
    public void Classify_is_case_insensitive() =>
        Assert.Equal(ServiceEventClass.SteadyState, ServiceEventClassifier.Classify("(SERVICE TRACKING-API) HAS REACHED A STEADY STATE."));

    [Fact]
    public void Classify_treats_a_null_message_as_other() =>
        Assert.Equal(ServiceEventClass.Other, ServiceEventClassifier.Classify(null!));

    [Theory]
    [InlineData("(service tracking-api) (deployment ecs-svc/1234567890123456789) deployment completed.", "ecs-svc/1234567890123456789")]
    [InlineData("(service tracking-api) (deployment ecs-svc/2222222222222222222) deployment failed: tasks failed to start.", "ecs-svc/2222222222222222222")]
    [InlineData("(service tracking-api) rolling back to deployment ecs-svc/1111111111111111111.", "ecs-svc/1111111111111111111")]
    [InlineData("(service tracking-api) (deployment ecs-svc/2222222222222222222) rolling back to deployment ecs-svc/1111111111111111111.", "ecs-svc/2222222222222222222")]
    [InlineData("(service tracking-api, taskSet ecs-svc/4903281934837485772) has reached a steady state.", "ecs-svc/4903281934837485772")]
    [InlineData("(service tracking-api) has reached a steady state.", null)]
    [InlineData("(service tracking-api) rolling back to deployment ecs-svc/", null)]
    [InlineData("", null)]
    public void DeploymentId_returns_the_first_deployment_the_message_names(string message, string? expected) =>
        Assert.Equal(expected, ServiceEventClassifier.DeploymentId(message));
}
