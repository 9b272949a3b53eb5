using Portal.Shared.Fleet;

namespace Portal.Shared.Tests.Fleet;

/// <summary>
/// ECS service event messages as AWS documents them and as people have quoted them from DescribeServices, each with
/// the class the portal gives it and where the text comes from. Placeholders in the documented forms are filled with
/// plausible values; quoted messages keep their wording (account ids and role names replaced).
/// </summary>
/// <remarks>
/// Sources, shortened in the table:
/// "ECS guide, service event messages": developerguide/service-event-messages.html (archived as
/// awsdocs/amazon-ecs-developer-guide doc_source/service-event-messages.md);
/// "ECS guide, unhealthy": developerguide/service-unhealthy-event-messages.html;
/// "ECS guide, AZ rebalancing": developerguide/service-rebalancing-event-messages-list.html and track-service-rebalancing.html.
/// The guide writes the prefix as "service (name)"; DescribeServices answers "(service name)", and older services
/// "service name" without parentheses, so the table has all three.
/// </remarks>
public static class DocumentedServiceEventMessages
{
    private const string TargetGroup = "arn:aws:elasticloadbalancing:eu-west-1:111122223333:targetgroup/tracking-api/73e2d6bc24d8a067";
    private const string Guide = "ECS guide, service event messages";
    private const string Unhealthy = "ECS guide, unhealthy";
    private const string Rebalancing = "ECS guide, AZ rebalancing";
    private const string Copilot = "aws/copilot-cli deploy event streamer tests";

