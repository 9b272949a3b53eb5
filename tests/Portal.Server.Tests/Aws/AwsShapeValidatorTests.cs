using System.Text.Json.Nodes;

namespace Portal.Server.Tests.Aws;

public class AwsShapeValidatorTests
{
    private static readonly AwsServiceModel Ecs = AwsServiceModel.Load("ecs");
    private static readonly AwsServiceModel CloudWatch = AwsServiceModel.Load("cloudwatch");

    private const string ValidGetMetricData = """
        {
          "MetricDataQueries": [
            {
              "Id": "cpu",
              "MetricStat": {
                "Metric": {
                  "Namespace": "AWS/ECS",
                  "MetricName": "CPUUtilization",
                  "Dimensions": [ { "Name": "ClusterName", "Value": "prod" }, { "Name": "ServiceName", "Value": "api" } ]
                },
                "Period": 60,
                "Stat": "Average"
              },
              "ReturnData": true
            }
          ],
          "StartTime": 1795953600,
          "EndTime": 1795957200.5,
          "ScanBy": "TimestampAscending"
        }
        """;

    [Fact]
    public void ListClusters_with_maxResults_100_is_valid() =>
        Assert.Empty(Ecs.ValidateInput("ListClusters", Json("""{"maxResults": 100}""")));

    [Fact]
    public void ListClusters_with_maxResults_1000_is_invalid_only_if_the_model_ranges_it()
    {
        var target = Ecs.MemberTarget("ListClustersRequest", "maxResults");
        var outOfRange = target["max"]?.GetValue<int>() < 1000 || target["min"]?.GetValue<int>() > 1000;

        var problems = Ecs.ValidateInput("ListClusters", Json("""{"maxResults": 1000}"""));

        Assert.Equal(outOfRange, problems.Count > 0);
    }

    [Fact]
    public void An_unknown_member_is_flagged_with_the_spelling_of_the_model()
    {
        var problems = Ecs.ValidateInput("ListClusters", Json("""{"MaxResults": 10, "pageSize": 10}"""));

        Assert.Equal(
            ["$.MaxResults: unknown member; the model spells it \"maxResults\"", "$.pageSize: unknown member"],
            problems);
    }

    [Fact]
    public void A_missing_required_member_is_flagged()
    {
        var problems = Ecs.ValidateInput("DescribeServices", Json("""{"cluster": "prod"}"""));

        Assert.Equal(["$.services: missing required member"], problems);
    }

    [Fact]
    public void An_input_without_a_body_is_flagged()
    {
        Assert.Equal(["$: no body; a JSON-protocol request carries at least {}"], Ecs.ValidateInput("ListClusters", null));
        Assert.Empty(Ecs.ValidateInput("ListClusters", new JsonObject()));
    }

    [Theory]
    [InlineData("""{"services": "api"}""", "$.services: expected an array for list shape StringList, got the string \"api\"")]
    [InlineData("""{"services": [42]}""", "$.services[0]: expected a string for string shape String, got the number 42")]
    [InlineData("""{"services": ["api"], "cluster": {"name": "prod"}}""", "$.cluster: expected a string for string shape String, got an object")]
    [InlineData("""{"services": ["api"], "include": "TAGS"}""", "$.include: expected an array for list shape ServiceFieldList, got the string \"TAGS\"")]
    public void A_wrong_type_is_flagged(string body, string problem) =>
        Assert.Equal([problem], Ecs.ValidateInput("DescribeServices", Json(body)));

    [Theory]
    [InlineData("""{"maxResults": "100"}""", "$.maxResults: expected an integer for integer shape BoxedInteger, got the string \"100\"")]
    [InlineData("""{"maxResults": 1.5}""", "$.maxResults: 1.5 is not an integer literal, as integer shape BoxedInteger needs")]
    [InlineData("""{"maxResults": 100.0}""", "$.maxResults: 100.0 is not an integer literal, as integer shape BoxedInteger needs")]
    [InlineData("""{"maxResults": 3000000000}""", "$.maxResults: 3000000000 is outside the range of integer shape BoxedInteger")]
    [InlineData("""{"maxResults": true}""", "$.maxResults: expected an integer for integer shape BoxedInteger, got true")]
    public void A_number_that_is_not_a_32_bit_integer_is_flagged(string body, string problem) =>
        Assert.Equal([problem], Ecs.ValidateInput("ListClusters", Json(body)));

