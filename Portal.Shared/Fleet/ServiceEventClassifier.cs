namespace Portal.Shared.Fleet;

/// <summary>Reads an ECS service event message and says what kind of event it is.</summary>
public static class ServiceEventClassifier
{
    public static ServiceEventClass Classify(string message)
    {
        throw new NotImplementedException();
    }
}
