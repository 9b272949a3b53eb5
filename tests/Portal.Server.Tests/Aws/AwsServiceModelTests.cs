namespace Portal.Server.Tests.Aws;

public class AwsServiceModelTests
{
    [Fact]
    public void Ecs_metadata_is_json_1_1_with_its_target_prefix()
    {
        var ecs = AwsServiceModel.Load("ecs");

        Assert.Equal("json", ecs.Protocol);
        Assert.Equal("1.1", ecs.JsonVersion);
        Assert.Equal("AmazonEC2ContainerServiceV20141113", ecs.TargetPrefix);
        Assert.Equal("ecs", ecs.EndpointPrefix);
        Assert.Equal("ecs", ecs.SigningName);
        Assert.Equal("2014-11-13", ecs.ApiVersion);
    }

    [Fact]
    public void CloudWatch_prefers_cbor_but_accepts_json_1_0_and_signs_as_its_endpoint_prefix()
    {
        var cloudWatch = AwsServiceModel.Load("cloudwatch");

        Assert.Equal("smithy-rpc-v2-cbor", cloudWatch.Protocol);
        Assert.Contains("json", cloudWatch.Protocols);
        Assert.Equal("1.0", cloudWatch.JsonVersion);
        Assert.Equal("GraniteServiceVersion20100801", cloudWatch.TargetPrefix);
        Assert.Equal("monitoring", cloudWatch.EndpointPrefix);
        // The model has no signingName, so SigV4 uses the endpoint prefix.
        Assert.Equal("monitoring", cloudWatch.SigningName);
    }

    [Fact]
    public void Cost_Explorer_metadata_is_json_1_1_with_its_target_prefix()
    {
        var costExplorer = AwsServiceModel.Load("ce");

        Assert.Equal("json", costExplorer.Protocol);
        Assert.Equal("1.1", costExplorer.JsonVersion);
        Assert.Equal("AWSInsightsIndexService", costExplorer.TargetPrefix);
        Assert.Equal("ce", costExplorer.EndpointPrefix);
        Assert.Equal("ce", costExplorer.SigningName);
    }

    [Theory]
    [InlineData("ecs", "ListClusters", "ListClustersRequest", "ListClustersResponse")]
    [InlineData("ecs", "DescribeClusters", "DescribeClustersRequest", "DescribeClustersResponse")]
    [InlineData("ecs", "ListServices", "ListServicesRequest", "ListServicesResponse")]
    [InlineData("ecs", "DescribeServices", "DescribeServicesRequest", "DescribeServicesResponse")]
    [InlineData("ecs", "DescribeTaskDefinition", "DescribeTaskDefinitionRequest", "DescribeTaskDefinitionResponse")]
    [InlineData("ecs", "RegisterTaskDefinition", "RegisterTaskDefinitionRequest", "RegisterTaskDefinitionResponse")]
    [InlineData("ecs", "UpdateService", "UpdateServiceRequest", "UpdateServiceResponse")]
    [InlineData("ecs", "ListServiceDeployments", "ListServiceDeploymentsRequest", "ListServiceDeploymentsResponse")]
    [InlineData("ecs", "DescribeServiceDeployments", "DescribeServiceDeploymentsRequest", "DescribeServiceDeploymentsResponse")]
    [InlineData("cloudwatch", "GetMetricData", "GetMetricDataInput", "GetMetricDataOutput")]
    [InlineData("cloudwatch", "DescribeAlarms", "DescribeAlarmsInput", "DescribeAlarmsOutput")]
    [InlineData("ce", "GetCostAndUsage", "GetCostAndUsageRequest", "GetCostAndUsageResponse")]
    public void Operations_name_their_input_and_output_shapes(string service, string name, string input, string output)
    {
        var operation = AwsServiceModel.Load(service).Operation(name);

        Assert.Equal(name, operation.Name);
        Assert.Equal(input, operation.InputShape);
        Assert.Equal(output, operation.OutputShape);
        Assert.Equal("POST", operation.HttpMethod);
        Assert.Equal("/", operation.RequestUri);
    }