    [Fact]
    public void A_null_member_is_flagged_in_a_request()
    {
        var problems = Ecs.ValidateInput("ListClusters", Json("""{"nextToken": null}"""));

        Assert.Equal(["$.nextToken: null; leave the member out instead"], problems);
    }

    [Fact]
    public void A_value_outside_the_enum_is_flagged()
    {
        var problems = Ecs.ValidateInput("DescribeServices", Json("""{"services": ["api"], "include": ["TAGS", "NOPE"]}"""));

        Assert.Equal(["$.include[1]: \"NOPE\" is not one of the values of ServiceField (TAGS)"], problems);
    }

    [Fact]
    public void Enum_values_are_case_sensitive()
    {
        var problems = Ecs.ValidateInput("ListServices", Json("""{"launchType": "fargate"}"""));

        Assert.Equal(["$.launchType: \"fargate\" is not one of the values of LaunchType (EC2, FARGATE, EXTERNAL, MANAGED_INSTANCES)"], problems);
        Assert.Empty(Ecs.ValidateInput("ListServices", Json("""{"launchType": "FARGATE"}""")));
    }

    [Fact]
    public void A_list_above_its_max_is_flagged()
    {
        var tags = new JsonArray([.. Enumerable.Range(0, 51).Select(i => new JsonObject { ["key"] = "k" + i, ["value"] = "v" })]);
        var body = new JsonObject { ["resourceArn"] = "arn:aws:ecs:eu-west-1:123456789012:service/prod/api", ["tags"] = tags };

        Assert.Equal(["$.tags: 51 items, above the maximum 50 of Tags"], Ecs.ValidateInput("TagResource", body));
        tags.RemoveAt(0);
        Assert.Empty(Ecs.ValidateInput("TagResource", body));
    }

    [Fact]
    public void GetMetricData_with_a_valid_body_is_valid() =>
        Assert.Empty(CloudWatch.ValidateInput("GetMetricData", Json(ValidGetMetricData)));

    [Fact]
    public void GetMetricData_with_StartTime_as_text_is_invalid()
    {
        var body = Json(ValidGetMetricData);
        body["StartTime"] = "2026-11-30T08:00:00Z";

        var problems = CloudWatch.ValidateInput("GetMetricData", body);

        Assert.Equal(["$.StartTime: expected epoch seconds (a number) for timestamp shape Timestamp, got the string \"2026-11-30T08:00:00Z\""], problems);
    }

    [Fact]
    public void GetMetricData_problems_deep_in_the_body_carry_their_path()
    {
        var body = Json(ValidGetMetricData);
        var stat = body["MetricDataQueries"]![0]!["MetricStat"]!;
        stat["Metric"]!["Dimensions"]![1] = new JsonObject { ["name"] = "ServiceName", ["Value"] = "" };
        stat["Period"] = 0;
        body["metricDataQueries"] = new JsonArray();

        var problems = CloudWatch.ValidateInput("GetMetricData", body);

        Assert.Equal(
            [
                "$.MetricDataQueries[0].MetricStat.Metric.Dimensions[1].name: unknown member; the model spells it \"Name\"",
                "$.MetricDataQueries[0].MetricStat.Metric.Dimensions[1].Value: length 0 is below the minimum 1 of DimensionValue",
                "$.MetricDataQueries[0].MetricStat.Metric.Dimensions[1].Name: missing required member",
                "$.MetricDataQueries[0].MetricStat.Period: 0 is below the minimum 1 of Period",
                "$.metricDataQueries: unknown member; the model spells it \"MetricDataQueries\"",
            ],
            problems);
    }

    [Fact]
    public void GetMetricData_without_its_required_members_is_flagged()
    {
        var problems = CloudWatch.ValidateInput("GetMetricData", Json("""{"MetricDataQueries": [{"MetricStat": {"Metric": {}}}]}"""));

        Assert.Equal(
            [
                "$.MetricDataQueries[0].MetricStat.Period: missing required member",
                "$.MetricDataQueries[0].MetricStat.Stat: missing required member",
                "$.MetricDataQueries[0].Id: missing required member",
                "$.StartTime: missing required member",
                "$.EndTime: missing required member",
            ],
            problems);
    }

