using Portal.Server.Cloud;
using Portal.Server.Cloud.CloudWatch;
using Portal.Server.Simulation.World;

namespace Portal.Server.Simulation;

/// <summary>CloudWatch as the simulated organization answers it: AWS/ECS service metrics and the services' alarms.</summary>
internal sealed class SimulatedCloudWatch(SimulatedWorld world) : ICloudWatch
{
    private const string Service = "cloudwatch";

    public Task<GetMetricDataResponse> GetMetricDataAsync(CloudCaller caller, GetMetricDataRequest request, CancellationToken cancellationToken)
    {
        lock (world.Gate)
        {
            var account = Authorize(caller, "GetMetricData");
            if (request.MetricDataQueries.Count is 0 or > CloudWatchLimits.GetMetricDataMaxQueries)
            {
                throw new CloudValidationException(Service, "GetMetricData", "ValidationError: MetricDataQueries must hold between 1 and 500 queries.");
            }

            var services = account.Clusters.SelectMany(c => c.Services).ToDictionary(s => (s.Cluster.Name, s.Name));
            var end = request.EndTime < world.Now ? request.EndTime : world.Now;
            var results = request.MetricDataQueries.Select(query => Answer(query, services, request.StartTime, end)).ToList();
            return Task.FromResult(new GetMetricDataResponse(results, null));
        }
    }

    public Task<DescribeAlarmsResponse> DescribeAlarmsAsync(CloudCaller caller, DescribeAlarmsRequest request, CancellationToken cancellationToken)
    {
        lock (world.Gate)
        {
            var account = Authorize(caller, "DescribeAlarms");
            var alarms = account.Alarms
                .Where(a => request.AlarmNamePrefix is null || a.Name.StartsWith(request.AlarmNamePrefix, StringComparison.Ordinal))
                .Where(a => request.StateValue is null || a.State == request.StateValue)
                .ToList();

            // Only the page is converted: converting every alarm for every page grows with pages × alarms.
            var (page, next) = Paging.Page(alarms, request.NextToken, request.MaxRecords, CloudWatchLimits.DescribeAlarmsMaxRecords, 50);
            var metricAlarms = page
                .Select(a => new MetricAlarm(a.Name, a.Arn, a.State, a.StateReason, a.StateUpdatedAt, "AWS/ECS", a.MetricName,
                    [new Dimension("ClusterName", a.Service.Cluster.Name), new Dimension("ServiceName", a.Service.Name)],
                    a.Threshold, "GreaterThanThreshold", a.EvaluationPeriods, 60))
                .ToList();
            return Task.FromResult(new DescribeAlarmsResponse(metricAlarms, next));
        }
    }

    private SimAccount Authorize(CloudCaller caller, string operation)
    {
        var account = world.FindAccount(caller.AccountId)
            ?? throw new CloudAccessDeniedException(Service, operation, $"Account {caller.AccountId} is not part of the simulated organization.");
        world.Iam.Authorize(caller, Service, operation, "*");
        return account;
    }

    private static MetricDataResult Answer(MetricDataQuery query, Dictionary<(string Cluster, string Service), SimService> services, DateTimeOffset start, DateTimeOffset end)
    {
        var metric = query.MetricStat.Metric;
        var cluster = metric.Dimensions.FirstOrDefault(d => d.Name == "ClusterName")?.Value;
        var serviceName = metric.Dimensions.FirstOrDefault(d => d.Name == "ServiceName")?.Value;
        if (metric.Namespace != "AWS/ECS" || cluster is null || serviceName is null || !services.TryGetValue((cluster, serviceName), out var service))
        {
            return new MetricDataResult(query.Id, metric.MetricName, [], [], "Complete");
        }

        // CloudWatch returns datapoints newest first, on period boundaries.
        var period = TimeSpan.FromSeconds(Math.Max(60, query.MetricStat.Period));
        var last = new DateTimeOffset(end.UtcTicks - (end.UtcTicks % period.Ticks), TimeSpan.Zero);
        var timestamps = new List<DateTimeOffset>();
        var values = new List<double>();
        for (var at = last; at >= start; at -= period)
        {
            timestamps.Add(at);
            values.Add(MetricModel.Value(service, metric.MetricName, at));
        }

        return new MetricDataResult(query.Id, metric.MetricName, timestamps, values, "Complete");
    }
}
