namespace Portal.Shared.Access;

/// <summary>
/// Which capabilities each role name carries, and the tag that marks a service as publishable.
/// Bound from configuration section "Access"; a role missing here carries nothing.
/// </summary>
/// <remarks>
/// A fresh instance has no roles on purpose: the configuration binder adds to a dictionary it finds
/// rather than replacing it, so defaults placed here would survive a configuration that meant to
/// drop them. Use <see cref="Default"/> when the section is absent.
/// </remarks>
public sealed class RoleCapabilities
{
    public const string SectionName = "Access";

    public const string DefaultPublishTagKey = "portal:publish";

    public const string DefaultPublishTagValue = "marketing";

    /// <summary>Role name (as in the person's assignments, compared ignoring case) to what it grants.</summary>
    public Dictionary<string, Capability> Roles { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public string PublishTagKey { get; set; } = DefaultPublishTagKey;

    public string PublishTagValue { get; set; } = DefaultPublishTagValue;

    /// <summary>
    /// The Identity Center account (by its name there) whose roles govern portal-wide actions: API
    /// tokens, the audit trail, the environment doctor. Its roles count as the environment
    /// <see cref="PortalWide"/>, which the fleet never shows.
    /// </summary>
    public string OpsAccountName { get; set; } = PortalWide;

    /// <summary>The environment name under which portal-wide actions are decided.</summary>
    public const string PortalWide = "ops";

    /// <summary>The roles of the simulated organization. PortalReadOnly is the portal's own poller role, not a person's.</summary>
    public static RoleCapabilities Default => new()
    {
        Roles = new(StringComparer.OrdinalIgnoreCase)
        {
            ["ReadOnly"] = Capability.View,
            ["Deployer"] = Capability.View | Capability.Deploy,
            ["Publisher"] = Capability.View | Capability.Publish,
            ["Administrator"] = Capability.View | Capability.Publish | Capability.Deploy | Capability.Administer,
        },
    };

    /// <summary>What the role grants; an unknown or missing role name grants nothing.</summary>
    public Capability CapabilitiesOf(string? role)
    {
        if (string.IsNullOrEmpty(role) || Roles is null)
            return Capability.None;
        if (Roles.TryGetValue(role, out var granted))
            return granted;

        // Someone may have replaced the dictionary with one that compares case.
        foreach (var (name, capabilities) in Roles)
        {
            if (string.Equals(name, role, StringComparison.OrdinalIgnoreCase))
                return capabilities;
        }
        return Capability.None;
    }

    /// <summary>Whether a service with these tags carries the publish tag with the publish value (tags compare exactly, as in AWS).</summary>
    public bool IsPublishable(IReadOnlyDictionary<string, string>? serviceTags) =>
        serviceTags is not null
        && !string.IsNullOrEmpty(PublishTagKey)
        && serviceTags.TryGetValue(PublishTagKey, out var value)
        && string.Equals(value, PublishTagValue, StringComparison.Ordinal);

    /// <summary>Every problem with this configuration, each naming its key; empty when it can be used.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        const Capability known = Capability.View | Capability.Publish | Capability.Deploy | Capability.Administer;

        if (Roles is null || Roles.Count == 0)
        {
            problems.Add($"{SectionName}:Roles is empty; map at least one role name to its capabilities ({known})");
        }
        else
        {
            var seen = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var (name, capabilities) in Roles.OrderBy(r => r.Key, StringComparer.Ordinal))
            {
                if (string.IsNullOrWhiteSpace(name))
                {
                    problems.Add($"{SectionName}:Roles has a role with a blank name");
                    continue;
                }
                if (seen.TryGetValue(name, out var earlier))
                    problems.Add($"{SectionName}:Roles:{earlier} and {SectionName}:Roles:{name} differ only in case; role names are compared ignoring case");
                else
                    seen.Add(name, name);

                var key = $"{SectionName}:Roles:{name}";
                if ((capabilities & ~known) != Capability.None)
                    problems.Add($"{key} has unknown capability bits ({(int)(capabilities & ~known)}); use {known}");
                else if (capabilities == Capability.None)
                    problems.Add($"{key} has no capabilities");
                else if (!capabilities.HasFlag(Capability.View))
                    problems.Add($"{key} grants {capabilities} but not View; a role that cannot see an environment cannot act in it");
            }
        }

        if (string.IsNullOrWhiteSpace(PublishTagKey))
            problems.Add($"{SectionName}:PublishTagKey is empty; it names the service tag that allows publishing");
        if (string.IsNullOrWhiteSpace(PublishTagValue))
            problems.Add($"{SectionName}:PublishTagValue is empty; it is the value of {SectionName}:PublishTagKey that allows publishing");

        return problems;
    }
}