    [Fact]
    public void A_metric_with_31_dimensions_is_flagged()
    {
        var body = Json(ValidGetMetricData);
        body["MetricDataQueries"]![0]!["MetricStat"]!["Metric"]!["Dimensions"] =
            new JsonArray([.. Enumerable.Range(0, 31).Select(i => new JsonObject { ["Name"] = "D" + i, ["Value"] = "v" })]);

        Assert.Equal(
            ["$.MetricDataQueries[0].MetricStat.Metric.Dimensions: 31 items, above the maximum 30 of Dimensions"],
            CloudWatch.ValidateInput("GetMetricData", body));
    }

    [Fact]
    public void A_namespace_against_its_pattern_is_flagged()
    {
        var body = Json(ValidGetMetricData);
        body["MetricDataQueries"]![0]!["MetricStat"]!["Metric"]!["Namespace"] = ":";

        Assert.Equal(
            ["$.MetricDataQueries[0].MetricStat.Metric.Namespace: \":\" does not match the pattern [^:].* of Namespace"],
            CloudWatch.ValidateInput("GetMetricData", body));
    }

    [Fact]
    public void Patterns_are_not_anchored()
    {
        // Smithy's pattern trait is not implicitly anchored, so Namespace's [^:].* only asks for one character
        // other than ':' somewhere; ":AWS/ECS" passes the model (whatever CloudWatch itself then makes of it).
        var body = Json(ValidGetMetricData);
        body["MetricDataQueries"]![0]!["MetricStat"]!["Metric"]!["Namespace"] = ":AWS/ECS";

        Assert.Empty(CloudWatch.ValidateInput("GetMetricData", body));
    }

    [Theory]
    [InlineData(0, "$.MaxRecords: 0 is below the minimum 1 of MaxRecords")]
    [InlineData(1, null)]
    [InlineData(100, null)]
    [InlineData(101, "$.MaxRecords: 101 is above the maximum 100 of MaxRecords")]
    public void DescribeAlarms_MaxRecords_is_checked_against_its_range(int maxRecords, string? problem)
    {
        var problems = CloudWatch.ValidateInput("DescribeAlarms", new JsonObject { ["MaxRecords"] = maxRecords, ["StateValue"] = "ALARM" });

        Assert.Equal(problem is null ? [] : [problem], problems);
    }

    [Fact]
    public void An_output_may_leave_out_required_members_and_null_ones()
    {
        var body = Json("""{"taskDefinition": {"family": "api", "containerDefinitions": [{"name": "app", "ulimits": [{"name": "nofile"}]}]}, "tags": null}""");

        Assert.Empty(Ecs.ValidateOutput("DescribeTaskDefinition", body));
    }

    [Fact]
    public void The_same_structure_in_an_input_must_carry_its_required_members()
    {
        var body = Json("""{"family": "api", "containerDefinitions": [{"name": "app", "ulimits": [{"name": "nofile"}]}]}""");

        Assert.Equal(
            [
                "$.containerDefinitions[0].ulimits[0].softLimit: missing required member",
                "$.containerDefinitions[0].ulimits[0].hardLimit: missing required member",
            ],
            Ecs.ValidateInput("RegisterTaskDefinition", body));
    }

    [Fact]
    public void An_output_is_checked_for_unknown_members_types_and_enums()
    {
        var body = Json("""
            {
              "services": [
                { "serviceName": "api", "status": "ACTIVE", "desiredCount": "2", "createdAt": 1795953600.123, "launchType": "LAMBDA", "owner": "team" }
              ],
              "failures": []
            }
            """);

        Assert.Equal(
            [
                "$.services[0].desiredCount: expected an integer for integer shape Integer, got the string \"2\"",
                "$.services[0].launchType: \"LAMBDA\" is not one of the values of LaunchType (EC2, FARGATE, EXTERNAL, MANAGED_INSTANCES)",
                "$.services[0].owner: unknown member",
            ],
            Ecs.ValidateOutput("DescribeServices", body));
    }

    [Fact]
    public void An_output_timestamp_as_iso_text_is_invalid_on_the_wire_but_allowed_for_documentation_examples()
    {
        var body = Json("""{"services": [{"serviceName": "api", "createdAt": "2016-08-29T16:25:52.130Z"}]}""");

        Assert.Equal(
            ["$.services[0].createdAt: expected epoch seconds (a number) for timestamp shape Timestamp, got the string \"2016-08-29T16:25:52.130Z\""],
            Ecs.ValidateOutput("DescribeServices", body));
        Assert.Empty(Ecs.ValidateOutput("DescribeServices", body, AwsValidationOptions.DocumentationExamples));
        body["services"]![0]!["createdAt"] = "yesterday";
        Assert.Single(Ecs.ValidateOutput("DescribeServices", body, AwsValidationOptions.DocumentationExamples));
    }