    public static TheoryData<string, ServiceEventClass, string> All => new()
    {
        // Steady state
        { "(service tracking-api) has reached a steady state.", ServiceEventClass.SteadyState, Guide },
        { "service (tracking-api) has reached a steady state.", ServiceEventClass.SteadyState, Guide + " (heading form)" },
        { "(service httpd-web-SRZPVERKQOL) has reached a steady state.", ServiceEventClass.SteadyState, "convox/rack DescribeServices fixture" },

        // Placement failures: the cluster or Fargate could not take the task
        { "(service tracking-api) was unable to place a task because no container instance met all of its requirements.", ServiceEventClass.PlacementFailure, Guide },
        { "(service tracking-api) was unable to place a task because no container instance met all of its requirements. The closest matching (container-instance 1a2b3c4d5e6f47a8b9c0d1e2f3a4b5c6) has insufficient CPU units available. For more information, see the Troubleshooting section of the Amazon ECS Developer Guide.", ServiceEventClass.PlacementFailure, Guide },
        { "(service tracking-api) was unable to place a task because no container instance met all of its requirements. The closest matching (container-instance 1a2b3c4d5e6f47a8b9c0d1e2f3a4b5c6) has insufficient memory available. For more information, see the Troubleshooting section of the Amazon ECS Developer Guide.", ServiceEventClass.PlacementFailure, Guide + " (not enough memory)" },
        { "(service tracking-api) was unable to place a task because no container instance met all of its requirements. The closest matching (container-instance 1a2b3c4d5e6f47a8b9c0d1e2f3a4b5c6) encountered error \"AGENT\". For more information, see the Troubleshooting section of the Amazon ECS Developer Guide.", ServiceEventClass.PlacementFailure, Guide },
        { "(service tracking-api) was unable to place a task because no container instance met all of its requirements. The closest matching (container-instance 1a2b3c4d5e6f47a8b9c0d1e2f3a4b5c6) is already using a port required by your task.", ServiceEventClass.PlacementFailure, Guide + " (port already in use)" },
        { "(service tracking-api) was unable to place a task. Reason: You've reached the limit on the number of tasks you can run concurrently", ServiceEventClass.PlacementFailure, Guide },
        { "(service tracking-api) was unable to place a task. Reason: Internal error.", ServiceEventClass.PlacementFailure, Guide },
        { "(service tracking-api) was unable to place a task. Reason: The requested CPU configuration is above your limit.", ServiceEventClass.PlacementFailure, Guide },
        { "(service tracking-api) was unable to place a task. Reason: The requested MEMORY configuration is above your limit.", ServiceEventClass.PlacementFailure, Guide },
        { "(service tracking-api) was unable to place a task. Reason: You\u2019ve reached the limit on the number of vCPUs you can run concurrently", ServiceEventClass.PlacementFailure, Guide },
        { "service single-product was unable to place a task. Reason: Capacity is unavailable at this time. Please try again later or in a different availability zone.", ServiceEventClass.PlacementFailure, "Fargate capacity write-ups; re:Post knowledge center ecs-fargate-runtask-capacity" },
        { "(service MYSERVICE) was unable to place a task because no container instance met all of its requirements. The closest matching (container-instance 0123456789abcdef) encountered error \"DistinctInstance placement constraint unsatisfied.\". For more information, see the Troubleshooting section of the Amazon ECS Developer Guide", ServiceEventClass.PlacementFailure, "aws/containers-roadmap#723 (capacity provider)" },
        { "service my-service was unable to place a task because no container instance met all of its requirements. Reason: No Container Instances were found in your capacity provider.", ServiceEventClass.PlacementFailure, "aws/containers-roadmap#653 (capacity provider)" },
        { "service url-shortener-service was unable to place a task. Reason: ResourceInitializationError: unable to pull secrets or registry auth: The task cannot pull registry auth from Amazon ECR: There is a connection issue between the task and Amazon ECR. Check your task network configuration.", ServiceEventClass.PlacementFailure, "public ECS troubleshooting notes (ResourceInitializationError)" },
        { "(service test_def-service-vnwns50w) was unable to place a task. Reason: CannotPullContainerError: pull image manifest has been retried 1 time(s): failed to resolve ref docker.io/library/repository:latest: pull access denied, repository does not exist or may require authorization", ServiceEventClass.PlacementFailure, "public ECS troubleshooting notes (CannotPullContainerError)" },
        { "service (tracking-api) is unable to place a task in Availability Zone eu-west-1c because no container instance met all of its requirements.", ServiceEventClass.PlacementFailure, Rebalancing + " (EC2)" },
        { "service (tracking-api) is unable to place a task in Availability Zone eu-west-1c.", ServiceEventClass.PlacementFailure, Rebalancing + " (Fargate)" },
        { "(service my-svc) was unable to place a task.", ServiceEventClass.PlacementFailure, Copilot },

        // Unhealthy targets
        { "(service legacy-web) (instance i-0123456789abcdef0) is unhealthy in (elb legacy-web) due to (reason Instance has failed at least the UnhealthyThreshold number of health checks consecutively.)", ServiceEventClass.UnhealthyTarget, Guide + " (Classic Load Balancer)" },
        { $"(service tracking-api) (task 5f2e0c8a9d3b4e1f8a7c6b5d4e3f2a1b) (instance i-0123456789abcdef0) (port 8080) is unhealthy in (target-group {TargetGroup}) due to (reason Health checks failed)", ServiceEventClass.UnhealthyTarget, Unhealthy + " (EC2)" },
        { $"(service tracking-api, taskSet ecs-svc/4903281934837485772) (task 5f2e0c8a9d3b4e1f8a7c6b5d4e3f2a1b) (instance i-0123456789abcdef0) (port 8080) is unhealthy in (target-group {TargetGroup}) due to (reason Request timed out)", ServiceEventClass.UnhealthyTarget, Unhealthy + " (EC2 with taskSet)" },
        { $"(service tracking-api) (task 5f2e0c8a9d3b4e1f8a7c6b5d4e3f2a1b) (port 8080) is unhealthy in (target-group {TargetGroup}) due to (reason Health checks failed with these codes: [503])", ServiceEventClass.UnhealthyTarget, Unhealthy + " (Fargate)" },
        { $"(service tracking-api, taskSet ecs-svc/4903281934837485772) (task 5f2e0c8a9d3b4e1f8a7c6b5d4e3f2a1b) (port 8080) is unhealthy in (target-group {TargetGroup}) due to (reason Health checks failed)", ServiceEventClass.UnhealthyTarget, Unhealthy + " (Fargate with taskSet)" },
        { "service my-awesome-service (port 8081) is unhealthy in target-group my-custer-my-awesome-service due to (reason Health checks failed with these codes: [502]).", ServiceEventClass.UnhealthyTarget, "blog.jakubholy.net, troubleshooting Fargate health checks (no parentheses)" },
        { "service X (instance i-0f1e2d3c4b5a69788) is unhealthy in elb Y due to (reason Instance has failed at least the UnhealthyThreshold number of health checks consecutively.)", ServiceEventClass.UnhealthyTarget, "aws/amazon-ecs-agent#1561 (Classic Load Balancer, no parentheses)" },
        { "(service my-svc) (port 80) is unhealthy in (target-group 1234) due to (reason some-error).", ServiceEventClass.UnhealthyTarget, Copilot },

        // Tasks that fail to start or to stay healthy
        { "(service tracking-api) is unable to consistently start tasks successfully. For more information, see the Troubleshooting section of the Amazon ECS Developer Guide.", ServiceEventClass.TaskFailedToStart, Guide },
        { "(service task-service) (task b5067ed30cc5431d89fe74c47fd9981f) failed container health checks.", ServiceEventClass.TaskFailedToStart, "public ECS deployment notes; " + Copilot },
        { "(service loppestars-service) failed to launch a task with (error ECS was unable to assume the role 'arn:aws:iam::111122223333:role/task-role' that was provided for this task. Please verify that the role being passed has the proper trust relationship and permissions and that your IAM user has permissions to pass this role.)", ServiceEventClass.TaskFailedToStart, "public ECS troubleshooting notes (task role)" },
        { "(service image_inferrer) failed to launch a task with (error EssentialContainerExited).", ServiceEventClass.TaskFailedToStart, "public ECS alerting notes" },
        { "(service my-svc) failed to launch a task with (error some-error).", ServiceEventClass.TaskFailedToStart, Copilot },

        // Throttling
        { "(service tracking-api) operations are being throttled. Will try again later.", ServiceEventClass.Throttled, Guide },
        { "service production-web operations are being throttled on elb. Will try again later.", ServiceEventClass.Throttled, "public Fargate scaling write-up (throttled on elb)" },

        // The scheduler is held back
        { "(service tracking-api) was unable to stop or start tasks during a deployment because of the service deployment configuration. Update the minimumHealthyPercent or maximumPercent value and try again.", ServiceEventClass.ScalingBlocked, Guide },
        { "(service tracking-api) was unable to reach steady state because task set (ecs-svc/4903281934837485772) was unable to scale in. Reason: The number of protected tasks are more than the desired count of tasks.", ServiceEventClass.ScalingBlocked, Guide + " (task scale-in protection)" },

        // Load balancer registration
        { "(service hello-world-2017-05-15-10-45) registered 1 instances in (elb hello-world-ELB-O5IUREC150O5)", ServiceEventClass.TargetsRegistered, "99designs/ecs-upload-task README (Classic Load Balancer)" },
        { "(service httpd-web-SRZPVERKQOL) registered 1 instances in (elb httpd)", ServiceEventClass.TargetsRegistered, "convox/rack DescribeServices fixture (Classic Load Balancer)" },
        { "service X registered 1 instances in elb Y", ServiceEventClass.TargetsRegistered, "aws/amazon-ecs-agent#1561 (no parentheses)" },
        { "(service my-svc) registered 1 targets in (target-group 1234)", ServiceEventClass.TargetsRegistered, Copilot },
        { "(service hello-world-2017-05-15-10-45) deregistered 1 instances in (elb hello-world-ELB-O5IUREC150O5)", ServiceEventClass.TargetsDeregistered, "99designs/ecs-upload-task README (Classic Load Balancer)" },
        { "(service httpd-web-SRZPVERKQOL) deregistered 1 instances in (elb httpd)", ServiceEventClass.TargetsDeregistered, "convox/rack DescribeServices fixture (Classic Load Balancer)" },
        { "service XX deregistered 1 targets in target-group YYYYY", ServiceEventClass.TargetsDeregistered, "aws/containers-roadmap#804 (no parentheses)" },
        { "(service my-svc) failed to register targets in (target-group 1234) with (error some-error)", ServiceEventClass.TargetRegistrationFailed, Copilot },
        { "service XX has begun draining connections on 1 tasks.", ServiceEventClass.Draining, "aws/containers-roadmap#804" },

        // Tasks started and stopped, by deployments and by AZ rebalancing
        { "(service hello-world-2017-05-15-10-45) has started 1 tasks: (task 81b2963f-072a-479b-856f-26af2ec615f8).", ServiceEventClass.TasksStarted, "99designs/ecs-upload-task README" },
        { "(service hello-world-2017-05-15-10-45) has stopped 1 running tasks: (task a3e3a91b-be05-4092-bcf6-47f2075933af).", ServiceEventClass.TasksStopped, "99designs/ecs-upload-task README" },
        { "tracking-api has started 2 tasks in Availability Zone eu-west-1a to AZ Rebalance: (task 5f2e0c8a9d3b4e1f8a7c6b5d4e3f2a1b) (task 9ab1c2d3e4f5a6b7c8d9e0f1a2b3c4d5).", ServiceEventClass.TasksStarted, Rebalancing },
        { "tracking-api has stopped 1 running tasks in Availability Zone eu-west-1b due to AZ rebalancing: (task 0668979337dc48ebb791640cd1162053).", ServiceEventClass.TasksStopped, Rebalancing },
        { "service (tracking-api) is not AZ balanced with 3 tasks in eu-west-1a, 1 in eu-west-1b, and 0 in eu-west-1c. AZ Rebalancing in progress.", ServiceEventClass.Rebalancing, Rebalancing },
        { "service (tracking-api) is AZ balanced with 2 tasks in eu-west-1a, 1 tasks in eu-west-1b, and 1 tasks in eu-west-1c.", ServiceEventClass.Rebalancing, Rebalancing },

        // Deployments and the circuit breaker
        { "(service demo-test-api-Service-ZMAe8F2ERZtu) (deployment ecs-svc/6564300971027597161) deployment failed: tasks failed to start.", ServiceEventClass.DeploymentFailed, "aws/copilot-cli deploy output quoted in a public repository" },
        { "(service devops-g3-inventory) (deployment ecs-svc/1571272475813219068) deployment failed: tasks failed to start.", ServiceEventClass.DeploymentFailed, "public ECS incident notes" },
        { "(service my-svc) deployment ecs-svc/0205655736282798388 deployment failed: alarm detected.", ServiceEventClass.DeploymentFailed, Copilot },
        { "(service my-svc) (deployment 123) deployment failed: some-error.", ServiceEventClass.DeploymentFailed, Copilot },
        { "(service my-svc) rolling back to deployment ecs-svc/9086637243870003494.", ServiceEventClass.Rollback, Copilot },
        { "(service devops-g3-inventory) rolling back to deployment ecs-svc/1675294001379389663.", ServiceEventClass.Rollback, "public ECS incident notes" },
        { "(service mydockerlabs-WebService-BKsnNzwe3LEG) (deployment ecs-svc/3556177981863873465) deployment completed.", ServiceEventClass.DeploymentCompleted, "DescribeServices output quoted in a public repository" },
        { "(service devops-g3-payment) (deployment ecs-svc/1245947851428932511) deployment completed.", ServiceEventClass.DeploymentCompleted, "public ECS incident notes" },
    };
}