    [Fact]
    public void An_unknown_operation_is_an_error_naming_it()
    {
        var error = Assert.Throws<KeyNotFoundException>(() => AwsServiceModel.Load("ecs").Operation("ListClusterz"));

        Assert.Contains("ListClusterz", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_service_folder_is_an_error_naming_it() =>
        Assert.Throws<FileNotFoundException>(() => AwsServiceModel.Load("no-such-service"));

    [Theory]
    [InlineData("ecs")]
    [InlineData("cloudwatch")]
    [InlineData("ce")]
    public void Every_pattern_of_the_model_compiles(string service)
    {
        var model = AwsServiceModel.Load(service);
        var patterns = model.ShapeNames
            .Select(name => model.Shape(name)["pattern"]?.GetValue<string>())
            .OfType<string>()
            .ToList();

        Assert.NotEmpty(patterns);
        Assert.All(patterns, pattern => AwsShapeValidator.Pattern(pattern));
    }

    [Fact]
    public void A_java_class_escape_followed_by_a_dash_reads_the_dash_literally()
    {
        // Cost Explorer's CostCategoryName: ^(?! )[\p{L}\p{N}\p{Z}-_]*(?<! )$
        var pattern = AwsServiceModel.Load("ce").Shape("CostCategoryName")["pattern"]!.GetValue<string>();
        var regex = AwsShapeValidator.Pattern(pattern);

        Assert.Matches(regex, "Team-Platform_2");
        Assert.DoesNotMatch(regex, " leading space");
        Assert.DoesNotMatch(regex, "semi;colon");
    }

    [Fact]
    public void A_java_escaped_underscore_is_an_underscore()
    {
        // CloudWatch's TemplateName: [0-9A-Za-z][\-\.\_0-9A-Za-z]{0,126}[0-9A-Za-z]
        var pattern = AwsServiceModel.Load("cloudwatch").Shape("TemplateName")["pattern"]!.GetValue<string>();
        var regex = AwsShapeValidator.Pattern("^" + pattern + "$");

        Assert.Matches(regex, "my_template-1.0");
        Assert.DoesNotMatch(regex, "my template");
    }

    [Fact]
    public void Shape_returns_a_copy()
    {
        var ecs = AwsServiceModel.Load("ecs");
        ecs.Shape("ServiceField")["enum"]!.AsArray().Add("NOPE");

        Assert.Single(ecs.Shape("ServiceField")["enum"]!.AsArray());
    }

    // What AWS's models say about the limits the portal cares about. The ECS documentation gives DescribeServices a
    // limit of 10 services in prose only (the portal's EcsLimits.DescribeServicesMax); the model has no trait for it.

    [Fact]
    public void Model_DescribeServices_services_has_no_max()
    {
        var ecs = AwsServiceModel.Load("ecs");

        Assert.Equal("StringList", ecs.MemberShapeName("DescribeServicesRequest", "services"));
        Assert.Null(ecs.MemberTarget("DescribeServicesRequest", "services")["max"]);
    }

    [Fact]
    public void Model_ListServices_and_ListClusters_maxResults_have_no_range()
    {
        var ecs = AwsServiceModel.Load("ecs");

        foreach (var request in new[] { "ListServicesRequest", "ListClustersRequest" })
        {
            Assert.Equal("BoxedInteger", ecs.MemberShapeName(request, "maxResults"));
            var target = ecs.MemberTarget(request, "maxResults");
            Assert.Equal("integer", target["type"]!.GetValue<string>());
            Assert.Null(target["min"]);
            Assert.Null(target["max"]);
        }
    }

    [Fact]
    public void Model_GetMetricData_MetricDataQueries_has_no_max()
    {
        var cloudWatch = AwsServiceModel.Load("cloudwatch");

        Assert.Equal("MetricDataQueries", cloudWatch.MemberShapeName("GetMetricDataInput", "MetricDataQueries"));
        Assert.Null(cloudWatch.MemberTarget("GetMetricDataInput", "MetricDataQueries")["max"]);
    }

    [Fact]
    public void Model_DescribeAlarms_MaxRecords_ranges_from_1_to_100()
    {
        var target = AwsServiceModel.Load("cloudwatch").MemberTarget("DescribeAlarmsInput", "MaxRecords");

        Assert.Equal(1, target["min"]!.GetValue<int>());
        Assert.Equal(100, target["max"]!.GetValue<int>());
    }

    [Fact]
    public void Model_metric_dimensions_hold_at_most_30()
    {
        var target = AwsServiceModel.Load("cloudwatch").MemberTarget("Metric", "Dimensions");

        Assert.Equal(30, target["max"]!.GetValue<int>());
    }
}