    [Fact]
    public void An_output_without_a_body_reads_as_an_empty_object() =>
        Assert.Empty(Ecs.ValidateOutput("ListClusters", null));

    // The models in the repository use no locationName, timestampFormat, blob, union or document shape in what the
    // portal calls; a small model of its own proves those rules.

    private static readonly AwsServiceModel Synthetic = AwsServiceModel.Parse("synthetic", """
        {
          "metadata": { "apiVersion": "2020-01-01", "endpointPrefix": "synthetic", "jsonVersion": "1.1", "protocol": "json", "targetPrefix": "Synthetic" },
          "operations": {
            "Put": { "name": "Put", "http": { "method": "POST", "requestUri": "/" }, "input": { "shape": "PutRequest" }, "output": { "shape": "PutResponse" } },
            "Ping": { "name": "Ping", "http": { "method": "POST", "requestUri": "/" } }
          },
          "shapes": {
            "PutRequest": {
              "type": "structure",
              "required": [ "id" ],
              "members": {
                "id": { "shape": "Name", "locationName": "Identifier" },
                "when": { "shape": "IsoTime" },
                "at": { "shape": "Time", "timestampFormat": "iso8601" },
                "epoch": { "shape": "Time" },
                "payload": { "shape": "Data" },
                "choice": { "shape": "Choice" },
                "detail": { "shape": "Detail" },
                "labels": { "shape": "Labels" },
                "ratio": { "shape": "Ratio" },
                "size": { "shape": "Size" }
              }
            },
            "PutResponse": { "type": "structure", "members": { "id": { "shape": "Name", "locationName": "Identifier" }, "choice": { "shape": "Choice" } } },
            "Name": { "type": "string", "min": 1, "max": 2 },
            "IsoTime": { "type": "timestamp", "timestampFormat": "iso8601" },
            "Time": { "type": "timestamp" },
            "Data": { "type": "blob" },
            "Choice": { "type": "structure", "union": true, "members": { "a": { "shape": "Name" }, "b": { "shape": "Name" } } },
            "Detail": { "type": "structure", "members": {}, "document": true },
            "Labels": { "type": "map", "key": { "shape": "LabelKey" }, "value": { "shape": "Name" }, "max": 2 },
            "LabelKey": { "type": "string", "enum": [ "env", "team" ] },
            "Ratio": { "type": "double", "min": 0, "max": 1 },
            "Size": { "type": "long" }
          }
        }
        """);

    [Fact]
    public void A_locationName_is_the_wire_name_of_a_member()
    {
        Assert.Empty(Synthetic.ValidateInput("Put", Json("""{"Identifier": "a"}""")));
        Assert.Equal(
            ["$.id: unknown member", "$.Identifier: missing required member"],
            Synthetic.ValidateInput("Put", Json("""{"id": "a"}""")));
        Assert.Empty(Synthetic.ValidateOutput("Put", Json("""{"Identifier": "a"}""")));
    }

    [Fact]
    public void String_length_counts_code_points()
    {
        Assert.Empty(Synthetic.ValidateInput("Put", Json("""{"Identifier": "😀😀"}""")));
        Assert.Equal(
            ["$.Identifier: length 3 is above the maximum 2 of Name"],
            Synthetic.ValidateInput("Put", Json("""{"Identifier": "abc"}""")));
    }

    [Fact]
    public void A_timestampFormat_of_iso8601_on_the_shape_or_the_member_takes_text_only()
    {
        Assert.Empty(Synthetic.ValidateInput("Put", Json("""{"Identifier": "a", "when": "2026-11-30T08:00:00Z", "at": "2026-11-30T08:00:00.5+01:00", "epoch": 1795953600}""")));
        Assert.Equal(
            [
                "$.when: expected ISO 8601 text (timestampFormat iso8601) for timestamp shape IsoTime, got the number 1795953600",
                "$.at: expected ISO 8601 text (timestampFormat iso8601) for timestamp shape Time, got the string \"30/11/2026\"",
                "$.epoch: expected epoch seconds (a number) for timestamp shape Time, got the string \"2026-11-30T08:00:00Z\"",
            ],
            Synthetic.ValidateInput("Put", Json("""{"Identifier": "a", "when": 1795953600, "at": "30/11/2026", "epoch": "2026-11-30T08:00:00Z"}""")));
    }

