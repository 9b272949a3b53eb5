namespace Portal.Server.Tests.Aws;

/// <summary>The validator agrees with AWS's own documentation examples of ECS.</summary>
public class AwsExamplesTests
{
    private static readonly AwsServiceModel Ecs = AwsServiceModel.Load("ecs");

    public static TheoryData<string, int> EcsExamples()
    {
        var data = new TheoryData<string, int>();
        foreach (var example in AwsExamples.All("ecs"))
        {
            data.Add(example.Operation, example.Index);
        }

        return data;
    }

    [Fact]
    public void The_ecs_examples_are_all_read()
    {
        var examples = AwsExamples.All("ecs");

        Assert.Equal(34, examples.Count);
        Assert.Equal(26, examples.Select(example => example.Operation).Distinct().Count());
        Assert.All(examples, example => Assert.NotNull(example.Input));
        Assert.All(examples, example => Assert.NotNull(example.Output));
    }

    [Theory]
    [MemberData(nameof(EcsExamples))]
    public void Every_ecs_example_input_is_a_valid_request(string operation, int index) =>
        Assert.Empty(Ecs.ValidateInput(operation, AwsExamples.Input("ecs", operation, index)));

    // The examples write timestamps as ISO 8601 text for their readers ("createdAt": "2016-08-29T16:25:52.130Z"),
    // where ECS answers with epoch seconds, so outputs are checked with the documentation allowance for that and
    // nothing else.
    [Theory]
    [MemberData(nameof(EcsExamples))]
    public void Every_ecs_example_output_is_a_valid_response(string operation, int index) =>
        Assert.Empty(Ecs.ValidateOutput(operation, AwsExamples.Output("ecs", operation, index), AwsValidationOptions.DocumentationExamples));

    [Fact]
    public void Iso_timestamps_are_all_that_keeps_the_example_outputs_from_the_wire_rules()
    {
        var problems = AwsExamples.All("ecs")
            .SelectMany(example => Ecs.ValidateOutput(example.Operation, example.Output))
            .ToList();

        Assert.NotEmpty(problems);
        Assert.All(problems, problem => Assert.Contains("expected epoch seconds (a number) for timestamp shape Timestamp, got the string", problem, StringComparison.Ordinal));
    }

    [Fact]
    public void Output_returns_the_example_output_of_an_operation()
    {
        var output = AwsExamples.Output("ecs", "ListClusters");

        Assert.Equal(
            ["arn:aws:ecs:us-east-1:<aws_account_id>:cluster/test", "arn:aws:ecs:us-east-1:<aws_account_id>:cluster/default"],
            output["clusterArns"]!.AsArray().Select(arn => arn!.GetValue<string>()));
    }

    [Fact]
    public void Output_returns_a_fresh_copy_each_time()
    {
        AwsExamples.Output("ecs", "ListClusters")["clusterArns"]!.AsArray().Clear();

        Assert.Equal(2, AwsExamples.Output("ecs", "ListClusters")["clusterArns"]!.AsArray().Count);
    }

    [Fact]
    public void Output_picks_the_example_by_index()
    {
        var examples = AwsExamples.All("ecs").Where(example => example.Operation == "ListTasks").ToList();
        Assert.True(examples.Count > 1);

        Assert.Equal(examples[1].Output!.ToJsonString(), AwsExamples.Output("ecs", "ListTasks", 1).ToJsonString());
        Assert.Throws<ArgumentOutOfRangeException>(() => AwsExamples.Output("ecs", "ListTasks", examples.Count));
    }

    [Fact]
    public void Output_of_an_operation_without_examples_is_an_error_naming_it()
    {
        var error = Assert.Throws<KeyNotFoundException>(() => AwsExamples.Output("ecs", "DescribeServiceDeployments"));

        Assert.Contains("DescribeServiceDeployments", error.Message, StringComparison.Ordinal);
    }
}
