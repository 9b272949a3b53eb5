using Portal.Server.Persistence;
using Portal.Shared.Deployments;

namespace Portal.Server.Deployments;

internal static class DeploymentRecords
{
    public static DeploymentRecord From(Deployment d) => new(
        d.Id, d.Kind, d.Source, d.Actor, d.Environment, d.Cluster, d.Service, d.FromTaskDefinition, d.ToTaskDefinition, d.Image,
        d.Reason, d.Status, d.Outcome, d.EcsDeploymentId, d.RequestedAt, d.UpdatedServiceAt, d.FinishedAt);
}