    [Fact]
    public void A_blob_is_base64_text()
    {
        Assert.Empty(Synthetic.ValidateInput("Put", Json("""{"Identifier": "a", "payload": "aGVsbG8="}""")));
        Assert.Equal(
            ["$.payload: expected base64 text for blob shape Data, got the string \"not base64!\""],
            Synthetic.ValidateInput("Put", Json("""{"Identifier": "a", "payload": "not base64!"}""")));
    }

    [Fact]
    public void A_union_sets_exactly_one_member()
    {
        Assert.Empty(Synthetic.ValidateInput("Put", Json("""{"Identifier": "a", "choice": {"b": "x"}}""")));
        Assert.Equal(
            ["$.choice: union Choice must set exactly one member, sets 2"],
            Synthetic.ValidateInput("Put", Json("""{"Identifier": "a", "choice": {"a": "x", "b": "y"}}""")));
        Assert.Equal(
            ["$.choice: union Choice must set exactly one member, sets 0"],
            Synthetic.ValidateInput("Put", Json("""{"Identifier": "a", "choice": {}}""")));
    }

    [Fact]
    public void A_union_in_a_response_may_carry_a_type_member()
    {
        Assert.Empty(Synthetic.ValidateOutput("Put", Json("""{"choice": {"__type": "Choice", "a": "x"}}""")));
        Assert.Equal(
            ["$.choice.__type: unknown member"],
            Synthetic.ValidateInput("Put", Json("""{"Identifier": "a", "choice": {"__type": "Choice", "a": "x"}}""")));
    }

    [Fact]
    public void A_document_holds_any_json() =>
        Assert.Empty(Synthetic.ValidateInput("Put", Json("""{"Identifier": "a", "detail": {"anything": [1, "two", {"three": null}]}}""")));

    [Fact]
    public void A_map_checks_its_keys_values_and_size()
    {
        Assert.Empty(Synthetic.ValidateInput("Put", Json("""{"Identifier": "a", "labels": {"env": "p", "team": "ab"}}""")));
        Assert.Equal(
            [
                "$.labels: 3 entries, above the maximum 2 of Labels",
                "$.labels[\"env\"]: length 3 is above the maximum 2 of Name",
                "$.labels[\"owner\"] (key): \"owner\" is not one of the values of LabelKey (env, team)",
                "$.labels[\"team\"]: expected a string for string shape Name, got the number 7",
            ],
            Synthetic.ValidateInput("Put", Json("""{"Identifier": "a", "labels": {"env": "pro", "owner": "x", "team": 7}}""")));
    }

    [Fact]
    public void A_double_checks_its_range_and_takes_the_non_finite_names()
    {
        Assert.Empty(Synthetic.ValidateInput("Put", Json("""{"Identifier": "a", "ratio": 0.25}""")));
        Assert.Empty(Synthetic.ValidateInput("Put", Json("""{"Identifier": "a", "ratio": "NaN"}""")));
        Assert.Equal(
            ["$.ratio: 1.5 is above the maximum 1 of Ratio"],
            Synthetic.ValidateInput("Put", Json("""{"Identifier": "a", "ratio": 1.5}""")));
        Assert.Equal(
            ["$.ratio: expected a number for double shape Ratio, got the string \"half\""],
            Synthetic.ValidateInput("Put", Json("""{"Identifier": "a", "ratio": "half"}""")));
    }

    [Fact]
    public void A_long_takes_64_bit_integers_also_when_built_in_code()
    {
        Assert.Empty(Synthetic.ValidateInput("Put", new JsonObject { ["Identifier"] = "a", ["size"] = 5_000_000_000L }));
        Assert.Equal(
            ["$.size: expected an integer for long shape Size, got the string \"5\""],
            Synthetic.ValidateInput("Put", new JsonObject { ["Identifier"] = "a", ["size"] = "5" }));
    }

    [Fact]
    public void An_operation_without_input_or_output_shape_takes_an_empty_object_only()
    {
        Assert.Empty(Synthetic.ValidateInput("Ping", new JsonObject()));
        Assert.Empty(Synthetic.ValidateOutput("Ping", null));
        Assert.Equal(
            ["$: the operation has no input shape, so the body can only be {}, got an object"],
            Synthetic.ValidateInput("Ping", Json("""{"x": 1}""")));
    }

    private static JsonObject Json(string text) => JsonNode.Parse(text)!.AsObject();
}
